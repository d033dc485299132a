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
 * metadata) and is never reused, not even after a delete and re-create. Instances are immutable,
 * made with {@link #of}, so that the type can grow without breaking stores built against it.
 * {@link #toString()} names no value.
 */
public final class StoredSecret {
  private final SecretHead head;
  private final SecretVersion version;
  private final Map<String, SecretValue> values;

  private StoredSecret(SecretHead head, SecretVersion version, Map<String, SecretValue> values) {
    this.head = head;
    this.version = version;
    this.values = values;
  }

  /**
   * Returns a stored secret.
   *
   * @param id the secret's id
   * @param revision the store's token for the secret's current state
   * @param version the version of these values
   * @param metadata the secret's current metadata
   * @param values the values of this version, by key, in the order they were written; copied as a map, not cloned
   */
  public static StoredSecret of(SecretId id, String revision, SecretVersion version, SecretMetadata metadata,
      Map<String, SecretValue> values) {
    Objects.requireNonNull(version, "version");
    Map<String, SecretValue> copy = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    return new StoredSecret(SecretHead.of(id, revision, version, metadata, List.copyOf(copy.keySet())), version,
        copy);
  }

  /** Returns the secret's id. */
  public SecretId id() {
    return head.id();
  }

  /** Returns the store's token for the secret's current state. */
  public String revision() {
    return head.revision();
  }

  /** Returns the version of these values. */
  public SecretVersion version() {
    return version;
  }

  /** Returns the secret's current metadata. */
  public SecretMetadata metadata() {
    return head.metadata();
  }

  /** Returns the values of this version, by key, in the order they were written. */
  public Map<String, SecretValue> values() {
    return values;
  }

  /** Returns this as a {@link Secret}, for an application. */
  public Secret toSecret() {
    return new Secret(id(), version, metadata(), values);
  }

  /** Returns this as a {@link SecretSummary}, without values. */
  public SecretSummary summary() {
    return new SecretSummary(id(), version, metadata(), List.copyOf(values.keySet()));
  }

  /**
   * Returns what a {@link SecretStore#head} of the secret answers, when these values are of its
   * latest version.
   */
  public SecretHead head() {
    return head;
  }

  /** Returns whether {@code other} holds the same id, revision, version, metadata and values. */
  @Override
  public boolean equals(Object other) {
    return other instanceof StoredSecret that && head.equals(that.head) && version.equals(that.version)
        && values.equals(that.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(head, version);
  }

  /** Returns the id, revision, version and keys; never a value. */
  @Override
  public String toString() {
    return "StoredSecret[" + id() + ", revision=" + revision() + ", version=" + version.number() + ", keys="
        + values.keySet() + "]";
  }
}
