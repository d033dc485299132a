package dev.secretkit.cli;

import dev.secretkit.SecretClient;
import dev.secretkit.SecretId;
import dev.secretkit.manifest.SecretManifest;
import dev.secretkit.validation.Validation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code secretctl delete}: deletes secrets named by options or by manifests, every version, permanently. */
@Command(
    name = "delete",
    sortOptions = false,
    description = {
        "Deletes secrets and every version of them, permanently.",
        "Name one with -n (and -w or -t), or name the secrets of manifest files with -f. A secret that"
            + " other resources depend on is kept unless --force is given."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:deleted", "1:unexpected error",
        "2:bad usage or configuration, or a directory whose manifests are all in subdirectories (add -R)",
        "3:a manifest given with -f has errors",
        "4:no such secret", "5:not allowed to delete it",
        "6:it has dependents ('secretctl dependents list' shows them; use --force), or changed meanwhile",
        "7:store unavailable", "8:the stored record cannot be read (delete it with --force)"})
final class DeleteCommand extends ClientCommand {
  @Mixin
  private SecretTarget target;

  @Option(names = {"-f", "--manifestFile"}, paramLabel = "PATH",
      description = "Delete the secrets these manifests describe (values are not read). Repeatable.")
  private List<Path> paths = List.of();

  @Option(names = {"-R", "--recursive"}, description = "With -f, search directories recursively, as apply -R does.")
  private boolean recursive;

  @Option(names = "--force", description = "Delete even when other resources depend on the secret.")
  private boolean force;

  private final List<SecretId> ids = new ArrayList<>();

  @Override
  Integer execute() {
    if (paths.isEmpty() == (target.name == null)) {
      throw new ParameterException(spec.commandLine(), "name the secrets with either -n NAME or -f PATH");
    }
    if (target.name != null) {
      ids.add(target.id());
      return super.execute();
    }
    ManifestLoader.Loaded loaded = new ManifestLoader(spec, parent, recursive, null, false).load(paths);
    if (loaded.hasErrors()) {
      OutputFormat.TEXT.write(loaded.report(), spec.commandLine().getErr());
      spec.commandLine().getErr().println("delete: nothing was deleted");
      return Failures.INVALID_MANIFEST;
    }
    for (Validation validation : loaded.validations()) {
      SecretManifest manifest = validation.orThrow();
      String scope = manifest.isInstanceSecret() ? SecretId.INSTANCE_SCOPE
          : manifest.workspace() != null ? manifest.workspace() : target.scope();
      ids.add(SecretId.of(scope, manifest.name()));
    }
    return super.execute();
  }

  @Override
  int run(SecretClient client) {
    PrintWriter out = spec.commandLine().getOut();
    for (SecretId id : ids) {
      client.delete(id, force);
      out.println("deleted " + id);
    }
    return Failures.OK;
  }
}
