package dev.secretkit;

import java.util.List;
import java.util.Objects;

/**
 * Thrown when a write cannot go ahead without losing someone's work: the name is taken, the
 * secret changed since it was read, or other resources depend on it. Nothing was written.
 *
 * <p>{@link #reason()} says which. A {@link Reason#CHANGED} conflict is worth retrying after
 * reading the secret again; the others need a decision by the caller.
 */
public class ConflictException extends SecretException {
  private static final long serialVersionUID = 1L;

  /** Why the write was refused. */
  public enum Reason {
    /** A create found the secret already there. */
    EXISTS,
    /** An update or delete found a revision other than the one it read: someone else wrote first. */
    CHANGED,
    /** A delete found dependents; delete them first, or delete with force. */
    IN_USE
  }

  private final Reason reason;
  private final SecretId id;
  private final List<String> dependents;

  private ConflictException(Reason reason, SecretId id, String store, List<String> dependents, String message,
      Throwable cause) {
    super(message, id.toString(), store, cause);
    this.reason = reason;
    this.id = id;
    this.dependents = List.copyOf(dependents);
  }

  /** Returns the conflict of a create that found {@code id} already in {@code store}. */
  public static ConflictException exists(SecretId id, String store) {
    return exists(id, store, null);
  }

  /** Returns the conflict of a create that found {@code id} already in {@code store}, with the store's own error. */
  public static ConflictException exists(SecretId id, String store, Throwable cause) {
    return new ConflictException(Reason.EXISTS, id, store, List.of(),
        "secret " + id + " already exists in store " + store, cause);
  }

  /** Returns the conflict of a write that found {@code id} changed in {@code store} since it was read. */
  public static ConflictException changed(SecretId id, String store) {
    return changed(id, store, null);
  }

  /**
   * Returns the conflict of a write that found {@code id} changed in {@code store} since it was
   * read, with the store's own error.
   */
  public static ConflictException changed(SecretId id, String store, Throwable cause) {
    return new ConflictException(Reason.CHANGED, id, store, List.of(), "secret " + id + " was changed in store " + store
        + " by another writer since it was read; nothing was written; read it again and retry", cause);
  }

  /**
   * Returns the conflict of a delete of {@code id} while {@code dependents} depend on it, with
   * DataOS's message: {@code cannot delete secret public:pg-r: it is a dependency of depot:v2alpha:sales}.
   */
  public static ConflictException inUse(SecretId id, List<String> dependents) {
    Objects.requireNonNull(dependents, "dependents");
    return new ConflictException(Reason.IN_USE, id, null, dependents, "cannot delete secret " + id
        + ": it is a dependency of " + String.join(", ", dependents)
        + "; delete or re-point the dependents first, or delete with force", null);
  }

  /** Returns why the write was refused. */
  public Reason reason() {
    return reason;
  }

  /** Returns the secret. */
  public SecretId id() {
    return id;
  }

  /** Returns the dependents that blocked a delete, or an empty list. */
  public List<String> dependents() {
    return dependents;
  }
}
