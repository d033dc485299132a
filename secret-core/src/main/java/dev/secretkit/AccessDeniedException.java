package dev.secretkit;

import dev.secretkit.access.Operation;
import dev.secretkit.access.Principal;
import java.util.Objects;

/**
 * Thrown when the acting principal may not perform an operation on a secret, or when the store
 * itself refuses the client's credentials.
 *
 * <p>The message names the principal, the secret, the operation and what it needs. Not to be
 * confused with {@link java.nio.file.AccessDeniedException}, which is about files.
 */
public class AccessDeniedException extends SecretException {
  private static final long serialVersionUID = 1L;

  private final String principal;
  private final String secret;
  private final String permission;
  private final Operation operation;
  private final String owner;

  /**
   * Creates the exception for a denial by SecretKit's {@linkplain dev.secretkit.access access rules}.
   *
   * @param principal who acted
   * @param operation what was refused
   * @param id the secret
   * @param store the store's description, without credentials
   */
  public AccessDeniedException(Principal principal, Operation operation, SecretId id, String store) {
    this(principal, operation, id, null, store);
  }

  /**
   * Creates the exception for a denial by SecretKit's {@linkplain dev.secretkit.access access rules},
   * naming the secret's owner, whom the principal may ask for a grant.
   *
   * @param principal who acted
   * @param operation what was refused
   * @param id the secret
   * @param owner the secret's owner, or null when there is none yet (a create) or it is not known
   * @param store the store's description, without credentials
   */
  public AccessDeniedException(Principal principal, Operation operation, SecretId id, String owner, String store) {
    super("access denied: " + principal + " may not " + operation.verb() + " secret " + id + " in store "
        + store + "; this needs " + operation.requirement(), id.toString(), store, null);
    this.principal = principal.id();
    this.secret = id.toString();
    this.permission = operation.requirement();
    this.operation = operation;
    this.owner = owner;
  }

  /**
   * Creates the exception for a denial by the store, such as a backend's 403.
   *
   * @param secret the secret or reference, or the store itself when the call named none
   * @param store the store's description, without credentials
   * @param detail what the store said, with no secret value, and what to do
   * @param cause the store's own error, or null
   */
  public AccessDeniedException(String secret, String store, String detail, Throwable cause) {
    super("access denied by store " + store + " to " + secret + "; " + detail, secret, store, cause);
    this.principal = null;
    this.secret = Objects.requireNonNull(secret, "secret");
    this.permission = null;
    this.operation = null;
    this.owner = null;
  }

  /** Returns the principal's id, or null when the store refused the client's own credentials. */
  public String principal() {
    return principal;
  }

  /** Returns the secret's id or reference. */
  public String secret() {
    return secret;
  }

  /** Returns the operation SecretKit's access rules refused, or null when the store refused. */
  public Operation operation() {
    return operation;
  }

  /** Returns the owner of the secret, whom to ask for a grant, or null when the store refused or there is none. */
  public String owner() {
    return owner;
  }

  /** Returns what the operation needs, in words, or null when the store refused. */
  public String permission() {
    return permission;
  }
}
