package dev.secretkit;

/**
 * Thrown when text meant as a secret id, reference, scope, name or key breaks its grammar, such as
 * a {@code secretctl resolve} argument or a {@code SecretRef.parse} input.
 *
 * <p>The message says which part is wrong and what is expected; it never repeats the text, which
 * may be a value typed by mistake. Permanent: the same text fails the same way.
 */
public class InvalidReferenceException extends SecretException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message must not repeat the offending text. */
  public InvalidReferenceException(String message) {
    super(message);
  }
}
