package dev.secretkit.projection;

import dev.secretkit.InvalidReferenceException;
import dev.secretkit.SecretRef;
import dev.secretkit.manifest.YamlNode;
import dev.secretkit.projection.template.TemplateException;
import dev.secretkit.projection.template.TemplateType;
import dev.secretkit.spi.support.Suggestions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Binds a V2 {@code projection} block into a {@link ProjectionSpec}, reporting what is wrong, and
 * compiles every template so that a syntax error or an undeclared alias is found before anything
 * is read.
 */
final class ProjectionBinder {
  private static final List<String> BLOCK_FIELDS = List.of("secrets", "depots", "projections", "templateType");
  private static final List<String> INPUT_FIELDS = List.of("id", "contextAlias");
  private static final List<String> OUTPUT_FIELDS = List.of("envVars", "files", "args", "dictionary");
  private static final List<String> ENV_FIELDS = List.of("key", "value", "template", "templateType");
  private static final List<String> FILE_FIELDS = List.of("name", "directory", "value", "template", "mode",
      "templateType");
  private static final List<String> ARG_FIELDS = List.of("value", "template", "templateType");
  private static final List<String> TYPE_NAMES = List.of("go-template", "liquid", "none");
  private static final Pattern ALIAS = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  /** Kubernetes' rule for environment variable names. */
  private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
  private static final Pattern MODE = Pattern.compile("(0o|0)?([0-7]{3})");
  /** The longest file name Linux and macOS file systems take. */
  private static final int MAX_NAME_BYTES = 255;
  /** An output tag of a liquid template, {@code {{ ... }}}. */
  private static final Pattern LIQUID_OUTPUT = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);

  private final Problems problems;

  ProjectionBinder(Problems problems) {
    this.problems = problems;
  }

  /**
   * Returns the block at {@code path}, or empty when it has errors.
   *
   * @param siblingType a {@code templateType} written next to the block rather than in it, or null
   */
  Optional<ProjectionSpec> bind(YamlNode node, String path, YamlNode.Entry siblingType) {
    int errorsBefore = problems.errorCount();
    Optional<YamlNode.Mapping> found = problems.mapping(node, path, "a projection (secrets, projections)");
    if (found.isEmpty()) {
      return Optional.empty();
    }
    YamlNode.Mapping block = found.get();
    problems.unknownFields(block, path, BLOCK_FIELDS, "a projection");
    Optional<YamlNode.Entry> inside = Problems.entry(block, "templateType");
    if (inside.isPresent() && siblingType != null) {
      problems.error(Problems.child(path, "templateType"), inside.get().key().position(),
          "templateType is given both in the projection and next to it", "keep the one in the projection");
    }
    YamlNode.Entry typeEntry = inside.orElse(siblingType);
    TemplateType type = typeEntry == null ? TemplateType.GO_TEMPLATE : templateType(typeEntry.value(),
        inside.isPresent() ? Problems.child(path, "templateType") : Problems.child(Problems.parentOf(path),
            "templateType")).orElse(TemplateType.GO_TEMPLATE);
    List<SecretInput> inputs = Problems.get(block, "secrets").map(value -> inputs(value,
        Problems.child(path, "secrets"))).orElse(List.of());
    Problems.entry(block, "depots").ifPresent(entry -> problems.warning(Problems.child(path, "depots"),
        entry.key().position(), "depot inputs are not projected by SecretKit: templates cannot use them",
        "store what the workload needs from the depot in a secret and add it to secrets:"));
    Set<String> aliases = new LinkedHashSet<>();
    inputs.forEach(input -> aliases.add(input.contextAlias()));
    List<EnvVarProjection> envVars = new ArrayList<>();
    List<FileProjection> files = new ArrayList<>();
    List<TemplateText> args = new ArrayList<>();
    Optional<YamlNode> outputs = Problems.get(block, "projections");
    if (outputs.isPresent()) {
      String outputsPath = Problems.child(path, "projections");
      problems.mapping(outputs.get(), outputsPath, "the projections (envVars, files, args)").ifPresent(mapping -> {
        problems.unknownFields(mapping, outputsPath, OUTPUT_FIELDS, "projections");
        Problems.entry(mapping, "dictionary").ifPresent(entry -> problems.warning(Problems.child(outputsPath,
            "dictionary"), entry.key().position(), "dictionary outputs are not rendered by SecretKit",
            "project the values as envVars or files instead"));
        Problems.get(mapping, "envVars").ifPresent(value -> envVars.addAll(envVars(value,
            Problems.child(outputsPath, "envVars"), type, aliases)));
        Problems.get(mapping, "files").ifPresent(value -> files.addAll(files(value,
            Problems.child(outputsPath, "files"), type, aliases)));
        Problems.get(mapping, "args").ifPresent(value -> args.addAll(args(value,
            Problems.child(outputsPath, "args"), type, aliases)));
      });
    }
    if (problems.errorCount() > errorsBefore) {
      return Optional.empty();
    }
    return Optional.of(new ProjectionSpec(inputs, envVars, files, args, type, problems.location(path,
        block.position())));
  }

  private Optional<TemplateType> templateType(YamlNode node, String path) {
    Optional<String> text = problems.text(node, path, "go-template, liquid or none");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Optional<TemplateType> type = TemplateType.fromManifestName(text.get());
    if (type.isEmpty()) {
      problems.error(path, node.position(), "unknown templateType " + Problems.shown(text.get()),
          Suggestions.closest(text.get(), TYPE_NAMES).map(meant -> "did you mean " + meant + "?")
              .orElse("use go-template, liquid or none"));
    }
    return type;
  }

  private List<SecretInput> inputs(YamlNode node, String path) {
    List<SecretInput> inputs = new ArrayList<>();
    Map<String, String> aliasPaths = new HashMap<>();
    List<YamlNode> items = problems.list(node, path, "a list of secrets (id, contextAlias)").orElse(List.of());
    for (int i = 0; i < items.size(); i++) {
      String itemPath = Problems.index(path, i);
      Optional<YamlNode.Mapping> found = problems.mapping(items.get(i), itemPath, "a secret (id, contextAlias)");
      if (found.isEmpty()) {
        continue;
      }
      YamlNode.Mapping mapping = found.get();
      problems.unknownFields(mapping, itemPath, INPUT_FIELDS, "a projection secret");
      Optional<String> id = required(mapping, itemPath, "id", "the secret, <tenant>:<name>").filter(text ->
          validId(text, Problems.child(itemPath, "id"), Problems.get(mapping, "id").orElseThrow()));
      Optional<String> alias = required(mapping, itemPath, "contextAlias", "the alias templates use").filter(text ->
          validAlias(text, Problems.child(itemPath, "contextAlias"), Problems.get(mapping, "contextAlias")
              .orElseThrow(), aliasPaths));
      if (id.isPresent() && alias.isPresent()) {
        inputs.add(new SecretInput(id.get(), alias.get(), problems.location(itemPath, mapping.position())));
      }
    }
    return inputs;
  }

  private Optional<String> required(YamlNode.Mapping mapping, String path, String field, String what) {
    Optional<YamlNode> value = Problems.get(mapping, field);
    if (value.isEmpty()) {
      problems.error(path, mapping.position(), "missing " + field, "add " + field + ": <" + what + ">");
      return Optional.empty();
    }
    return problems.text(value.get(), Problems.child(path, field), what);
  }

  private boolean validId(String text, String path, YamlNode at) {
    try {
      SecretRef ref = SecretRef.parse(text);
      if (ref.key().isPresent()) {
        problems.error(path, at.position(), "the id names a key: a projection reads whole secrets",
            "remove #" + ref.key().get() + " and name the key in the template");
        return false;
      }
      return true;
    } catch (InvalidReferenceException e) {
      problems.error(path, at.position(), "invalid secret id " + Problems.shown(text),
          "write <tenant>:<secret-name>, or a bare name for the consumer's workspace");
      return false;
    }
  }

  private boolean validAlias(String alias, String path, YamlNode at, Map<String, String> aliasPaths) {
    if (!ALIAS.matcher(alias).matches()) {
      problems.error(path, at.position(), "invalid contextAlias " + Problems.shown(alias),
          "an alias is a template identifier: letters, digits and '_', starting with a letter or '_'");
      return false;
    }
    String first = aliasPaths.putIfAbsent(alias, path);
    if (first != null) {
      problems.error(path, at.position(), "the contextAlias " + alias + " is declared twice; first at " + first,
          "give each secret its own alias");
      return false;
    }
    return true;
  }

  private List<EnvVarProjection> envVars(YamlNode node, String path, TemplateType type, Set<String> aliases) {
    List<EnvVarProjection> envVars = new ArrayList<>();
    Map<String, String> keyPaths = new HashMap<>();
    List<YamlNode> items = problems.list(node, path, "a list of variables (key, template)").orElse(List.of());
    for (int i = 0; i < items.size(); i++) {
      String itemPath = Problems.index(path, i);
      Optional<YamlNode.Mapping> found = problems.mapping(items.get(i), itemPath, "a variable (key, template)");
      if (found.isEmpty()) {
        continue;
      }
      YamlNode.Mapping mapping = found.get();
      problems.unknownFields(mapping, itemPath, ENV_FIELDS, "an envVars entry");
      Optional<String> key = required(mapping, itemPath, "key", "the variable's name").filter(name -> {
        YamlNode at = Problems.get(mapping, "key").orElseThrow();
        if (!ENV_NAME.matcher(name).matches()) {
          problems.error(Problems.child(itemPath, "key"), at.position(), "invalid variable name "
              + Problems.shown(name), "a variable name is letters, digits, '_', '-' and '.', not starting with a digit");
          return false;
        }
        String first = keyPaths.putIfAbsent(name, itemPath);
        if (first != null) {
          problems.error(Problems.child(itemPath, "key"), at.position(), "the variable " + name
              + " is projected twice; first at " + first, "keep one of them");
          return false;
        }
        return true;
      });
      Optional<TemplateText> template = template(mapping, itemPath, type, aliases);
      if (key.isPresent() && template.isPresent()) {
        envVars.add(new EnvVarProjection(key.get(), template.get()));
      }
    }
    return envVars;
  }

  private List<FileProjection> files(YamlNode node, String path, TemplateType type, Set<String> aliases) {
    List<FileProjection> files = new ArrayList<>();
    Map<String, String> filePaths = new HashMap<>();
    List<YamlNode> items = problems.list(node, path, "a list of files (name, template)").orElse(List.of());
    for (int i = 0; i < items.size(); i++) {
      String itemPath = Problems.index(path, i);
      Optional<YamlNode.Mapping> found = problems.mapping(items.get(i), itemPath, "a file (name, template)");
      if (found.isEmpty()) {
        continue;
      }
      YamlNode.Mapping mapping = found.get();
      problems.unknownFields(mapping, itemPath, FILE_FIELDS, "a files entry");
      Optional<String> name = required(mapping, itemPath, "name", "the file's name").filter(text ->
          validFileName(text, Problems.child(itemPath, "name"), Problems.get(mapping, "name").orElseThrow()));
      Optional<String> directory = Optional.of("");
      Optional<YamlNode> directoryNode = Problems.get(mapping, "directory");
      if (directoryNode.isPresent()) {
        String directoryPath = Problems.child(itemPath, "directory");
        directory = problems.text(directoryNode.get(), directoryPath, "a directory").flatMap(text ->
            DirectoryNames.relative(text, directoryPath, directoryNode.get().position(), problems));
      }
      OptionalInt mode = Problems.get(mapping, "mode").map(value -> mode(value, Problems.child(itemPath, "mode")))
          .orElse(OptionalInt.empty());
      Optional<TemplateText> template = template(mapping, itemPath, type, aliases);
      if (name.isEmpty() || directory.isEmpty() || template.isEmpty()) {
        continue;
      }
      FileProjection file = new FileProjection(name.get(), Optional.of(directory.get()).filter(dir -> !dir.isEmpty()),
          template.get(), mode);
      if (directory.get().isEmpty() && DirectoryNames.isReserved(name.get())) {
        problems.error(Problems.child(itemPath, "name"), Problems.get(mapping, "name").orElseThrow().position(),
            "the name " + name.get() + " at the root of the secret directory is reserved for the runtime",
            "choose another name, or put the file in a directory of its own");
        continue;
      }
      String first = filePaths.putIfAbsent(file.relativePath(), itemPath);
      if (first != null) {
        problems.error(itemPath, mapping.position(), "the file " + file.relativePath() + " is projected twice;"
            + " first at " + first, "give each file its own name or directory");
        continue;
      }
      files.add(file);
    }
    return files;
  }

  private boolean validFileName(String name, String path, YamlNode at) {
    if (name.contains("/") || name.contains("\\") || name.equals(".") || name.startsWith("..")
        || name.indexOf('\0') >= 0) {
      problems.error(path, at.position(), "invalid file name " + Problems.shown(name),
          "a file name has no '/' and does not start with '..'; put the file in a folder with directory:");
      return false;
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      problems.error(path, at.position(), "the file name is longer than " + MAX_NAME_BYTES + " bytes",
          "file systems refuse longer names; shorten it");
      return false;
    }
    return true;
  }

  private OptionalInt mode(YamlNode node, String path) {
    Optional<String> text = problems.text(node, path, "a file mode such as 0600");
    if (text.isEmpty()) {
      return OptionalInt.empty();
    }
    var matcher = MODE.matcher(text.get());
    if (!matcher.matches()) {
      problems.error(path, node.position(), "invalid file mode " + Problems.shown(text.get()),
          "write the permission bits in octal, such as 0600 or 0400");
      return OptionalInt.empty();
    }
    int mode = Integer.parseInt(matcher.group(2), 8);
    if ((mode & 0400) == 0) {
      problems.error(path, node.position(), "the mode " + text.get() + " does not let the owner read the file",
          "use 0600 or 0400");
      return OptionalInt.empty();
    }
    return OptionalInt.of(mode);
  }

  private List<TemplateText> args(YamlNode node, String path, TemplateType type, Set<String> aliases) {
    List<TemplateText> args = new ArrayList<>();
    List<YamlNode> items = problems.list(node, path, "a list of arguments").orElse(List.of());
    for (int i = 0; i < items.size(); i++) {
      String itemPath = Problems.index(path, i);
      YamlNode item = items.get(i);
      if (item instanceof YamlNode.Scalar scalar) {
        compiled(scalar.isNull() ? "" : scalar.text(), Optional.empty(), itemPath, scalar, type, aliases)
            .ifPresent(args::add);
        continue;
      }
      problems.mapping(item, itemPath, "an argument (template)").ifPresent(mapping -> {
        problems.unknownFields(mapping, itemPath, ARG_FIELDS, "an args entry");
        template(mapping, itemPath, type, aliases).ifPresent(args::add);
      });
    }
    return args;
  }

  /** Returns the template of an entry, {@code template:} or {@code value:}, compiled to check it. */
  private Optional<TemplateText> template(YamlNode.Mapping mapping, String path, TemplateType blockType,
      Set<String> aliases) {
    Optional<YamlNode.Entry> template = Problems.entry(mapping, "template");
    Optional<YamlNode.Entry> value = Problems.entry(mapping, "value");
    if (template.isPresent() && value.isPresent()) {
      problems.error(Problems.child(path, "value"), value.get().key().position(),
          "both template and value are given; they mean the same", "keep one of them");
      return Optional.empty();
    }
    Optional<YamlNode.Entry> given = template.or(() -> value);
    if (given.isEmpty()) {
      problems.error(path, mapping.position(), "missing template", "add template: <text>, or value: <text>");
      return Optional.empty();
    }
    String textPath = Problems.child(path, given.get().key().text());
    Optional<String> text = problems.textOrEmpty(given.get().value(), textPath, "the template text");
    Optional<TemplateType> own = Optional.empty();
    Optional<YamlNode> typeNode = Problems.get(mapping, "templateType");
    if (typeNode.isPresent()) {
      own = templateType(typeNode.get(), Problems.child(path, "templateType"));
      if (own.isEmpty()) {
        return Optional.empty();
      }
    }
    if (text.isEmpty()) {
      return Optional.empty();
    }
    return compiled(text.get(), own, textPath, given.get().value(), blockType, aliases);
  }

  private Optional<TemplateText> compiled(String text, Optional<TemplateType> own, String path, YamlNode at,
      TemplateType blockType, Set<String> aliases) {
    TemplateText template = new TemplateText(text, own, problems.location(path, at.position()));
    TemplateType type = own.orElse(blockType);
    try {
      type.engine().compile(text, aliases);
    } catch (TemplateException e) {
      problems.error(path, at.position(), TemplateErrors.message(e, type), e.hint());
      return Optional.empty();
    }
    if (type == TemplateType.LIQUID && LIQUID_OUTPUT.matcher(text).results().map(tag -> tag.group(1))
        .anyMatch(output -> output.contains("secrets") && !output.contains("base64_decode"))) {
      problems.warning(path, at.position(), "liquid templates see secret values base64-encoded, and this one"
          + " outputs one without decoding it", "pipe each value through base64_decode: {{ secrets['alias'].KEY | base64_decode }}");
    }
    return Optional.of(template);
  }
}
