package dev.secretkit.emulator.vault;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/**
 * One mount of the Kubernetes auth method: its roles, each bound to a service account name and namespace
 * ({@code *} for any) and issuing tokens as a {@link TokenSpec} says. Signatures are not verified: a JWT is
 * valid when the emulator's {@link ServiceAccounts} minted it, as a TokenReview would confirm.
 */
final class KubernetesMount {
  /** A role: the service account it admits and what its tokens are. */
  record Role(String name, String serviceAccountNamespace, String serviceAccountName, TokenSpec tokens) {
  }

  /** A successful login: the role and the service account that logged in. */
  record Login(Role role, ServiceAccounts.Account account) {
  }

  private final Map<String, Role> roles = new HashMap<>();

  /** Creates or replaces the role {@code role.name()}. */
  void define(Role role) {
    roles.put(role.name(), role);
  }

  /**
   * Checks {@code {"role", "jwt"}} as Vault's Kubernetes auth does.
   *
   * @throws VaultError 400 {@code missing role}, {@code missing jwt} or {@code invalid role name "..."};
   *     403 {@code permission denied} for a JWT no TokenReview would confirm, and
   *     {@code service account name not authorized} or {@code namespace not authorized} for one the role
   *     does not admit
   */
  Login login(JsonNode body, ServiceAccounts accounts) {
    String roleName = body.path("role").asText("");
    if (roleName.isEmpty()) {
      throw VaultError.badRequest("missing role");
    }
    String jwt = body.path("jwt").asText("");
    if (jwt.isEmpty()) {
      throw VaultError.badRequest("missing jwt");
    }
    Role role = roles.get(roleName);
    if (role == null) {
      throw VaultError.badRequest("invalid role name \"" + roleName + "\"");
    }
    ServiceAccounts.Account account = accounts.review(jwt);
    if (account == null) {
      throw VaultError.permissionDenied();
    }
    if (!admits(role.serviceAccountName(), account.name())) {
      throw VaultError.of(403, "service account name not authorized");
    }
    if (!admits(role.serviceAccountNamespace(), account.namespace())) {
      throw VaultError.of(403, "namespace not authorized");
    }
    return new Login(role, account);
  }

  private static boolean admits(String bound, String actual) {
    return bound.equals("*") || bound.equals(actual);
  }
}
