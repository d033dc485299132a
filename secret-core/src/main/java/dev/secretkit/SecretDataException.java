package dev.secretkit;

/**
 * Thrown when a store holds a record SecretKit cannot read: corrupted, truncated, written by
 * another tool, or in a format this version does not know. Permanent: retrying reads the same
 * bytes.
 *
 * <p>The message names the secret and the store and says what to do: restore the record from a
 * backup, or remove it with a forced delete, which works on such a record. It never quotes the
 * record, which may hold values.
 */
public class SecretDataException extends SecretException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param secret the secret whose record cannot be read, or the store's location when no secret is known
   * @param store the store's description, without credentials
   * @param detail what is wrong with the record, never its content
   * @param cause the decoder's error, or null; it must not quote the record either
   */
  public SecretDataException(String secret, String store, String detail, Throwable cause) {
    super("cannot read secret " + secret + " in store " + store + ": " + detail
        + "; restore it from a backup, or remove it with a forced delete", secret, store, cause);
  }
}
