package dev.secretkit.projection;

import dev.secretkit.SecretId;
import dev.secretkit.manifest.Position;
import dev.secretkit.manifest.Severity;
import dev.secretkit.manifest.Violation;
import dev.secretkit.manifest.YamlNode;
import dev.secretkit.spi.support.Suggestions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** What reading one consumer document found wrong, with the paths and positions, plus the helpers that walk its tree. */
final class Problems {
  static final String ROOT = "$";

  private final String origin;
  private final List<Violation> violations = new ArrayList<>();

  Problems(String origin) {
    this.origin = origin;
  }

  String origin() {
    return origin;
  }

  List<Violation> violations() {
    return List.copyOf(violations);
  }

  int errorCount() {
    return (int) violations.stream().filter(Violation::isError).count();
  }

  void error(String path, Position at, String message, String hint) {
    violations.add(new Violation(Severity.ERROR, path, at.line(), at.column(), message, hint));
  }

  void warning(String path, Position at, String message, String hint) {
    violations.add(new Violation(Severity.WARNING, path, at.line(), at.column(), message, hint));
  }

  Location location(String path, Position at) {
    return new Location(origin, path, at.line(), at.column());
  }

  static String child(String parent, String key) {
    String segment = key.matches("[A-Za-z_][A-Za-z0-9_-]*") ? key : "['" + shown(key) + "']";
    if (ROOT.equals(parent)) {
      return segment.startsWith("[") ? ROOT + segment : segment;
    }
    return segment.startsWith("[") ? parent + segment : parent + "." + segment;
  }

  /** Returns the path of the mapping or list that holds {@code path}; the root's parent is the root. */
  static String parentOf(String path) {
    int cut = path.endsWith("']") ? path.lastIndexOf("['") : path.endsWith("]") ? path.lastIndexOf('[')
        : path.lastIndexOf('.');
    return cut <= 0 ? ROOT : path.substring(0, cut);
  }

  static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }

  /** Returns a key as findings show it: up to its first character outside names, since a malformed key may be a value. */
  static String shown(String key) {
    int end = 0;
    while (end < key.length() && end < 40 && isNameCharacter(key.charAt(end))) {
      end++;
    }
    return end == key.length() ? key : key.substring(0, end) + "…";
  }

  private static boolean isNameCharacter(char c) {
    return c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.');
  }

  /** Returns the value of {@code key} in {@code mapping}, or empty. */
  static Optional<YamlNode> get(YamlNode.Mapping mapping, String key) {
    return mapping.entries().stream().filter(entry -> entry.key().text().equals(key)).map(YamlNode.Entry::value)
        .findFirst();
  }

  /** Returns the entry of {@code key} in {@code mapping}, or empty. */
  static Optional<YamlNode.Entry> entry(YamlNode.Mapping mapping, String key) {
    return mapping.entries().stream().filter(entry -> entry.key().text().equals(key)).findFirst();
  }

  /** Reports every key of {@code mapping} that is not in {@code known}, with a did-you-mean. */
  void unknownFields(YamlNode.Mapping mapping, String path, Collection<String> known, String what) {
    for (YamlNode.Entry entry : mapping.entries()) {
      String key = entry.key().text();
      if (!known.contains(key)) {
        String hint = Suggestions.closest(key, known).map(meant -> "did you mean " + meant + "?")
            .orElse("the fields of " + what + " are " + String.join(", ", known));
        error(child(path, key), entry.key().position(), "unknown field " + shown(key) + " in " + what, hint);
      }
    }
  }

  /** Returns {@code node} as a mapping, or reports that it should be one. */
  Optional<YamlNode.Mapping> mapping(YamlNode node, String path, String what) {
    if (node instanceof YamlNode.Mapping mapping) {
      return Optional.of(mapping);
    }
    error(path, node.position(), "expected " + what + " as a mapping, found " + node.describe(), "");
    return Optional.empty();
  }

  /** Returns {@code node} as a list, an empty value as an empty list, or reports that it should be one. */
  Optional<List<YamlNode>> list(YamlNode node, String path, String what) {
    if (node instanceof YamlNode.Sequence sequence) {
      return Optional.of(sequence.items());
    }
    if (node instanceof YamlNode.Scalar scalar && scalar.isNull()) {
      return Optional.of(List.of());
    }
    error(path, node.position(), "expected " + what + " as a list, found " + node.describe(), "");
    return Optional.empty();
  }

  /** Returns {@code node}'s text when it is a non-empty scalar, or reports that it should be one. */
  Optional<String> text(YamlNode node, String path, String what) {
    if (node instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
      return Optional.of(scalar.text());
    }
    error(path, node.position(), "expected " + what + ", found " + node.describe(), "");
    return Optional.empty();
  }

  /** Returns {@code node}'s text when it names a valid workspace (a scope), or reports what a workspace is. */
  Optional<String> workspace(YamlNode node, String path) {
    return text(node, path, "a workspace name").filter(text -> {
      if (SecretId.isScope(text)) {
        return true;
      }
      error(path, node.position(), "invalid workspace " + shown(text), "a workspace is lower-case letters, digits"
          + " and '-', starting with a letter, at most " + SecretId.MAX_SCOPE_LENGTH + " characters");
      return false;
    });
  }

  /** Returns {@code node}'s text when it is a scalar, an empty value as the empty string, or reports that it should be one. */
  Optional<String> textOrEmpty(YamlNode node, String path, String what) {
    if (node instanceof YamlNode.Scalar scalar) {
      return Optional.of(scalar.isNull() ? "" : scalar.text());
    }
    error(path, node.position(), "expected " + what + ", found " + node.describe(), "");
    return Optional.empty();
  }
}
