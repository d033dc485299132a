package dev.secretkit.client;

import dev.secretkit.SecretException;

/**
 * Hears what a {@linkplain SecretResolver#watch watch} sees: a change of the values of the secret it
 * watches, and failures to look. Called on the client's watch thread, one call at a time per
 * client; a listener should return quickly (hand slow work to its own executor). An exception it
 * throws is dropped and does not stop the watch.
 */
@FunctionalInterface
public interface SecretListener {

  /** Called when the watched values changed; {@code change} names the keys, never a value. */
  void changed(SecretChange change);

  /**
   * Called when a look at the secret fails after the one before did not, or failed otherwise
   * (a transient failure, then a deletion): the secret was deleted
   * ({@link dev.secretkit.SecretNotFoundException}), access was revoked
   * ({@link dev.secretkit.AccessDeniedException}), or the store failed and no value could be
   * served stale. A change is reported again when the secret comes back. Does nothing by default.
   */
  default void failed(SecretException error) {
  }
}
