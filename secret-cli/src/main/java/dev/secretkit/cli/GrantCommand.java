package dev.secretkit.cli;

import dev.secretkit.SecretId;
import dev.secretkit.client.SecretClient;
import picocli.CommandLine.Command;

/** {@code secretctl grant}: gives a principal a permission on one secret. */
@Command(
    name = "grant",
    sortOptions = false,
    description = "Grants a permission on a secret: can-use (read its values), can-edit (update or delete it)"
        + " or can-manage-access (grant and revoke). Needs ownership, can-manage-access or tenant-admin.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:granted (or already held)", "1:unexpected error", "2:bad usage or configuration",
        "3:the grants would break the store's metadata limit", "4:no such secret",
        "5:not allowed to manage access to it", "7:store unavailable", "8:the stored record cannot be read"})
final class GrantCommand extends AccessCommand {
  @Override
  void change(SecretClient client, SecretId id) {
    client.grant(id, grantee, permission);
  }

  @Override
  String done() {
    return "granted";
  }
}
