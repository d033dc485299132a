package dev.secretkit;

/**
 * Thrown when a client or store cannot be set up as configured: an unknown store type, a bad
 * store URI, two providers of one type, a provider that failed to load, or a missing or wrong
 * master key. The message says what is wrong and what to do; it never holds a credential.
 */
public class ConfigurationException extends SecretException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message must hold no credential. */
  public ConfigurationException(String message) {
    super(message);
  }

  /** Creates the exception with its cause; the message must hold no credential. */
  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
