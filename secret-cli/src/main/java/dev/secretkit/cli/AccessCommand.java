package dev.secretkit.cli;

import dev.secretkit.SecretId;
import dev.secretkit.access.Permission;
import dev.secretkit.client.SecretClient;
import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** What {@code grant} and {@code revoke} share: the secret, the grantee and the permission. */
abstract class AccessCommand extends TargetedCommand {
  @Option(names = "--to", paramLabel = "PRINCIPAL", required = true, description = "The principal's id.")
  String grantee;

  @Option(names = "--permission", paramLabel = "PERMISSION", required = true, converter = PermissionConverter.class,
      completionCandidates = PermissionLabels.class, description = "can-use, can-edit or can-manage-access.")
  Permission permission;

  @Override
  final int run(SecretClient client) {
    SecretId id = target.id();
    change(client, id);
    spec.commandLine().getOut().println(done() + " " + permission.label() + " on " + id + " "
        + (this instanceof RevokeCommand ? "from" : "to") + " " + OutputFormat.printable(grantee));
    return Failures.OK;
  }

  /** Makes the change. */
  abstract void change(SecretClient client, SecretId id);

  /** Returns the past tense of the command, such as {@code granted}. */
  abstract String done();

  /** The permissions' labels, for completion. */
  static final class PermissionLabels implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(Permission.values()).map(Permission::label).iterator();
    }
  }

  /** Converts {@code --permission}, naming the permissions there are when it is none of them. */
  static final class PermissionConverter implements ITypeConverter<Permission> {
    @Override
    public Permission convert(String value) {
      return Permission.fromLabel(value).orElseThrow(() -> new TypeConversionException("unknown permission '"
          + value + "'; expected " + String.join(", ", Arrays.stream(Permission.values()).map(Permission::label)
          .toList())));
    }
  }
}
