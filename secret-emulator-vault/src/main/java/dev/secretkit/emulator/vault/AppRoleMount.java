package dev.secretkit.emulator.vault;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One mount of the AppRole auth method: its roles, each with a role id, the secret ids issued for it and
 * the tokens it issues. Secret ids never expire and may be used any number of times, Vault's defaults.
 */
final class AppRoleMount {
  /** A role: its name and id, its secret ids, and what its tokens are. */
  static final class Role {
    final String name;
    final String roleId;
    final Set<String> secretIds = new HashSet<>();
    TokenSpec tokens;

    Role(String name, String roleId, TokenSpec tokens) {
      this.name = name;
      this.roleId = roleId;
      this.tokens = tokens;
    }
  }

  private final Map<String, Role> roles = new HashMap<>();

  /** Creates the role {@code name}, or gives an existing one {@code tokens}, and issues it a new secret id. */
  AppRoleCredentials define(String name, TokenSpec tokens) {
    Role role = roles.computeIfAbsent(name, absent -> new Role(absent, UUID.randomUUID().toString(), tokens));
    role.tokens = tokens;
    String secretId = UUID.randomUUID().toString();
    role.secretIds.add(secretId);
    return new AppRoleCredentials(role.roleId, secretId);
  }

  /**
   * Returns the role that {@code {"role_id", "secret_id"}} logs in as.
   *
   * @throws VaultError 400 {@code missing role_id}, {@code missing secret_id}, or
   *     {@code invalid role or secret ID}, as Vault answers
   */
  Role login(JsonNode body) {
    String roleId = body.path("role_id").asText("");
    if (roleId.isEmpty()) {
      throw VaultError.badRequest("missing role_id");
    }
    Role role = roles.values().stream().filter(candidate -> candidate.roleId.equals(roleId)).findFirst()
        .orElseThrow(() -> VaultError.badRequest("invalid role or secret ID"));
    String secretId = body.path("secret_id").asText("");
    if (secretId.isEmpty()) {
      throw VaultError.badRequest("missing secret_id");
    }
    if (!role.secretIds.contains(secretId)) {
      throw VaultError.badRequest("invalid role or secret ID");
    }
    return role;
  }
}
