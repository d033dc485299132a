package dev.secretkit.cli;

import dev.secretkit.InvalidManifestException;
import dev.secretkit.manifest.ManifestDocument;
import dev.secretkit.manifest.ManifestReader;
import dev.secretkit.validation.DataSourceProfile;
import dev.secretkit.validation.DataSourceProfiles;
import dev.secretkit.validation.Severity;
import dev.secretkit.validation.Validation;
import dev.secretkit.validation.Validator;
import dev.secretkit.validation.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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
        "2:bad usage: an unknown option, no PATH, a PATH that does not exist, an unknown --source"
            + " profile or -o format",
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
  /** The path that stands for standard input. */
  private static final Path STDIN = Path.of("-");
  /** How findings name standard input. */
  private static final String STDIN_LABEL = "<stdin>";

  @ParentCommand
  private SecretCtl parent;

  @Spec
  private CommandSpec spec;

  @Option(names = {"-R", "--recursive"},
      description = "Search directories recursively; without it only their direct children are read.")
  private boolean recursive;

  @Option(names = "--source", paramLabel = "PROFILE", completionCandidates = ProfileNames.class,
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
    Validator validator = validator();
    for (Path path : paths) {
      if (!STDIN.equals(path) && !Files.exists(path)) {
        throw new ParameterException(spec.commandLine(), "PATH '" + path + "' does not exist");
      }
    }
    ManifestReader reader = ManifestReader.builder()
        .environment(parent.environment())
        .interpolation(!disableInterpolation)
        .build();
    List<Report.Finding> findings = new ArrayList<>();
    int manifests = 0;
    int files = 0;
    for (Path file : files(findings)) {
      files++;
      manifests += STDIN.equals(file)
          ? validate(STDIN_LABEL, () -> reader.read(parent.in(), STDIN_LABEL, Path.of("").toAbsolutePath()),
              "cannot read standard input", validator, findings)
          : validate(file.toString(), () -> reader.read(file), "cannot read the file", validator, findings);
    }
    Report report = new Report(findings, manifests, files);
    output.write(report, spec.commandLine().getOut());
    return report.errors() > 0 ? EXIT_ERRORS : 0;
  }

  private Validator validator() {
    if (source == null) {
      return Validator.standard();
    }
    if (DataSourceProfiles.find(source).isEmpty()) {
      List<String> names = new ProfileNames().names();
      String suggestion = DataSourceProfiles.closest(source).map(name -> " (did you mean '" + name + "'?)").orElse("");
      throw new ParameterException(spec.commandLine(), "unknown data-source profile '" + source + "'"
          + suggestion + "; known profiles: " + String.join(", ", names));
    }
    return Validator.forProfile(source);
  }

  /**
   * Returns the files to read, each once, in command-line order with each directory's files in
   * path order; records a finding for each place under a directory that could not be searched.
   */
  private List<Path> files(List<Report.Finding> findings) {
    Set<Path> seen = new HashSet<>();
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      List<Path> found = List.of(path);
      if (Files.isDirectory(path)) {
        ManifestSearch search = ManifestSearch.in(path, recursive);
        search.failures().forEach((place, e) -> findings.add(failure(place.toString(),
            "cannot be searched for manifests: " + reason(e), "check the directory's permissions")));
        found = search.files();
      }
      for (Path file : found) {
        if (seen.add(file.toAbsolutePath().normalize())) {
          files.add(file);
        }
      }
    }
    return files;
  }

  /**
   * Reads and validates every document of one source, adds the findings and returns how many
   * documents it held. A source that holds none gets a warning: an empty file is usually a mistake.
   */
  private static int validate(String label, Supplier<List<ManifestDocument>> read, String unreadable,
      Validator validator, List<Report.Finding> findings) {
    List<ManifestDocument> documents;
    try {
      documents = read.get();
    } catch (InvalidManifestException e) {
      e.validations().forEach(validation -> add(label, validation, findings));
      return 0;
    } catch (UncheckedIOException e) {
      findings.add(failure(label, unreadable + ": " + reason(e.getCause()), "check that it is readable"));
      return 0;
    }
    if (documents.isEmpty()) {
      findings.add(new Report.Finding(label, 0, new Violation(Severity.WARNING, Violation.DOCUMENT_PATH, 0, 0,
          "holds no manifest", "an empty file, or one with only comments, applies nothing")));
    }
    documents.forEach(document -> add(label, validator.validate(document), findings));
    return documents.size();
  }

  private static void add(String file, Validation validation, List<Report.Finding> findings) {
    validation.violations().forEach(violation ->
        findings.add(new Report.Finding(file, validation.document(), violation)));
  }

  private static Report.Finding failure(String place, String message, String hint) {
    return new Report.Finding(place, 0, new Violation(Severity.ERROR, Violation.DOCUMENT_PATH, 0, 0, message, hint));
  }

  /** Says why an I/O operation failed without the exception's message, which repeats the path. */
  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
      return fileSystem.getReason();
    }
    return e.getClass().getSimpleName();
  }

  /** The names of the data-source profiles, for {@code --source}'s help and completion. */
  static final class ProfileNames implements Iterable<String> {
    List<String> names() {
      return DataSourceProfiles.all().stream().map(DataSourceProfile::name).toList();
    }

    @Override
    public Iterator<String> iterator() {
      return names().iterator();
    }
  }
}
