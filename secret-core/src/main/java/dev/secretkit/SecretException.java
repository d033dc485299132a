package dev.secretkit;

import java.util.Optional;

/**
 * The root of every exception SecretKit throws on purpose; its message names secrets, keys,
 * manifest paths and stores, and never contains a secret value.
 *
 * <p>Subtypes exist only where a caller reacts differently, and {@link #isRetryable()} says the
 * one thing every caller needs: whether the same call may succeed later without anyone changing
 * anything. Third-party errors are kept as the cause, never copied into the message. Misuse of
 * the API throws the JDK's own {@link NullPointerException}, {@link IllegalArgumentException} or
 * {@link IllegalStateException} instead.
 */
public abstract class SecretException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String secret;
  private final String store;

  /** Creates an exception about no secret in particular; the message must not contain a secret value. */
  protected SecretException(String message) {
    this(message, null, null, null);
  }

  /** Creates an exception about no secret in particular, with its cause; the message must not contain a value. */
  protected SecretException(String message, Throwable cause) {
    this(message, null, null, cause);
  }

  /**
   * Creates an exception about {@code secret} in {@code store}.
   *
   * @param message what happened and what to do, never a secret value
   * @param secret the secret's id or reference, or null when the failure concerns none
   * @param store the store's description, without credentials, or null when no store is involved
   * @param cause the underlying error, or null
   */
  protected SecretException(String message, String secret, String store, Throwable cause) {
    super(message, cause);
    this.secret = secret;
    this.store = store;
  }

  /** Returns the secret's id or reference, when the failure concerns one. */
  public Optional<String> secretId() {
    return Optional.ofNullable(secret);
  }

  /** Returns the description of the store involved, without credentials, when one was. */
  public Optional<String> storeDescription() {
    return Optional.ofNullable(store);
  }

  /**
   * Returns whether the same call may succeed later with nothing changed by anyone: true only
   * for transient faults of a store (see {@link StoreUnavailableException}).
   */
  public boolean isRetryable() {
    return false;
  }
}
