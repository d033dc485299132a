package dev.secretkit.cli;

import dev.secretkit.SecretId;
import dev.secretkit.client.SecretClient;
import picocli.CommandLine.Command;

/** {@code secretctl revoke}: takes a permission on one secret away from a principal. */
@Command(
    name = "revoke",
    sortOptions = false,
    description = "Revokes a permission on a secret. Needs ownership, can-manage-access or tenant-admin.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:revoked (or was not held)", "1:unexpected error", "2:bad usage or configuration",
        "4:no such secret",
        "5:not allowed to manage access to it", "7:store unavailable", "8:the stored record cannot be read"})
final class RevokeCommand extends AccessCommand {
  @Override
  void change(SecretClient client, SecretId id) {
    client.revoke(id, grantee, permission);
  }

  @Override
  String done() {
    return "revoked";
  }
}
