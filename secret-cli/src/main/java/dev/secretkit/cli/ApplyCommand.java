package dev.secretkit.cli;

import dev.secretkit.ApplyResult;
import dev.secretkit.Plan;
import dev.secretkit.client.SecretClient;
import dev.secretkit.manifest.SecretManifest;
import dev.secretkit.manifest.Validation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code secretctl apply}: validates every manifest, checks them all against the store, then
 * applies each and says what it did; with {@code --dry-run}, only says what it would do.
 */
@Command(
    name = "apply",
    sortOptions = false,
    description = {
        "Creates or updates secrets from Secret manifests.",
        "Every manifest is read and validated first; then every one is checked against the store (the right to"
            + " create or update it, the store's limits, a record that cannot be read). If anything fails, nothing"
            + " is applied. Then each secret is applied in turn and one line says what happened: created, updated"
            + " or unchanged. Should a write still fail (another writer got there first), each later secret is"
            + " listed as not attempted.",
        "The first apply to a file store that does not exist yet creates it, and says where its master key is."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every secret applied (or, with --dry-run or --lint, every one could be)", "1:unexpected error",
        "2:bad usage or configuration, -w contradicts a manifest's workspace, or a directory whose manifests are"
            + " all in subdirectories (add -R)",
        "3:a manifest has errors, or breaks the store's limits: nothing was applied",
        "5:not allowed to create or update a secret: nothing was applied",
        "6:a secret changed while it was applied: run again", "7:store unavailable",
        "8:a stored record cannot be read: nothing was applied"})
final class ApplyCommand extends ClientCommand {
  @Option(names = {"-f", "--manifestFile"}, paramLabel = "PATH", required = true,
      description = "A manifest file, a directory to search for *.yaml, *.yml and *.json, or - for standard"
          + " input. Repeatable.")
  private List<Path> paths;

  @Option(names = {"-R", "--recursive"}, description = "Search directories recursively.")
  private boolean recursive;

  @Option(names = {"-w", "--workspace"}, paramLabel = "SCOPE",
      description = "The workspace (V1) or tenant (V2) for manifests that name none. Default: public. A manifest"
          + " whose workspace: names another, or an instance secret, is an error with -w.")
  private String workspace;

  @Option(names = "--disable-interpolation", description = "Keep $VAR in values and files paths as written.")
  private boolean disableInterpolation;

  @Option(names = "--dry-run",
      description = "Check every manifest against the store and print what apply would do; write nothing.")
  private boolean dryRun;

  @Option(names = {"-l", "--lint"}, description = "Only validate; apply nothing and do not open the store"
      + " (--dry-run also checks against the store).")
  private boolean lint;

  @Option(names = "--source", paramLabel = "PROFILE",
      description = "Check every manifest against this data-source profile (see 'secretctl validate --help').")
  private String source;

  private List<SecretManifest> manifests;
  private ManifestLoader.Loaded loaded;

  @Override
  String defaultScope() {
    return workspace != null ? workspace : super.defaultScope();
  }

  @Override
  boolean mayCreateStore() {
    return true;
  }

  @Override
  Integer execute() {
    loaded = new ManifestLoader(spec, parent, recursive, source, !disableInterpolation).load(paths);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (loaded.hasErrors() || loaded.validations().isEmpty()) {
      OutputFormat.TEXT.write(loaded.report(), err);
      err.println("apply: nothing was applied");
      return loaded.hasErrors() ? Failures.INVALID_MANIFEST : Failures.OK;
    }
    if (!loaded.findings().isEmpty()) {
      OutputFormat.TEXT.write(loaded.report(), err);
    }
    manifests = loaded.validations().stream().map(Validation::orThrow).toList();
    WorkspaceConflicts.check(spec, workspace, manifests, loaded);
    if (lint) {
      out.println(manifests.size() + (manifests.size() == 1 ? " manifest is" : " manifests are")
          + " valid; nothing was applied (--lint)");
      return Failures.OK;
    }
    return super.execute();
  }

  @Override
  int run(SecretClient client) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<String> absence = client.storeAbsence();
    Plan plan = client.planApply(manifests);
    PlanOutput.warnings(spec.qualifiedName(), plan, err);
    if (!plan.ready()) {
      return PlanOutput.refuse(spec.qualifiedName(), plan, loaded::located, problem -> problem, "nothing was applied",
          err);
    }
    if (dryRun) {
      for (int i = 0; i < manifests.size(); i++) {
        out.println(PlanOutput.wouldDo(plan.steps().get(i)) + " " + line(manifests.get(i), plan.steps().get(i)));
      }
      absence.ifPresent(missing -> err.println("apply: " + missing));
      out.println("dry run: nothing was applied");
      return Failures.OK;
    }
    boolean wrote = false;
    for (int i = 0; i < manifests.size(); i++) {
      ApplyResult result;
      try {
        result = client.apply(manifests.get(i));
      } catch (RuntimeException e) {
        PlanOutput.stopped(plan, i, e, out);
        out.flush();
        if (i > 0) {
          err.println("apply: " + i + " of " + manifests.size() + " secrets were applied before this failure;"
              + " the rest were not attempted");
        }
        if (wrote) {
          created(absence, err);
        }
        throw e;
      }
      wrote |= result.outcome() != ApplyResult.Outcome.UNCHANGED;
      out.println(result.outcome().label() + " " + result.id() + " (" + manifests.get(i).type() + " "
          + manifests.get(i).version() + ", version " + result.version() + ")");
    }
    if (wrote) {
      created(absence, err);
    }
    return Failures.OK;
  }

  /** Says, when the store did not exist before this apply wrote to it, that it was created and where its key is. */
  private static void created(Optional<String> absence, PrintWriter err) {
    absence.ifPresent(missing -> err.println("apply: this apply created the store (" + missing + "); back up its"
        + " master key: without it no secret in the store can be read"));
  }

  private static String line(SecretManifest manifest, Plan.Step step) {
    return step.id().map(Object::toString).orElse(manifest.name()) + " (" + manifest.type() + " "
        + manifest.version() + ", version " + step.version() + ")";
  }
}
