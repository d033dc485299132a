package dev.secretkit.manifest;

import static dev.secretkit.internal.ManifestPaths.ROOT;
import static dev.secretkit.internal.ManifestPaths.child;

import dev.secretkit.SecretValue;
import dev.secretkit.internal.ManifestPaths;
import dev.secretkit.spi.support.Suggestions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Binds one document's {@link YamlNode} tree to a {@link SecretManifest}, reporting every shape
 * problem (wrong kinds of node, unknown fields, empty values), expanding interpolation and
 * loading {@code files:}. Semantic rules belong to the validator, not here.
 */
final class ManifestBinder {
  static final String SECRET = "secret";
  static final String SPEC = "spec";
  static final String INSTANCE_SECRET = "instance-secret";
  private static final String PLACEHOLDER = "${{";
  private static final Pattern CONVENTIONAL_REFERENCE = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*}|\\$[A-Z_][A-Z0-9_]*");

  private static final List<String> TOP_LEVEL_FIELDS = List.of(
      "name", "version", "type", "tags", "description", "owner", "layer", "workspace", SECRET, INSTANCE_SECRET);
  private static final List<String> SECTION_FIELDS = List.of("type", "acl", "data", "files");

  private final Interpolator interpolator;
  private final Path baseDirectory;
  private final long maxFileBytes;
  private final boolean readFiles;

  private final List<Violation> problems = new ArrayList<>();
  private final Map<String, Position> valuePositions = new HashMap<>();
  private final Map<String, Position> keyPositions = new HashMap<>();

  /**
   * Creates a binder for one document.
   *
   * @param interpolator expands {@code $VAR}, or null when interpolation is off
   * @param baseDirectory the directory that relative {@code files:} paths resolve against
   * @param readFiles whether to read {@code files:} entries, or give each an empty value unread
   */
  ManifestBinder(Interpolator interpolator, Path baseDirectory, long maxFileBytes, boolean readFiles) {
    this.interpolator = interpolator;
    this.baseDirectory = baseDirectory;
    this.maxFileBytes = maxFileBytes;
    this.readFiles = readFiles;
  }

  ManifestDocument bind(String origin, int index, YamlNode root) {
    valuePositions.put(ROOT, root.position());
    if (!(root instanceof YamlNode.Mapping mapping)) {
      error(ROOT, root.position(), "a manifest must be a mapping of fields, found " + root.describe(),
          "start with name:, version:, type: and secret:");
      return document(origin, index, new SecretManifest(null, null, null, List.of(), null, null, null, null, null), null);
    }
    String type = peek(mapping, "type");
    String version = peek(mapping, "version");
    Map<String, String> text = new HashMap<>();
    List<String> tags = List.of();
    Map<String, YamlNode.Entry> sections = new LinkedHashMap<>();
    for (YamlNode.Entry entry : mapping.entries()) {
      String key = entry.key().text();
      String path = child(ROOT, key);
      record(path, entry);
      switch (key) {
        case "name", "version", "type", "description", "owner", "layer", "workspace" ->
            text.put(key, text(entry.value(), path));
        case "tags" -> tags = tags(entry.value(), path);
        case SECRET, SPEC, INSTANCE_SECRET -> sections.put(key, entry);
        default -> unknownField(path, entry.key(), TOP_LEVEL_FIELDS);
      }
    }
    String sectionKey = chooseSection(sections, type, version, mapping.position());
    SecretSection section = null;
    if (sectionKey != null) {
      section = section(sections.get(sectionKey).value(), sectionKey);
    }
    SecretManifest manifest = new SecretManifest(text.get("name"), text.get("version"), text.get("type"), tags,
        text.get("description"), text.get("owner"), text.get("layer"), text.get("workspace"), section);
    return document(origin, index, manifest, sectionKey);
  }

  private ManifestDocument document(String origin, int index, SecretManifest manifest, String sectionKey) {
    return new ManifestDocument(origin, index, manifest, sectionKey, problems, valuePositions, keyPositions);
  }

  /** Picks the section to read and reports keys that do not belong with this type and version. */
  private String chooseSection(Map<String, YamlNode.Entry> sections, String type, String version, Position root) {
    boolean instance = INSTANCE_SECRET.equals(type);
    boolean secret = SECRET.equals(type);
    if (instance && sections.containsKey(SECRET)) {
      error(SECRET, sections.get(SECRET).key().position(),
          "an instance-secret keeps its values under instance-secret:, not secret:", "rename secret: to instance-secret:");
    }
    if (secret && sections.containsKey(INSTANCE_SECRET)) {
      error(INSTANCE_SECRET, sections.get(INSTANCE_SECRET).key().position(),
          "a secret keeps its values under secret:, not instance-secret:",
          "rename instance-secret: to secret:, or set type: instance-secret");
    }
    YamlNode.Entry spec = sections.get(SPEC);
    if (spec != null) {
      if (!"v2alpha".equals(version) || instance) {
        error(SPEC, spec.key().position(), "spec: is accepted as the secret section only in a v2alpha secret",
            "rename spec: to " + (instance ? "instance-secret:" : "secret:"));
      } else if (sections.containsKey(SECRET)) {
        error(SPEC, spec.key().position(), "both secret: and spec: are set; they name the same section",
            "keep secret: and remove spec:");
      } else {
        warning(SPEC, spec.key().position(), "spec: is read as an alias of secret:",
            "write secret:, the key every DataOS example uses");
      }
    }
    String expected = instance ? INSTANCE_SECRET : SECRET;
    if (sections.containsKey(expected)) {
      return expected;
    }
    if (sections.isEmpty()) {
      error(expected, root, "missing required field '" + expected + "'",
          "add " + expected + ": with type, " + (instance || "v1".equals(version) ? "acl, " : "") + "data and files");
      return null;
    }
    return sections.keySet().iterator().next();
  }

  private SecretSection section(YamlNode node, String path) {
    if (node instanceof YamlNode.Sequence) {
      error(path, node.position(), "expected a mapping, found a list",
          "remove the '- ' before the first field of " + path + ":");
      return null;
    }
    if (!(node instanceof YamlNode.Mapping mapping)) {
      error(path, node.position(), "expected a mapping with type, acl, data and files, found " + node.describe(),
          "indent the section's fields under " + path + ":");
      return null;
    }
    Map<String, String> text = new HashMap<>();
    Map<String, SecretValue> data = new LinkedHashMap<>();
    Map<String, FileEntry> files = new LinkedHashMap<>();
    YamlNode.Entry legacyFile = null;
    boolean hasFiles = false;
    for (YamlNode.Entry entry : mapping.entries()) {
      String key = entry.key().text();
      String fieldPath = child(path, key);
      record(fieldPath, entry);
      switch (key) {
        case "type", "acl" -> text.put(key, text(entry.value(), fieldPath));
        case "data" -> data(entry.value(), fieldPath, data);
        case "files" -> {
          hasFiles = true;
          files(entry.value(), fieldPath, files);
        }
        case "file" -> legacyFile = entry;
        default -> unknownField(fieldPath, entry.key(), SECTION_FIELDS);
      }
    }
    if (legacyFile != null) {
      legacyFile(legacyFile, child(path, "file"), hasFiles, files);
    }
    return new SecretSection(text.get("type"), text.get("acl"), data, files);
  }

  private void legacyFile(YamlNode.Entry entry, String path, boolean hasFiles, Map<String, FileEntry> files) {
    if (hasFiles) {
      error(path, entry.key().position(), "both files: and file: are set", "move the entries of file: into files:");
      return;
    }
    warning(path, entry.key().position(), "file: is a legacy spelling of files:", "rename it to files:");
    if (entry.value() instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
      String written = expandPath(scalar, path);
      if (written != null) {
        String key = fileName(written);
        load(key, written, path, scalar.position(), files);
      }
    } else {
      files(entry.value(), path, files);
    }
  }

  private static String fileName(String path) {
    int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    return path.substring(slash + 1);
  }

  private void data(YamlNode node, String path, Map<String, SecretValue> data) {
    forEachEntry(node, path, "key: value", (key, valuePath, value) -> {
      if (!(value instanceof YamlNode.Scalar scalar)) {
        error(valuePath, value.position(), "expected a text value, found " + value.describe(),
            "to store structured text such as JSON, quote it or write it as a block scalar (" + key + ": |)");
      } else if (scalar.isNull() || scalar.text().isEmpty()) {
        error(valuePath, value.position(), "empty value; a secret value must not be empty",
            "write the value, or remove the key");
      } else if (hasPlaceholder(scalar.text())) {
        placeholder(valuePath, value.position());
      } else {
        String expanded = expand(scalar.text(), valuePath, value.position());
        if (expanded != null) {
          data.put(key, SecretValue.ofString(expanded));
        }
      }
    });
  }

  private void files(YamlNode node, String path, Map<String, FileEntry> files) {
    forEachEntry(node, path, "key: path/to/file", (key, valuePath, value) -> {
      if (!(value instanceof YamlNode.Scalar scalar) || scalar.isNull() || scalar.text().isEmpty()) {
        error(valuePath, value.position(), "expected the path of a file, found " + value.describe(),
            "write the path of the file whose content is stored under '" + key + "'");
        return;
      }
      String written = expandPath(scalar, valuePath);
      if (written != null) {
        load(key, written, valuePath, scalar.position(), files);
      }
    });
  }

  /** What to do with one entry of a {@code data} or {@code files} mapping. */
  private interface EntryAction {
    void accept(String key, String valuePath, YamlNode value);
  }

  /**
   * Records and visits each entry with a valid key of the mapping at {@code path}; reports
   * invalid keys, and a node that is not a mapping.
   */
  private void forEachEntry(YamlNode node, String path, String shape, EntryAction action) {
    YamlNode.Mapping mapping = keyedMapping(node, path, shape);
    if (mapping == null) {
      return;
    }
    for (YamlNode.Entry entry : mapping.entries()) {
      String key = entry.key().text();
      String valuePath = child(path, key);
      if (!ManifestPaths.isValidKey(key)) {
        error(valuePath, entry.key().position(), "key '" + ManifestPaths.display(key) + "' is not valid:"
                + " keys hold 1 to 253 letters, digits, '.', '_' and '-'",
            key.contains(":") ? "if this is key:value, put a space after the ':'" : "rename the key");
        continue;
      }
      record(valuePath, entry);
      action.accept(key, valuePath, entry.value());
    }
  }

  private YamlNode.Mapping keyedMapping(YamlNode node, String path, String shape) {
    if (node instanceof YamlNode.Mapping mapping) {
      return mapping;
    }
    if (!(node instanceof YamlNode.Scalar scalar && scalar.isNull())) {
      error(path, node.position(), "expected a mapping of " + shape + ", found " + node.describe(),
          "write one '" + shape + "' per line, indented under " + lastSegment(path) + ":");
    }
    return null;
  }

  private static String lastSegment(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  /**
   * Returns whether {@code text} holds an unfilled {@code ${{...}}} template placeholder; a
   * {@code $$}, the escape of a literal {@code $}, never starts one, so {@code $${{x}}} is the text
   * {@code ${{x}}}, as {@code get -o manifest --reveal} writes it.
   */
  private static boolean hasPlaceholder(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.startsWith("$$", i)) {
        i++;
      } else if (text.startsWith(PLACEHOLDER, i)) {
        return true;
      }
    }
    return false;
  }

  private String expandPath(YamlNode.Scalar scalar, String path) {
    if (hasPlaceholder(scalar.text())) {
      placeholder(path, scalar.position());
      return null;
    }
    return expand(scalar.text(), path, scalar.position());
  }

  private void load(String key, String written, String path, Position position, Map<String, FileEntry> files) {
    Path resolved;
    try {
      resolved = baseDirectory.resolve(written).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      error(path, position, "'" + written + "' is not a valid file path", "write the path of a readable file");
      return;
    }
    if (!readFiles) {
      files.put(key, new FileEntry(written, resolved, SecretValue.ofBytes(new byte[0])));
      return;
    }
    String where = "file '" + written + "'" + (written.equals(resolved.toString()) ? "" : " (" + resolved + ")");
    if (!Files.exists(resolved)) {
      error(path, position, where + " does not exist",
          "relative paths resolve against the manifest's directory; check the path");
    } else if (Files.isDirectory(resolved)) {
      error(path, position, where + " is a directory", "name a file inside it");
    } else if (!Files.isReadable(resolved)) {
      error(path, position, where + " is not readable", "check the file's permissions");
    } else {
      try {
        long size = Files.size(resolved);
        if (size > maxFileBytes) {
          error(path, position, where + " is " + size + " bytes, over the limit of " + maxFileBytes,
              "store a smaller file; secrets are credentials, not data");
          return;
        }
        files.put(key, new FileEntry(written, resolved, SecretValue.ofBytes(Files.readAllBytes(resolved))));
      } catch (IOException e) {
        error(path, position, where + " cannot be read (" + e.getClass().getSimpleName() + ")",
            "check that the file is readable");
      }
    }
  }

  private String expand(String text, String path, Position position) {
    if (interpolator == null) {
      return text;
    }
    Interpolator.Result result = interpolator.expand(text);
    if (result.malformed()) {
      error(path, position, "malformed '${...}': it must hold a variable name and end with '}'",
          "write ${NAME}, write $$ for a literal '$', or disable interpolation (--disable-interpolation)");
    }
    if (!result.undefined().isEmpty()) {
      undefined(result.undefined(), path, position);
    }
    return result.ok() ? result.text() : null;
  }

  /**
   * Reports undefined variables. A reference that is braced or in the conventional upper-case
   * form is named; a bare lower-case one ({@code pa$sw0rd}) is probably part of a literal value,
   * so it is counted but not shown.
   */
  private void undefined(Set<String> references, String path, Position position) {
    List<String> shown = references.stream().filter(r -> CONVENTIONAL_REFERENCE.matcher(r).matches()).toList();
    int hidden = references.size() - shown.size();
    String message;
    if (shown.isEmpty()) {
      message = "'$' followed by text that is not a defined environment variable"
          + " (not shown: it looks like part of the value)";
    } else {
      message = "undefined environment variable" + (shown.size() > 1 ? "s " : " ") + String.join(", ", shown)
          + (hidden == 0 ? "" : " and " + hidden + " more that look like part of the value (not shown)");
    }
    error(path, position, message, (references.size() > 1 ? "define them" : "define it")
        + ", write $$ for a literal '$', or disable interpolation (--disable-interpolation)");
  }

  private String text(YamlNode node, String path) {
    if (!(node instanceof YamlNode.Scalar scalar)) {
      error(path, node.position(), "expected text, found " + node.describe(), "write a single value");
      return null;
    }
    if (scalar.isNull()) {
      return null;
    }
    if (hasPlaceholder(scalar.text())) {
      placeholder(path, scalar.position());
    }
    return scalar.text();
  }

  private List<String> tags(YamlNode node, String path) {
    if (node instanceof YamlNode.Scalar scalar && scalar.isNull()) {
      return List.of();
    }
    if (!(node instanceof YamlNode.Sequence sequence)) {
      error(path, node.position(), "expected a list of text, found " + node.describe(), "write tags: [a, b]");
      return List.of();
    }
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < sequence.items().size(); i++) {
      YamlNode item = sequence.items().get(i);
      String itemPath = ManifestPaths.index(path, i);
      valuePositions.put(itemPath, item.position());
      if (item instanceof YamlNode.Scalar scalar && scalar.isNull()) {
        error(itemPath, item.position(), "empty tag", "remove it or give it a value");
        continue;
      }
      String tag = text(item, itemPath);
      if (tag != null) {
        tags.add(tag);
      }
    }
    return tags;
  }

  private void unknownField(String path, YamlNode.Scalar key, List<String> known) {
    String hint = Suggestions.closest(key.text(), known)
        .map(suggestion -> "did you mean '" + suggestion + "'?")
        .orElse("known fields here: " + String.join(", ", known));
    error(path, key.position(), "unknown field '" + ManifestPaths.display(key.text()) + "'", hint);
  }

  private void placeholder(String path, Position position) {
    error(path, position, "unfilled template placeholder '${{...}}'",
        "replace the placeholder with the real value, or with $VARIABLE to take it from the environment");
  }

  private void record(String path, YamlNode.Entry entry) {
    keyPositions.put(path, entry.key().position());
    valuePositions.put(path, entry.value().position());
  }

  private static String peek(YamlNode.Mapping mapping, String field) {
    for (YamlNode.Entry entry : mapping.entries()) {
      if (entry.key().text().equals(field) && entry.value() instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
        return scalar.text();
      }
    }
    return null;
  }

  private void error(String path, Position position, String message, String hint) {
    problems.add(new Violation(Severity.ERROR, path, position.line(), position.column(), message, hint));
  }

  private void warning(String path, Position position, String message, String hint) {
    problems.add(new Violation(Severity.WARNING, path, position.line(), position.column(), message, hint));
  }
}
