package dev.secretkit.client;

import dev.secretkit.SecretException;
import dev.secretkit.SecretValue;
import java.util.Objects;
import java.util.Optional;

/**
 * A resolved value with how current it is: the version it came from, and whether it was served
 * stale because the store failed transiently when the cache last asked it.
 *
 * <p>A stale resolution holds the failure that made it stale; {@link #toString()} names neither
 * the value nor anything of the failure beyond its type. Instances are immutable; the value is the
 * caller's, to destroy when done.
 *
 * @param value the value, a fresh copy
 * @param version the version of the secret the value belongs to
 * @param stale whether the value outlived its time-to-live because the store could not be reached
 * @param failure the transient failure that made it stale; empty when it is not stale
 */
public record Resolution(SecretValue value, long version, boolean stale, Optional<SecretException> failure) {

  /** Checks that a stale resolution, and only one, has its failure. */
  public Resolution {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(failure, "failure");
    if (stale != failure.isPresent()) {
      throw new IllegalArgumentException("a stale resolution, and only one, holds its failure");
    }
  }

  @Override
  public String toString() {
    return "Resolution[version=" + version + (stale ? ", stale after " + failure.get().getClass().getSimpleName()
        : "") + "]";
  }
}
