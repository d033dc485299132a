package dev.secretkit;

import java.util.Objects;

/**
 * Thrown when a secret, a version of it, or a key in it does not exist in the store.
 *
 * <p>The message names the reference and the store; {@link #missing()} says which part was
 * absent, so a caller can tell "no such secret" from "no such key".
 */
public class SecretNotFoundException extends SecretException {
  private static final long serialVersionUID = 1L;

  /** What was not found. */
  public enum Missing {
    /** The secret itself: no version of it exists. */
    SECRET,
    /** The pinned version; the secret exists. */
    VERSION,
    /** The key; the secret and version exist. */
    KEY,
    /** The store itself: it does not exist yet (see {@link dev.secretkit.spi.SecretStore#absence()}). */
    STORE
  }

  private final Missing missing;
  private final String ref;
  private final String store;

  /**
   * Creates the exception.
   *
   * @param missing what was not found
   * @param ref the reference or id that was looked up, such as {@code public:pg-r#password}
   * @param store the store's description, without credentials, or null when not known
   * @param detail more words for the message, such as the keys that do exist, or empty
   */
  public SecretNotFoundException(Missing missing, String ref, String store, String detail) {
    this(missing, ref, store, detail, null);
  }

  /**
   * Creates the exception with a cause: the same lookup reported again with more detail, such as
   * the names it may have meant.
   *
   * @param missing what was not found
   * @param ref the reference or id that was looked up, such as {@code public:pg-r#password}
   * @param store the store's description, without credentials, or null when not known
   * @param detail more words for the message, or empty
   * @param cause the exception first thrown, or null
   */
  public SecretNotFoundException(Missing missing, String ref, String store, String detail, Throwable cause) {
    super(describe(missing, ref, store, detail), ref, store, cause);
    this.missing = missing;
    this.ref = ref;
    this.store = store;
  }

  /** Returns what was not found. */
  public Missing missing() {
    return missing;
  }

  /** Returns the reference or id that was looked up. */
  public String ref() {
    return ref;
  }

  /** Returns the store's description, or null when not known. */
  public String store() {
    return store;
  }

  private static String describe(Missing missing, String ref, String store, String detail) {
    Objects.requireNonNull(missing, "missing");
    String what = switch (missing) {
      case SECRET -> "secret";
      case VERSION -> "version";
      case KEY -> "key";
      case STORE -> "store";
    };
    String text = missing == Missing.STORE ? "store not found: " + store + (ref == null ? "" : ", looking up " + ref)
        : what + " not found: " + ref + (store == null ? "" : " in store " + store);
    return detail == null || detail.isEmpty() ? text : text + "; " + detail;
  }
}
