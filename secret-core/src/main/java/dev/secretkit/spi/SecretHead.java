package dev.secretkit.spi;

import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretSummary;
import dev.secretkit.SecretVersion;
import java.util.List;
import java.util.Objects;

/**
 * What a store knows of a secret without its values: the revision a write must name, the latest
 * version, the metadata and the key names.
 *
 * <p>It is what {@link SecretStore#head} returns, the cheapest read that is still the truth:
 * deletes, grants, revokes and dependents decide on it. Instances are immutable, made with
 * {@link #of}, so that the type can grow without breaking stores built against it.
 */
public final class SecretHead {
  private final SecretId id;
  private final String revision;
  private final SecretVersion latest;
  private final SecretMetadata metadata;
  private final List<String> keys;

  private SecretHead(SecretId id, String revision, SecretVersion latest, SecretMetadata metadata, List<String> keys) {
    this.id = id;
    this.revision = revision;
    this.latest = latest;
    this.metadata = metadata;
    this.keys = keys;
  }

  /**
   * Returns a head.
   *
   * @param id the secret's id
   * @param revision the store's token for the secret's current state
   * @param latest the latest version
   * @param metadata the secret's current metadata
   * @param keys the key names of the latest version, in the order they were written
   */
  public static SecretHead of(SecretId id, String revision, SecretVersion latest, SecretMetadata metadata,
      List<String> keys) {
    return new SecretHead(Objects.requireNonNull(id, "id"), Objects.requireNonNull(revision, "revision"),
        Objects.requireNonNull(latest, "latest"), Objects.requireNonNull(metadata, "metadata"), List.copyOf(keys));
  }

  /** Returns the secret's id. */
  public SecretId id() {
    return id;
  }

  /** Returns the store's token for the secret's current state; a write names it to succeed. */
  public String revision() {
    return revision;
  }

  /** Returns the latest version. */
  public SecretVersion latest() {
    return latest;
  }

  /** Returns the secret's current metadata. */
  public SecretMetadata metadata() {
    return metadata;
  }

  /** Returns the key names of the latest version, in the order they were written. */
  public List<String> keys() {
    return keys;
  }

  /** Returns this as a {@link SecretSummary}, for a listing. */
  public SecretSummary summary() {
    return new SecretSummary(id, latest, metadata, keys);
  }

  /** Returns whether {@code other} holds the same id, revision, version, metadata and keys. */
  @Override
  public boolean equals(Object other) {
    return other instanceof SecretHead that && id.equals(that.id) && revision.equals(that.revision)
        && latest.equals(that.latest) && metadata.equals(that.metadata) && keys.equals(that.keys);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, revision, latest);
  }

  @Override
  public String toString() {
    return "SecretHead[" + id + ", revision=" + revision + ", version=" + latest.number() + ", keys=" + keys + "]";
  }
}
