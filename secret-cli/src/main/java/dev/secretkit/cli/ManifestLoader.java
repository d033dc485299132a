package dev.secretkit.cli;

import dev.secretkit.manifest.InvalidManifestException;
import dev.secretkit.manifest.ManifestDocument;
import dev.secretkit.manifest.ManifestReader;
import dev.secretkit.manifest.Position;
import dev.secretkit.manifest.SecretManifest;
import dev.secretkit.manifest.Severity;
import dev.secretkit.manifest.Validation;
import dev.secretkit.manifest.Violation;
import dev.secretkit.validation.DataSourceProfile;
import dev.secretkit.validation.DataSourceProfiles;
import dev.secretkit.validation.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Reads and validates the manifests that command-line paths name, for {@code validate},
 * {@code apply} and {@code delete -f}: files, directories searched for them, or {@code -} for
 * standard input. Every problem becomes a finding; nothing is thrown for bad content.
 */
final class ManifestLoader {
  /** The path that stands for standard input. */
  static final Path STDIN = Path.of("-");
  /** How findings name standard input. */
  private static final String STDIN_LABEL = "<stdin>";

  private final CommandSpec spec;
  private final Map<String, String> environment;
  private final InputStream in;
  private final boolean recursive;
  private final boolean interpolation;
  private final Validator validator;
  private boolean readFiles = true;

  /**
   * Checks the options now.
   *
   * @throws ParameterException if {@code source} names no profile
   */
  ManifestLoader(CommandSpec spec, SecretCtl parent, boolean recursive, String source, boolean interpolation) {
    this.spec = spec;
    this.environment = parent.environment();
    this.in = parent.in();
    this.recursive = recursive;
    this.interpolation = interpolation;
    this.validator = validator(spec, source);
  }

  /** Makes this loader leave {@code files:} entries unread, for commands that need only each manifest's name and scope. */
  ManifestLoader withoutFiles() {
    readFiles = false;
    return this;
  }

  /**
   * Everything read from the paths.
   *
   * @param findings every finding, in file, document and position order
   * @param validations each document's result, in the same order; those without errors hold a manifest
   * @param files how many files were read or tried
   */
  record Loaded(List<Report.Finding> findings, List<Validation> validations, int files,
      Map<SecretManifest, Source> sources) {
    Report report() {
      return new Report(findings, validations.size(), files);
    }

    /**
     * Returns {@code refused}, a store's refusal of some of these manifests, with each finding put
     * back where the manifest came from: its file, its document, and the line and column of the
     * path it names.
     */
    InvalidManifestException located(InvalidManifestException refused) {
      List<Validation> located = new ArrayList<>();
      for (Validation validation : refused.validations()) {
        Source source = validation.subject().map(sources::get).orElse(null);
        if (source == null) {
          located.add(validation);
          continue;
        }
        List<Violation> placed = validation.violations().stream().map(violation -> {
          Position position = source.parsed().positionOf(violation.path());
          return new Violation(violation.severity(), violation.path(), position.line(), position.column(),
              violation.message(), violation.hint());
        }).toList();
        located.add(new Validation(source.file(), source.document(), placed, validation.subject().orElse(null)));
      }
      return new InvalidManifestException(located);
    }

    boolean hasErrors() {
      return findings.stream().anyMatch(finding -> finding.violation().isError());
    }
  }

  /**
   * Where a manifest was read: its file (or standard input's label), its 0-based document index,
   * and the parsed document, which knows the line and column of every path.
   */
  record Source(String file, int document, ManifestDocument parsed) {
  }

  /**
   * Reads every manifest under {@code paths}.
   *
   * @throws ParameterException if a path does not exist, or is a directory whose manifests are all in
   *     subdirectories and the search is not recursive
   */
  Loaded load(List<Path> paths) {
    for (Path path : paths) {
      if (!STDIN.equals(path) && !Files.exists(path)) {
        throw new ParameterException(spec.commandLine(), "PATH '" + path + "' does not exist");
      }
    }
    ManifestReader reader = ManifestReader.builder().environment(environment).interpolation(interpolation)
        .readFiles(readFiles).build();
    List<Report.Finding> findings = new ArrayList<>();
    List<Validation> validations = new ArrayList<>();
    Map<SecretManifest, Source> sources = new IdentityHashMap<>();
    int files = 0;
    for (Path file : files(paths, findings)) {
      files++;
      if (STDIN.equals(file)) {
        read(STDIN_LABEL, () -> reader.read(in, STDIN_LABEL, Path.of("").toAbsolutePath()),
            "cannot read standard input", findings, validations, sources);
      } else {
        read(file.toString(), () -> reader.read(file), "cannot read the file", findings, validations, sources);
      }
    }
    return new Loaded(findings, validations, files, sources);
  }

  private static Validator validator(CommandSpec spec, String source) {
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
   *
   * @throws ParameterException if a directory searched without -R holds no manifest but its subdirectories do
   */
  private List<Path> files(List<Path> paths, List<Report.Finding> findings) {
    Set<Path> seen = new HashSet<>();
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      List<Path> found = List.of(path);
      if (Files.isDirectory(path)) {
        ManifestSearch search = ManifestSearch.in(path, recursive);
        search.failures().forEach((place, e) -> findings.add(failure(place.toString(),
            "cannot be searched for manifests: " + reason(e), "check the directory's permissions")));
        found = search.files();
        if (found.isEmpty() && !recursive) {
          checkNotOnlyInSubdirectories(path);
        }
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
   * Refuses a directory that holds no manifest itself but has some in its subdirectories: without
   * -R they would be silently skipped, and the command would do nothing.
   */
  private void checkNotOnlyInSubdirectories(Path directory) {
    int nested = ManifestSearch.in(directory, true).files().size();
    if (nested > 0) {
      throw new ParameterException(spec.commandLine(), "directory '" + directory + "' holds no manifest itself, but"
          + " its subdirectories hold " + nested + ": add -R to read them");
    }
  }

  /**
   * Reads and validates every document of one source. A source that holds none gets a warning:
   * an empty file is usually a mistake.
   */
  private void read(String label, Supplier<List<ManifestDocument>> read, String unreadable,
      List<Report.Finding> findings, List<Validation> validations, Map<SecretManifest, Source> sources) {
    List<ManifestDocument> documents;
    try {
      documents = read.get();
    } catch (InvalidManifestException e) {
      e.validations().forEach(validation -> add(label, validation, findings));
      return;
    } catch (UncheckedIOException e) {
      findings.add(failure(label, unreadable + ": " + reason(e.getCause()), "check that it is readable"));
      return;
    }
    if (documents.isEmpty()) {
      findings.add(new Report.Finding(label, 0, new Violation(Severity.WARNING, Violation.DOCUMENT_PATH, 0, 0,
          "holds no manifest", "an empty file, or one with only comments, applies nothing")));
    }
    for (ManifestDocument document : documents) {
      Validation validation = validator.validate(document);
      add(label, validation, findings);
      validations.add(validation);
      validation.manifest().ifPresent(manifest -> sources.put(manifest,
          new Source(label, validation.document(), document)));
    }
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
