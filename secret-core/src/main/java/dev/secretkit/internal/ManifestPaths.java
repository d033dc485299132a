package dev.secretkit.internal;

import java.util.regex.Pattern;

/** Builds the dotted paths that name places in a manifest: {@code secret.data.password}, {@code tags[2]}. */
public final class ManifestPaths {
  /** The path of a whole document. */
  public static final String ROOT = "$";

  private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  private ManifestPaths() {}

  /** Returns the path of {@code key} inside the mapping at {@code parent}. */
  public static String child(String parent, String key) {
    String segment = WORD.matcher(key).matches() ? key : "['" + key.replace("'", "\\'") + "']";
    if (ROOT.equals(parent)) {
      return segment.startsWith("[") ? ROOT + segment : segment;
    }
    return segment.startsWith("[") ? parent + segment : parent + "." + segment;
  }

  /** Returns the path of the mapping or list that holds {@code path}; the root's parent is the root. */
  public static String parent(String path) {
    int cut;
    if (path.endsWith("']")) {
      cut = path.lastIndexOf("['");
    } else if (path.endsWith("]")) {
      cut = path.lastIndexOf('[');
    } else {
      cut = path.lastIndexOf('.');
    }
    if (cut <= 0) {
      return ROOT;
    }
    return path.substring(0, cut);
  }

  /** Returns the last key of {@code path}, unquoted: {@code password} for {@code secret.data.password}. */
  public static String lastKey(String path) {
    if (path.endsWith("']")) {
      return path.substring(path.lastIndexOf("['") + 2, path.length() - 2).replace("\\'", "'");
    }
    return path.substring(path.lastIndexOf('.') + 1);
  }

  /** Returns the path of item {@code index} of the list at {@code parent}. */
  public static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }
}
