package dev.secretkit.cli;

import dev.secretkit.manifest.InvalidManifestException;
import dev.secretkit.manifest.Validation;
import dev.secretkit.projection.Consumer;
import dev.secretkit.projection.ConsumerDocument;
import dev.secretkit.projection.ConsumerReader;
import dev.secretkit.projection.ConsumptionType;
import dev.secretkit.projection.ProjectedFile;
import dev.secretkit.projection.RenderedProjection;
import dev.secretkit.projection.SecretDirectory;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * A command that renders the projections of a consumer manifest ({@code project}, {@code exec}):
 * it reads every document of the file given with {@code -f} before it opens the store, and reports
 * every finding of the file, and every key or alias the render finds missing, as {@code validate}
 * reports a manifest's, with exit status 3.
 *
 * <p>A variable that changes how a shell or the programs it starts run
 * ({@link dev.secretkit.projection.SensitiveVariables}: {@code PATH}, {@code LD_PRELOAD}, ...) is
 * projected only when the consumer names it: a V1 entry's {@code key} or {@code keys}, or a V2
 * {@code envVars} entry. One that {@code allKeys} takes is left out by the renderer, and the
 * command says so: whoever may edit a shared secret chooses its keys, and must not choose what the
 * consumer's programs run.
 */
abstract class ProjectionCommand extends ClientCommand {
  @Option(names = {"-f", "--manifestFile"}, paramLabel = "CONSUMER", required = true,
      description = "The consumer's manifest: a Service, Workflow, Worker, Cluster or Depot with dataosSecrets (V1),"
          + " or a resource with a projection under spec.use (V2). Every document of the file is read.")
  Path file;

  @Option(names = {"-w", "--workspace"}, paramLabel = "SCOPE",
      description = "The workspace (V1) or tenant (V2) of secrets that neither the entry nor the consumer's"
          + " workspace: names. Default: public. A consumer whose workspace: names another is an error with -w.")
  String workspace;

  /** The consumers of the file, once {@link #execute()} read them. */
  List<Consumer> consumers;

  /** Returns what a failure of this command left undone, for the line after its findings: nothing was written. */
  abstract String nothingDone();

  /** Checks the command's own options before anything is read; throws a {@link ParameterException} if they clash. */
  void checkOptions() {
  }

  @Override
  String defaultScope() {
    return workspace != null ? workspace : super.defaultScope();
  }

  @Override
  Integer execute() {
    checkOptions();
    PrintWriter err = spec.commandLine().getErr();
    try {
      consumers = read(err);
      if (consumers == null) {
        return Failures.INVALID_MANIFEST;
      }
      checkWorkspace();
      return super.execute();
    } catch (InvalidManifestException invalid) {
      printFindings(invalid.validations(), err);
      err.println(spec.qualifiedName() + ": " + nothingDone());
      return Failures.INVALID_MANIFEST;
    }
  }

  /**
   * Returns the consumers of the file, having printed its warnings; null, having printed every
   * finding, when any is an error.
   */
  private List<Consumer> read(PrintWriter err) {
    if (!Files.exists(file)) {
      throw new ParameterException(spec.commandLine(), "CONSUMER '" + file + "' does not exist");
    }
    if (Files.isDirectory(file)) {
      throw new ParameterException(spec.commandLine(), "CONSUMER '" + file + "' is a directory: name the consumer's"
          + " manifest file");
    }
    List<ConsumerDocument> documents;
    try {
      documents = ConsumerReader.read(file);
    } catch (UncheckedIOException e) {
      throw new ParameterException(spec.commandLine(), "cannot read CONSUMER '" + file + "': " + e.getCause());
    }
    List<Validation> validations = documents.stream().map(ConsumerDocument::validation).toList();
    boolean errors = validations.stream().anyMatch(validation -> !validation.errors().isEmpty());
    if (errors || validations.stream().anyMatch(validation -> !validation.warnings().isEmpty())) {
      printFindings(validations, err);
    }
    if (errors) {
      err.println(spec.qualifiedName() + ": " + nothingDone());
      return null;
    }
    return documents.stream().map(document -> document.consumer().orElseThrow()).toList();
  }

  /** Refuses a {@code -w} that a consumer's own {@code workspace:} contradicts, as apply does a manifest's. */
  private void checkWorkspace() {
    if (workspace == null) {
      return;
    }
    List<String> conflicts = new ArrayList<>();
    for (Consumer consumer : consumers) {
      consumer.workspace().filter(own -> !own.equals(workspace)).ifPresent(own -> conflicts.add(consumer.kind() + " "
          + consumer.name() + " names workspace: " + own + ", not " + workspace));
    }
    if (!conflicts.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "-w " + workspace + " contradicts " + file + "; nothing was"
          + " done:\n  " + String.join("\n  ", conflicts) + "\ndrop -w to use each consumer's own workspace");
    }
  }

  private static void printFindings(List<Validation> validations, PrintWriter err) {
    List<Report.Finding> findings = new ArrayList<>();
    for (Validation validation : validations) {
      validation.violations().forEach(violation -> findings.add(new Report.Finding(validation.origin(),
          validation.document(), violation)));
    }
    OutputFormat.TEXT.write(new Report(findings, validations.size(), 1), err);
  }

  /** Returns whether the consumers declare files: V1 entries consumed as files, or V2 files entries. */
  final boolean declaresFiles() {
    return consumers.stream().anyMatch(consumer -> consumer.dataosSecrets().stream()
        .anyMatch(entry -> entry.consumptionType() != ConsumptionType.ENV_VARS)
        || consumer.projections().stream().anyMatch(projection -> !projection.files().isEmpty()));
  }

  /** Says on stderr which variables the render left out ({@link RenderedProjection#leftOut()}), and how to project them. */
  final void noteLeftOut(RenderedProjection rendered, PrintWriter err) {
    rendered.leftOut().forEach(name -> err.println(spec.qualifiedName() + ": the variable " + name + ", taken with"
        + " allKeys, changes how a shell or the programs it starts run: left out; name it with key: or keys: in the"
        + " consumer to project it"));
  }

  /**
   * Writes {@code files} to {@code directory} at once.
   *
   * @throws IllegalArgumentException if a projected name is taken by a file SecretKit did not write, or the files
   *     cannot be written
   */
  final void write(SecretDirectory directory, List<ProjectedFile> files) {
    writing(() -> {
      directory.write(files, SecretDirectory.ownerOf(consumers));
      return null;
    });
  }

  /**
   * Returns what {@code action}, which writes to a secret directory, returns; a directory that cannot take its
   * files is bad usage, explained without a value.
   *
   * @throws IllegalArgumentException if a projected name is taken by a file SecretKit did not write, or the files
   *     cannot be written
   */
  static <T> T writing(Supplier<T> action) {
    try {
      return action.get();
    } catch (IllegalStateException taken) {
      throw new IllegalArgumentException(taken.getMessage(), taken);
    } catch (UncheckedIOException e) {
      throw new IllegalArgumentException(e.getMessage() + " (" + e.getCause() + "); check --dir and its"
          + " permissions", e);
    }
  }
}
