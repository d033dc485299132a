package dev.secretkit.access;

import java.util.Objects;

/**
 * One permission on one secret held by one principal; grants are stored with the secret, so
 * every client of the store sees them.
 *
 * @param principal the id of the principal who holds the permission
 * @param permission the permission held
 */
public record Grant(String principal, Permission permission) {

  /** Checks that both parts are set and the principal id is not blank. */
  public Grant {
    Principal.checkId(principal);
    Objects.requireNonNull(permission, "permission");
  }

  /** Returns {@code principal:permission}. */
  @Override
  public String toString() {
    return principal + ':' + permission.label();
  }
}
