package dev.secretkit.client;

import dev.secretkit.access.Grant;
import dev.secretkit.access.Operation;
import dev.secretkit.access.Permission;
import dev.secretkit.access.Principal;
import dev.secretkit.access.Role;
import java.util.Collection;
import java.util.Objects;

/**
 * The access rules of DataOS V2 secrets, as SecretKit applies them to every operation.
 *
 * <ul>
 *   <li>Create needs {@code tenant-admin}, {@code data-admin} or {@code data-developer}. The
 *       creator becomes the owner and is granted {@code can-edit} and {@code can-manage-access}.
 *   <li>Use (resolve, project, reveal, depend on) needs ownership or a {@code can-use} grant. No
 *       grant or role cascades: an admin grants itself {@code can-use} explicitly.
 *   <li>Update and delete need ownership, {@code can-edit} or {@code tenant-admin}.
 *   <li>Grant, revoke and a change of owner need ownership, {@code can-manage-access} or
 *       {@code tenant-admin}.
 *   <li>The local user ({@link Principal#unrestricted()}) may do everything.
 * </ul>
 * Reading a secret's metadata (name, keys, owner, tags, versions) needs no permission. This class
 * is stateless and thread-safe.
 */
final class AccessPolicy {

  /** Creates the policy; it has no options. */
  AccessPolicy() {
    // The rules are fixed by DECISIONS.md section 4.
  }

  /**
   * Returns whether {@code principal} may perform {@code operation} on a secret with the given
   * owner and grants; for {@link Operation#CREATE} the owner and grants are ignored.
   */
  boolean allows(Principal principal, Operation operation, String owner, Collection<Grant> grants) {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(operation, "operation");
    if (principal.unrestricted()) {
      return true;
    }
    boolean owns = principal.id().equals(owner);
    return switch (operation) {
      case CREATE -> principal.has(Role.TENANT_ADMIN) || principal.has(Role.DATA_ADMIN)
          || principal.has(Role.DATA_DEVELOPER);
      case USE -> owns || holds(principal, Permission.CAN_USE, grants);
      case UPDATE, DELETE -> owns || principal.has(Role.TENANT_ADMIN) || holds(principal, Permission.CAN_EDIT, grants);
      case MANAGE_ACCESS -> owns || principal.has(Role.TENANT_ADMIN)
          || holds(principal, Permission.CAN_MANAGE_ACCESS, grants);
    };
  }

  private static boolean holds(Principal principal, Permission permission, Collection<Grant> grants) {
    return grants.contains(new Grant(principal.id(), permission));
  }
}
