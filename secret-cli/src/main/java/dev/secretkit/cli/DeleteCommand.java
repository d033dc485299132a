package dev.secretkit.cli;

import dev.secretkit.Plan;
import dev.secretkit.SecretId;
import dev.secretkit.SecretNotFoundException;
import dev.secretkit.client.SecretClient;
import dev.secretkit.manifest.SecretManifest;
import dev.secretkit.manifest.Validation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code secretctl delete}: deletes secrets named by options or by manifests, every version,
 * permanently; every secret is checked first, and nothing is deleted unless all can be.
 */
@Command(
    name = "delete",
    sortOptions = false,
    description = {
        "Deletes secrets and every version of them, permanently.",
        "Name one with -n (and -w or -t), or name the secrets of manifest files with -f (their files: need not"
            + " exist). Every secret is checked first (that it exists, the right to delete it, dependents); if any"
            + " check fails, nothing is deleted. A secret that other resources depend on is kept unless --force is"
            + " given, which also removes a record that cannot be read."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:deleted (or, with --dry-run, every secret could be)", "1:unexpected error",
        "2:bad usage or configuration, -w contradicts a manifest's workspace, or a directory whose manifests are"
            + " all in subdirectories (add -R)",
        "3:a manifest given with -f has errors", "4:no such secret, or no store: nothing was deleted",
        "5:not allowed to delete it: nothing was deleted",
        "6:it has dependents ('secretctl dependents list' shows them; use --force), or changed meanwhile: nothing"
            + " was deleted",
        "7:store unavailable", "8:the stored record cannot be read (delete it with --force)"})
final class DeleteCommand extends ClientCommand {
  @Mixin
  private SecretTarget target;

  @Option(names = {"-f", "--manifestFile"}, paramLabel = "PATH",
      description = "Delete the secrets these manifests describe (values and files are not read). Repeatable.")
  private List<Path> paths = List.of();

  @Option(names = {"-R", "--recursive"}, description = "With -f, search directories recursively.")
  private boolean recursive;

  @Option(names = "--force",
      description = "Delete even when other resources depend on the secret, or its record cannot be read.")
  private boolean force;

  @Option(names = "--dry-run", description = "Check every secret and print what would be deleted; delete nothing.")
  private boolean dryRun;

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
    if (target.type != null) {
      throw new ParameterException(spec.commandLine(), "-t goes with -n; with -f each manifest's type: says it");
    }
    ManifestLoader.Loaded loaded = new ManifestLoader(spec, parent, recursive, null, false).withoutFiles()
        .load(paths);
    if (loaded.hasErrors() || loaded.validations().isEmpty()) {
      OutputFormat.TEXT.write(loaded.report(), spec.commandLine().getErr());
      spec.commandLine().getErr().println("delete: nothing was deleted");
      return loaded.hasErrors() ? Failures.INVALID_MANIFEST : Failures.OK;
    }
    List<SecretManifest> manifests = loaded.validations().stream().map(Validation::orThrow).toList();
    WorkspaceConflicts.check(spec, target.workspace, manifests, loaded);
    Set<SecretId> seen = new LinkedHashSet<>();
    for (SecretManifest manifest : manifests) {
      String scope = manifest.isInstanceSecret() ? SecretId.INSTANCE_SCOPE
          : manifest.workspace() != null ? manifest.workspace() : target.scope();
      seen.add(SecretId.of(scope, manifest.name()));
    }
    ids.addAll(seen);
    return super.execute();
  }

  @Override
  int run(SecretClient client) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Plan plan = client.planDelete(ids, force);
    if (!plan.ready()) {
      return PlanOutput.refuse(spec.qualifiedName(), plan, refused -> refused,
          problem -> problem instanceof SecretNotFoundException notFound
              ? NotFoundHint.explain(notFound, client, this::howToName) : problem, "nothing was deleted", err);
    }
    if (dryRun) {
      plan.steps().forEach(step -> out.println(PlanOutput.wouldDo(step) + " " + step.id().orElseThrow()));
      out.println("dry run: nothing was deleted");
      return Failures.OK;
    }
    for (int i = 0; i < ids.size(); i++) {
      try {
        client.delete(ids.get(i), force);
      } catch (RuntimeException e) {
        PlanOutput.stopped(plan, i, e, out);
        out.flush();
        if (i > 0) {
          err.println("delete: " + i + " of " + ids.size() + " secrets were deleted before this failure;"
              + " the rest were not attempted");
        }
        throw e;
      }
      out.println("deleted " + ids.get(i));
    }
    return Failures.OK;
  }
}
