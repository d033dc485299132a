package dev.secretkit.projection;

import dev.secretkit.manifest.InvalidManifestException;
import dev.secretkit.manifest.ManifestReader;
import dev.secretkit.manifest.Validation;
import dev.secretkit.manifest.YamlNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the manifests of resources that consume secrets (Service, Workflow, Worker, Cluster,
 * Depot, and V2 resources with {@code spec.use.projection}) into {@link Consumer}s, reporting
 * every problem at once with its path, line, column and hint, and compiling every template.
 *
 * <p>It looks for V1 {@code dataosSecrets} under {@code service:} (also its list of names,
 * {@code service.secrets}), {@code workflow:} and each {@code workflow.dag[].spec}, {@code worker:},
 * {@code cluster:} and at the top level; a Depot's {@code depot.secrets} (or
 * {@code depot.dataosSecrets}); and the V2 {@code projection} block at {@code spec.use.projection}
 * or the top level, with its {@code templateType} in the block or next to it. Fields outside those
 * blocks belong to the resource and are not checked. Thread-safe; it holds no state.
 */
public final class ConsumerReader {
  private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]*");
  private static final Pattern VERSION = Pattern.compile("[a-z0-9][a-z0-9.-]*");
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-_.a-z0-9]*[a-z0-9])?");
  private static final String WHERE = "dataosSecrets under service:, workflow.dag[].spec, worker: or cluster:;"
      + " secrets under depot:; or projection under spec.use";

  private ConsumerReader() {}

  /**
   * Returns every document of {@code file}, each with its consumer or its findings.
   *
   * @throws InvalidManifestException if the file is too large, not UTF-8, not YAML, or hostile
   * @throws java.io.UncheckedIOException if the file cannot be read
   */
  public static List<ConsumerDocument> read(Path file) {
    return documents(ManifestReader.trees(file), file.toString());
  }

  /**
   * Returns every document of manifest text, each with its consumer or its findings.
   *
   * @param origin a label for findings, such as a file name
   * @throws InvalidManifestException if the text is too large, not YAML, or hostile
   */
  public static List<ConsumerDocument> read(String text, String origin) {
    return documents(ManifestReader.trees(text, origin), origin);
  }

  /**
   * Returns the consumer of every document of {@code file}.
   *
   * @throws InvalidManifestException listing every finding of every document, when any has an error
   */
  public static List<Consumer> consumers(Path file) {
    return consumers(read(file));
  }

  /**
   * Returns the consumer of every document of manifest text.
   *
   * @throws InvalidManifestException listing every finding of every document, when any has an error
   */
  public static List<Consumer> consumers(String text, String origin) {
    return consumers(read(text, origin));
  }

  private static List<Consumer> consumers(List<ConsumerDocument> documents) {
    List<Validation> failed = documents.stream().map(ConsumerDocument::validation)
        .filter(validation -> !validation.errors().isEmpty()).toList();
    if (!failed.isEmpty()) {
      throw new InvalidManifestException(failed);
    }
    return documents.stream().map(document -> document.consumer().orElseThrow()).toList();
  }

  private static List<ConsumerDocument> documents(List<YamlNode> roots, String origin) {
    Objects.requireNonNull(origin, "origin");
    List<ConsumerDocument> documents = new ArrayList<>(roots.size());
    for (int i = 0; i < roots.size(); i++) {
      Problems problems = new Problems(origin);
      Optional<Consumer> consumer = consumer(roots.get(i), problems);
      Validation validation = new Validation(origin, i, problems.violations(), null);
      documents.add(new ConsumerDocument(validation.errors().isEmpty() ? consumer : Optional.empty(), validation));
    }
    return List.copyOf(documents);
  }

  private static Optional<Consumer> consumer(YamlNode root, Problems problems) {
    Optional<YamlNode.Mapping> found = problems.mapping(root, Problems.ROOT, "a resource (name, version, type)");
    if (found.isEmpty()) {
      return Optional.empty();
    }
    YamlNode.Mapping resource = found.get();
    Optional<String> kind = identity(resource, "type", KIND, "a resource type in lower case, such as service",
        problems);
    Optional<String> version = identity(resource, "version", VERSION, "a version such as v1 or v1beta", problems);
    Optional<String> name = identity(resource, "name", NAME, "lower-case letters, digits, '-', '_' and '.'",
        problems);
    kind.filter(type -> type.equals("secret") || type.equals("instance-secret")).ifPresent(type ->
        problems.error("type", resource.position(), "this is a Secret manifest, not a resource that consumes secrets",
            "apply it with secretctl apply; project the Service, Workflow or other resource that uses it"));
    Optional<String> workspace = Problems.get(resource, "workspace").flatMap(node -> problems.workspace(node,
        "workspace"));
    DataosSecretsBinder v1 = new DataosSecretsBinder(problems);
    List<DataosSecret> entries = new ArrayList<>();
    boolean declared = false;
    for (String section : List.of("service", "workflow", "worker", "cluster")) {
      Optional<YamlNode.Mapping> mapping = Problems.get(resource, section).filter(YamlNode.Mapping.class::isInstance)
          .map(YamlNode.Mapping.class::cast);
      if (mapping.isEmpty()) {
        continue;
      }
      declared |= v1Block(mapping.get(), section, "dataosSecrets", v1, entries);
      if (section.equals("service")) {
        declared |= v1Block(mapping.get(), section, "secrets", v1, entries);
      }
      if (section.equals("workflow")) {
        declared |= dagBlocks(mapping.get(), v1, entries, problems);
      }
    }
    Optional<YamlNode.Mapping> depot = Problems.get(resource, "depot").filter(YamlNode.Mapping.class::isInstance)
        .map(YamlNode.Mapping.class::cast);
    if (depot.isPresent()) {
      declared |= v1Block(depot.get(), "depot", "secrets", v1, entries);
      declared |= v1Block(depot.get(), "depot", "dataosSecrets", v1, entries);
    }
    declared |= v1Block(resource, Problems.ROOT, "dataosSecrets", v1, entries);
    ProjectionBinder v2 = new ProjectionBinder(problems);
    List<ProjectionSpec> projections = new ArrayList<>();
    Optional<YamlNode.Mapping> use = Problems.get(resource, "spec").filter(YamlNode.Mapping.class::isInstance)
        .map(YamlNode.Mapping.class::cast).flatMap(spec -> Problems.get(spec, "use"))
        .filter(YamlNode.Mapping.class::isInstance).map(YamlNode.Mapping.class::cast);
    if (use.isPresent()) {
      declared |= v2Block(use.get(), "spec.use", v2, projections);
    }
    declared |= v2Block(resource, Problems.ROOT, v2, projections);
    if (!declared) {
      problems.error(Problems.ROOT, resource.position(), "the resource declares no secrets to project",
          "declare them as " + WHERE);
    }
    if (kind.isEmpty() || version.isEmpty() || name.isEmpty() || problems.errorCount() > 0) {
      return Optional.empty();
    }
    return Optional.of(new Consumer(kind.get(), version.get(), name.get(), workspace, entries, projections));
  }

  private static Optional<String> identity(YamlNode.Mapping resource, String field, Pattern pattern, String expected,
      Problems problems) {
    Optional<YamlNode> node = Problems.get(resource, field);
    if (node.isEmpty()) {
      problems.error(Problems.ROOT, resource.position(), "missing " + field,
          "a consumer is named by type, version and name, as it is recorded among the dependents of the secrets"
              + " it uses");
      return Optional.empty();
    }
    return problems.text(node.get(), field, expected).filter(text -> {
      if (pattern.matcher(text).matches()) {
        return true;
      }
      problems.error(field, node.get().position(), "invalid " + field + " " + Problems.shown(text), "expected "
          + expected);
      return false;
    });
  }

  private static boolean v1Block(YamlNode.Mapping parent, String parentPath, String field, DataosSecretsBinder v1,
      List<DataosSecret> entries) {
    Optional<YamlNode> block = Problems.get(parent, field);
    block.ifPresent(node -> entries.addAll(v1.bind(node, Problems.child(parentPath, field))));
    return block.isPresent();
  }

  private static boolean dagBlocks(YamlNode.Mapping workflow, DataosSecretsBinder v1, List<DataosSecret> entries,
      Problems problems) {
    Optional<YamlNode> dag = Problems.get(workflow, "dag");
    if (dag.isEmpty() || !(dag.get() instanceof YamlNode.Sequence jobs)) {
      return false;
    }
    boolean declared = false;
    for (int i = 0; i < jobs.items().size(); i++) {
      if (jobs.items().get(i) instanceof YamlNode.Mapping job) {
        String jobPath = Problems.index("workflow.dag", i);
        Optional<YamlNode.Mapping> spec = Problems.get(job, "spec").filter(YamlNode.Mapping.class::isInstance)
            .map(YamlNode.Mapping.class::cast);
        if (spec.isPresent()) {
          declared |= v1Block(spec.get(), Problems.child(jobPath, "spec"), "dataosSecrets", v1, entries);
        }
        Problems.entry(job, "dataosSecrets").ifPresent(entry -> problems.error(Problems.child(jobPath,
            "dataosSecrets"), entry.key().position(), "a DAG job's dataosSecrets belong in its spec",
            "move it under " + Problems.child(jobPath, "spec")));
      }
    }
    return declared;
  }

  private static boolean v2Block(YamlNode.Mapping parent, String parentPath, ProjectionBinder v2,
      List<ProjectionSpec> projections) {
    Optional<YamlNode> block = Problems.get(parent, "projection");
    YamlNode.Entry sibling = Problems.entry(parent, "templateType").orElse(null);
    block.ifPresent(node -> v2.bind(node, Problems.child(parentPath, "projection"), sibling)
        .ifPresent(projections::add));
    return block.isPresent();
  }
}
