package dev.secretkit.cli;

import dev.secretkit.Secret;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretNotFoundException;
import dev.secretkit.SecretValue;
import dev.secretkit.SecretVersion;
import dev.secretkit.client.SecretClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything a client reads of one secret except times, with every value of every version as a fingerprint
 * (never the value), so that two states compare exactly and an assertion message prints no value. It is read
 * through the public {@link SecretClient} only, so it stays the same whatever a store keeps on disk.
 *
 * @param versions the number of every version the store keeps, oldest first, with its author
 * @param values for each of those versions, then for the latest as {@code get(id)} reads it, its keys with the
 *     SHA-256 fingerprint of each value
 * @param kind the manifest's {@code type}
 * @param manifestVersion the manifest's {@code version}
 * @param secretType the secret section's type
 * @param acl the manifest's {@code acl}, or null
 * @param owner the owner
 * @param tags the tags
 * @param description the description
 * @param grants each grant as {@code principal:permission}, in order
 * @param dependents the dependents
 * @param createdBy who created the secret
 * @param updatedBy who last changed it
 */
record SecretState(List<String> versions, List<Map<String, String>> values, String kind, String manifestVersion,
    String secretType, String acl, String owner, List<String> tags, String description, List<String> grants,
    List<String> dependents, String createdBy, String updatedBy) {

  /**
   * Reads the state of {@code id} through {@code client}, which must be allowed to use it; empty when there is
   * no such secret.
   *
   * @throws dev.secretkit.SecretException for anything else the store says, such as a record it cannot read
   */
  static Optional<SecretState> read(SecretClient client, SecretId id) {
    List<SecretVersion> versions;
    try {
      versions = client.versions(id);
    } catch (SecretNotFoundException e) {
      return Optional.empty();
    }
    List<Map<String, String>> values = new ArrayList<>();
    for (SecretVersion version : versions) {
      values.add(fingerprints(client.get(id, version.number())));
    }
    Secret latest = client.get(id);
    values.add(fingerprints(latest));
    SecretMetadata metadata = latest.metadata();
    List<String> numbers = versions.stream().map(v -> v.number() + " by " + v.createdBy()).toList();
    return Optional.of(new SecretState(numbers, values, metadata.kind(), metadata.manifestVersion(),
        metadata.secretType(), metadata.acl(), metadata.owner(), metadata.tags(), metadata.description(),
        metadata.grants().stream().map(g -> g.principal() + ":" + g.permission().label()).toList(),
        metadata.dependents(), metadata.createdBy(), metadata.updatedBy()));
  }

  /** Returns the fingerprint of {@code value}'s UTF-8 bytes, as {@link #values} holds it. */
  static String fingerprint(String value) {
    return fingerprint(value.getBytes(StandardCharsets.UTF_8));
  }

  /** Returns the number of the latest version. */
  long latest() {
    String last = versions.get(versions.size() - 1);
    return Long.parseLong(last.substring(0, last.indexOf(' ')));
  }

  /** Returns the fingerprints of the latest version's values, by key (the last of {@link #values}). */
  Map<String, String> latestValues() {
    return values.get(values.size() - 1);
  }

  /** Returns the fingerprints of {@code secret}'s values by key, and wipes the values. */
  private static Map<String, String> fingerprints(Secret secret) {
    Map<String, String> fingerprints = new TreeMap<>();
    for (Map.Entry<String, SecretValue> entry : secret.values().entrySet()) {
      fingerprints.put(entry.getKey(), fingerprint(entry.getValue().bytes()));
      entry.getValue().destroy();
    }
    return fingerprints;
  }

  private static String fingerprint(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
