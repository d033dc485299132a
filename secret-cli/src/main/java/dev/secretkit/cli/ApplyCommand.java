package dev.secretkit.cli;

import dev.secretkit.ApplyResult;
import dev.secretkit.InvalidManifestException;
import dev.secretkit.SecretClient;
import dev.secretkit.manifest.SecretManifest;
import dev.secretkit.validation.Validation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code secretctl apply}: validates every manifest first, then applies each and says what it did. */
@Command(
    name = "apply",
    sortOptions = false,
    description = {
        "Creates or updates secrets from Secret manifests.",
        "Every manifest is read and validated first; if any has an error, nothing is applied. Then each"
            + " secret is applied on its own and one line says what happened: created, updated or unchanged."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every secret applied (or, with --lint, every manifest valid)", "1:unexpected error",
        "2:bad usage or configuration, or a directory whose manifests are all in subdirectories (add -R)",
        "3:a manifest has errors, or breaks the store's limits: nothing was applied",
        "5:not allowed to create or update a secret", "6:a secret changed while it was applied: run again",
        "7:store unavailable", "8:a stored record cannot be read"})
final class ApplyCommand extends ClientCommand {
  @Option(names = {"-f", "--manifestFile"}, paramLabel = "PATH", required = true,
      description = "A manifest file, a directory to search for *.yaml, *.yml and *.json, or - for standard"
          + " input. Repeatable.")
  private List<Path> paths;

  @Option(names = {"-R", "--recursive"}, description = "Search directories recursively.")
  private boolean recursive;

  @Option(names = {"-w", "--workspace"}, paramLabel = "SCOPE",
      description = "The workspace (V1) or tenant (V2) for manifests that name none. Default: public.")
  private String workspace;

  @Option(names = "--disable-interpolation", description = "Keep $VAR in values and files paths as written.")
  private boolean disableInterpolation;

  @Option(names = {"-l", "--lint"}, description = "Only validate; apply nothing and do not open the store.")
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
    if (lint) {
      out.println(manifests.size() + (manifests.size() == 1 ? " manifest is" : " manifests are")
          + " valid; nothing was applied (--lint)");
      return Failures.OK;
    }
    return super.execute();
  }

  @Override
  int run(SecretClient client) {
    try {
      client.check(manifests);
    } catch (InvalidManifestException refused) {
      throw loaded.located(refused);
    }
    PrintWriter out = spec.commandLine().getOut();
    for (SecretManifest manifest : manifests) {
      ApplyResult result = client.apply(manifest);
      out.println(result.outcome().label() + " " + result.id() + " (" + manifest.type() + " " + manifest.version()
          + ", version " + result.version() + ")");
    }
    return Failures.OK;
  }
}
