package dev.secretkit.spi;

import dev.secretkit.Secret;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretSummary;
import dev.secretkit.SecretValue;
import dev.secretkit.SecretVersion;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One version of a secret as a store holds it: values, metadata, and the revision a later write
 * must name to succeed.
 *
 * <p>The revision is an opaque token that changes with every write to the secret (values or
 * metadata) and is never reused, not even after a delete and re-create. Instances are immutable.
 *
 * @param id the secret's id
 * @param revision the store's token for the secret's current state
 * @param version the version of these values
 * @param metadata the secret's current metadata
 * @param values the values of this version, by key, in the order they were written
 */
public record StoredSecret(
    SecretId id, String revision, SecretVersion version, SecretMetadata metadata, Map<String, SecretValue> values) {

  /** Checks every part and copies the values, keeping their order. */
  public StoredSecret {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(metadata, "metadata");
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** Returns this as a {@link Secret}, for an application. */
  public Secret toSecret() {
    return new Secret(id, version, metadata, values);
  }

  /** Returns this as a {@link SecretSummary}, without values. */
  public SecretSummary summary() {
    return new SecretSummary(id, version, metadata, List.copyOf(values.keySet()));
  }
}
