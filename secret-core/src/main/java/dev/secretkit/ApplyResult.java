package dev.secretkit;

import dev.secretkit.client.SecretClient;
import java.util.Objects;

/**
 * What one {@link SecretClient#apply} did to one secret.
 *
 * @param id the secret's id
 * @param outcome created, updated or unchanged
 * @param version the latest version after the apply
 */
public record ApplyResult(SecretId id, Outcome outcome, long version) {

  /** What an apply did. */
  public enum Outcome {
    /** The secret did not exist; version 1 was written. */
    CREATED,
    /** The values changed, so a new version was written, or only metadata changed, in place. */
    UPDATED,
    /** Nothing differed; nothing was written. */
    UNCHANGED;

    /** Returns the word the CLI prints, such as {@code created}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Checks every part. */
  public ApplyResult {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(outcome, "outcome");
  }
}
