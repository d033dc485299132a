package dev.secretkit.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code secretctl validate}: reads and checks manifest files and reports every finding at once. */
@Command(
    name = "validate",
    sortOptions = false,
    description = {
        "Checks Secret manifests and reports every problem at once.",
        "Each manifest is checked against every rule of its version and, with --source or a"
            + " 'source:<profile>' tag, the keys of a data-source profile. A directory is searched for"
            + " *.yaml, *.yml and *.json files; a file named on the command line is read whatever its"
            + " extension. Secret values are never printed."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:no errors (warnings are allowed)",
        "1:internal error (a bug: please report it)",
        "2:bad usage: an unknown option, no PATH, a PATH that does not exist, a directory whose manifests are"
            + " all in subdirectories (add -R), an unknown --source profile or -o format",
        "3:at least one error, including files that cannot be read or parsed"},
    footerHeading = "%n",
    footer = {
        "Output with -o text (the default): one line per finding, its hint on the next",
        "line when it has one, then a summary line:",
        "  FILE:LINE:COL: error|warning: PATH: message",
        "      hint: what to do",
        "  1 error, no warnings in 2 manifests (1 file)",
        "LINE and COL are 0 when unknown. PATH is the place in the manifest, such as",
        "secret.data.password, or $ for the whole document.",
        "",
        "Output with -o json: a single object; document is the 0-based index of the",
        "manifest in its file.",
        "  {\"findings\": [{\"file\": ..., \"document\": ..., \"line\": ..., \"column\": ...,",
        "    \"severity\": ..., \"path\": ..., \"message\": ..., \"hint\": ...}, ...],",
        "   \"errors\": N, \"warnings\": N, \"manifests\": N, \"files\": N}"})
final class ValidateCommand implements Callable<Integer> {
  /** The exit status when any manifest has an error. */
  static final int EXIT_ERRORS = 3;

  @ParentCommand
  private SecretCtl parent;

  @Spec
  private CommandSpec spec;

  @Option(names = {"-R", "--recursive"},
      description = "Search directories recursively; without it only their direct children are read.")
  private boolean recursive;

  @Option(names = "--source", paramLabel = "PROFILE", completionCandidates = ManifestLoader.ProfileNames.class,
      description = "Check every manifest against this data-source profile: missing required keys are errors,"
          + " unexpected keys warnings. One of: ${COMPLETION-CANDIDATES}. Without it, a manifest tagged"
          + " 'source:<profile>' is checked against that profile.")
  private String source;

  @Option(names = "--disable-interpolation",
      description = "Keep $VAR and $${VAR} in data values and files paths as written. By default they are"
          + " expanded from the environment, and an undefined variable is an error.")
  private boolean disableInterpolation;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
      converter = OutputFormat.Converter.class,
      description = "Output format: text (the default) or json.")
  private OutputFormat output;

  @Parameters(paramLabel = "PATH", arity = "1..*",
      description = "Manifest files, directories to search for them, or - for standard input (whose files:"
          + " paths resolve against the current directory).")
  private List<Path> paths;

  @Override
  public Integer call() {
    ManifestLoader.Loaded loaded =
        new ManifestLoader(spec, parent, recursive, source, !disableInterpolation).load(paths);
    Report report = loaded.report();
    output.write(report, spec.commandLine().getOut());
    return report.errors() > 0 ? EXIT_ERRORS : 0;
  }
}
