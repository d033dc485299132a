package dev.secretkit;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of a secret's values: its number, when it was written, and by whom.
 *
 * @param number the version number, from 1, increasing by one with each change of values
 * @param createdAt when the version was written
 * @param createdBy who wrote it, or null when the store cannot record authors per version
 */
public record SecretVersion(long number, Instant createdAt, String createdBy) {

  /** Checks that the number is at least 1 and the time is set. */
  public SecretVersion {
    if (number < 1) {
      throw new IllegalArgumentException("version numbers start at 1");
    }
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
