package dev.secretkit;

/**
 * Thrown when the client has no usable credentials for a store: none where the store looks for
 * them, or a profile, file or role that was named but gives none. Nothing was sent to the store,
 * so the fix is the client's own setup, not a retry and not a grant.
 *
 * <p>The message names the store, every place it looked and what it found missing there; it
 * never holds a credential.
 */
public class CredentialsException extends ConfigurationException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message where the store looked and what was missing, with no credential
   * @param cause the credential library's own error, or null; it must not hold a credential either
   */
  public CredentialsException(String message, Throwable cause) {
    super(message, cause);
  }
}
