package dev.secretkit.client;

import dev.secretkit.SecretDataException;
import java.util.function.Consumer;

/**
 * What a listing does by default with a secret it cannot read: it logs a warning that says which
 * and why, never a value.
 */
final class UnreadableSecrets {
  private static final System.Logger LOGGER = System.getLogger(SecretClient.class.getName());

  /** Logs each unreadable secret at WARNING; a {@link SecretDataException}'s message holds no value. */
  static final Consumer<SecretDataException> LOG = e -> LOGGER.log(System.Logger.Level.WARNING,
      () -> "a listing left out a secret it cannot read: " + e.getMessage());

  private UnreadableSecrets() {
  }
}
