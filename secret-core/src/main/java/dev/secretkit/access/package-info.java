/**
 * Who may do what to a secret: principals, roles, grantable permissions and operations. Every
 * {@code SecretClient} applies the access rules of DataOS V2 secrets to every operation:
 *
 * <ul>
 *   <li>Create needs {@code tenant-admin}, {@code data-admin} or {@code data-developer}. The
 *       creator becomes the owner and is granted {@code can-edit} and {@code can-manage-access}.
 *   <li>Use (resolve, project, reveal, depend on) needs ownership or a {@code can-use} grant. No
 *       grant or role cascades: an admin grants itself {@code can-use} explicitly.
 *   <li>Update and delete need ownership, {@code can-edit} or {@code tenant-admin}.
 *   <li>Grant, revoke and a change of owner need ownership, {@code can-manage-access} or
 *       {@code tenant-admin}.
 *   <li>The local user ({@link dev.secretkit.access.Principal#unrestricted()}) may do everything.
 * </ul>
 * Reading a secret's metadata (name, keys, owner, tags, versions) needs no permission.
 */
package dev.secretkit.access;
