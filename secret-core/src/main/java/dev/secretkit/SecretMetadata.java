package dev.secretkit;

import dev.secretkit.access.Grant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything a store keeps about a secret besides its values: what the manifest said, who owns
 * it, who may use it, what depends on it, and when it last changed.
 *
 * <p>Changing metadata alone (a grant, a dependent, new tags) does not make a new version; a
 * change of values does. Instances are immutable; lists are copied, grants keep their order
 * without duplicates, and dependents are sorted without duplicates.
 *
 * @param kind the manifest's {@code type}: {@code secret} or {@code instance-secret}
 * @param manifestVersion the manifest's {@code version}: {@code v1} or {@code v2alpha}
 * @param secretType the secret section's type, such as {@code key-value-properties}
 * @param acl {@code r}, {@code rw}, or null when the manifest set none
 * @param owner the owning principal's id
 * @param tags the manifest's tags, in order
 * @param description the manifest's description, or null
 * @param layer the manifest's layer, or null
 * @param grants the permissions granted on this secret
 * @param dependents the resources that depend on this secret, each {@code kind:version:name}
 * @param createdAt when the secret was created
 * @param createdBy who created it
 * @param updatedAt when anything about it last changed
 * @param updatedBy who made that change
 * @param fileNames for each key that came from the manifest's {@code files:}, the file's name
 *     (without directories), which projections use to name files; empty when none did
 */
public record SecretMetadata(
    String kind,
    String manifestVersion,
    String secretType,
    String acl,
    String owner,
    List<String> tags,
    String description,
    String layer,
    List<Grant> grants,
    List<String> dependents,
    Instant createdAt,
    String createdBy,
    Instant updatedAt,
    String updatedBy,
    Map<String, String> fileNames) {

  /** Checks the required parts and copies the lists. */
  public SecretMetadata {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(manifestVersion, "manifestVersion");
    Objects.requireNonNull(secretType, "secretType");
    Objects.requireNonNull(owner, "owner");
    tags = List.copyOf(tags);
    grants = List.copyOf(new ArrayList<>(new LinkedHashSet<>(grants)));
    dependents = List.copyOf(new TreeSet<>(dependents));
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(updatedBy, "updatedBy");
    fileNames = Collections.unmodifiableMap(new TreeMap<>(fileNames));
  }

  /** Creates metadata for a secret none of whose keys came from files. */
  public SecretMetadata(String kind, String manifestVersion, String secretType, String acl, String owner,
      List<String> tags, String description, String layer, List<Grant> grants, List<String> dependents,
      Instant createdAt, String createdBy, Instant updatedAt, String updatedBy) {
    this(kind, manifestVersion, secretType, acl, owner, tags, description, layer, grants, dependents, createdAt,
        createdBy, updatedAt, updatedBy, Map.of());
  }

  /** Returns a copy with other grants. */
  public SecretMetadata withGrants(List<Grant> newGrants) {
    return new SecretMetadata(kind, manifestVersion, secretType, acl, owner, tags, description, layer, newGrants,
        dependents, createdAt, createdBy, updatedAt, updatedBy, fileNames);
  }

  /** Returns a copy with other dependents. */
  public SecretMetadata withDependents(List<String> newDependents) {
    return new SecretMetadata(kind, manifestVersion, secretType, acl, owner, tags, description, layer, grants,
        newDependents, createdAt, createdBy, updatedAt, updatedBy, fileNames);
  }

  /** Returns a copy that records a change by {@code principal} at {@code time}. */
  public SecretMetadata touchedBy(String principal, Instant time) {
    return new SecretMetadata(kind, manifestVersion, secretType, acl, owner, tags, description, layer, grants,
        dependents, createdAt, createdBy, time, principal, fileNames);
  }

  /**
   * Returns whether the fields a manifest sets (kind, versions, type, acl, owner, tags,
   * description, layer, file names) equal those of {@code other}; grants, dependents and times
   * are ignored.
   */
  public boolean sameManifestFields(SecretMetadata other) {
    return kind.equals(other.kind)
        && manifestVersion.equals(other.manifestVersion)
        && secretType.equals(other.secretType)
        && Objects.equals(acl, other.acl)
        && owner.equals(other.owner)
        && tags.equals(other.tags)
        && Objects.equals(description, other.description)
        && Objects.equals(layer, other.layer)
        && fileNames.equals(other.fileNames);
  }
}
