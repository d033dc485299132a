package dev.secretkit;

/**
 * The root of every exception SecretKit throws on purpose; its message names secrets, keys,
 * manifest paths and stores, and never contains a secret value.
 *
 * <p>Subtypes exist only where a caller reacts differently. Misuse of the API throws the JDK's
 * own {@link NullPointerException}, {@link IllegalArgumentException} or
 * {@link IllegalStateException} instead.
 */
public class SecretException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that must not contain a secret value. */
  public SecretException(String message) {
    super(message);
  }

  /** Creates an exception with a message that must not contain a secret value, and its cause. */
  public SecretException(String message, Throwable cause) {
    super(message, cause);
  }
}
