package dev.secretkit.spi;

import dev.secretkit.SecretVersion;
import java.util.Objects;
import java.util.Optional;

/**
 * One retained version in a {@link SecretEnvelope}'s history: the SecretKit version, and the
 * backend's own name for the place that holds its values (an AWS VersionId, a Vault version
 * number), when the store needs one. Made with {@link #of}; immutable.
 */
public final class VersionEntry {
  private final SecretVersion version;
  private final String ref;

  private VersionEntry(SecretVersion version, String ref) {
    this.version = version;
    this.ref = ref;
  }

  /**
   * Returns an entry.
   *
   * @param version the SecretKit version
   * @param ref the backend's name for the place holding its values, or null when the store needs none
   */
  public static VersionEntry of(SecretVersion version, String ref) {
    return new VersionEntry(Objects.requireNonNull(version, "version"), ref);
  }

  /** Returns the SecretKit version. */
  public SecretVersion version() {
    return version;
  }

  /** Returns the backend's name for the place holding the values, when the store keeps one. */
  public Optional<String> ref() {
    return Optional.ofNullable(ref);
  }

  /** Returns a copy that names another place for the same version. */
  public VersionEntry withRef(String newRef) {
    return new VersionEntry(version, newRef);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VersionEntry that && version.equals(that.version) && Objects.equals(ref, that.ref);
  }

  @Override
  public int hashCode() {
    return Objects.hash(version, ref);
  }

  @Override
  public String toString() {
    return "VersionEntry[" + version.number() + (ref == null ? "" : " at " + ref) + "]";
  }
}
