package dev.secretkit.emulator.vault;

import java.util.Objects;

/**
 * The role id and secret id of an AppRole that {@link VaultEmulator#appRole} created, which log in at
 * {@code POST /v1/auth/{mount}/login} with {@code {"role_id": ..., "secret_id": ...}}.
 *
 * <p>Both are random, fake values that only the emulator that issued them accepts; {@link #toString()}
 * shows the role id only.
 *
 * @param roleId the role's id
 * @param secretId a secret id issued for the role
 */
public record AppRoleCredentials(String roleId, String secretId) {
  /** Checks that neither id is null. */
  public AppRoleCredentials {
    Objects.requireNonNull(roleId, "roleId");
    Objects.requireNonNull(secretId, "secretId");
  }

  /** Returns the role id, with the secret id masked, such as {@code AppRoleCredentials[roleId=..., secretId=***]}. */
  @Override
  public String toString() {
    return "AppRoleCredentials[roleId=" + roleId + ", secretId=***]";
  }
}
