package dev.secretkit.manifest;

import dev.secretkit.internal.ManifestPaths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The hostile-input limits both tree builders enforce, and how they report a breach. */
final class TreeLimits {
  private static final Pattern QUOTED = Pattern.compile("(['\"])(.*?)\\1");
  private static final Pattern SAFE_QUOTED =
      Pattern.compile("<[a-z ]+>|\\\\[a-z0-9]+(\\([A-Z]+\\))?|[^A-Za-z0-9\\s]{1,3}");
  /** The deepest nesting of mappings and lists. */
  static final int MAX_DEPTH = 20;
  /**
   * The depth of the deepest mapping a manifest's schema has ({@code secret.data}: the document is
   * 1, its section 2, {@code data} 3); the keys of mappings deeper than this are text of values.
   */
  static final int SCHEMA_DEPTH = 3;
  /** How many nodes the documents of one source may hold once aliases are counted as copies. */
  static final int MAX_NODES = 100_000;

  private TreeLimits() {}

  static void checkDepth(int depth, Position position, String path, int document) throws TreeException {
    if (depth > MAX_DEPTH) {
      throw new TreeException("nesting deeper than " + MAX_DEPTH + " levels", position,
          "a Secret manifest needs three levels; remove the extra nesting", path, document);
    }
  }

  static void checkNodes(long nodes, Position position, String path, int document) throws TreeException {
    if (nodes > MAX_NODES) {
      throw new TreeException("document too large: more than " + MAX_NODES + " nodes with aliases expanded",
          position, "a Secret manifest holds a few keys; split or simplify the file", path, document);
    }
  }

  /**
   * Reports a key seen twice in one mapping. Inside a value (below {@link #SCHEMA_DEPTH}) the key
   * is not named: it is text the author meant as part of a value.
   */
  static void checkDuplicate(YamlNode.Scalar key, Position first, String path, int depth, int document)
      throws TreeException {
    if (first != null) {
      String name = depth <= SCHEMA_DEPTH ? " '" + ManifestPaths.display(key.text()) + "'" : "";
      throw new TreeException("duplicate key" + name + " (first at line " + first.line() + ")",
          key.position(), "keep one of them; the format does not say which would win", path, document);
    }
  }

  /**
   * Returns the path of {@code key} in the mapping at {@code path}, which is at {@code depth}.
   * Paths stop at {@link #SCHEMA_DEPTH}: below it, a "key" is text of a value (a password that
   * starts with '{' reads as a mapping), and the path must not repeat it.
   */
  static String childPath(String path, String key, int depth) {
    return depth <= SCHEMA_DEPTH ? ManifestPaths.child(path, key) : path;
  }

  /** Returns the path of item {@code index} of the list at {@code path}, which is at {@code depth}; as {@link #childPath}. */
  static String indexPath(String path, int index, int depth) {
    return depth <= SCHEMA_DEPTH ? ManifestPaths.index(path, index) : path;
  }

  /**
   * Keeps a parser's message free of manifest content. Parsers quote what they found; only
   * quoted token names ({@code '<block end>'}), escape names ({@code '\t(TAB)'}) and short
   * punctuation ({@code ','}) are kept. Unquoted echoes ({@code found: ...}, {@code C(67)},
   * {@code (code 67)}) are removed.
   */
  static String redact(String problem) {
    if (problem == null) {
      return "unreadable input";
    }
    Matcher quoted = QUOTED.matcher(problem);
    StringBuilder out = new StringBuilder();
    while (quoted.find()) {
      String inner = quoted.group(2);
      boolean safe = SAFE_QUOTED.matcher(inner).matches();
      quoted.appendReplacement(out, Matcher.quoteReplacement(safe ? quoted.group() : quoted.group(1) + "…" + quoted.group(1)));
    }
    quoted.appendTail(out);
    return out.toString()
        .replaceAll("found: .*", "found: …")
        .replaceAll(" ?\\(code -?\\d+\\)", "")
        .replaceAll("\\S\\(\\d+\\)", "…");
  }
}
