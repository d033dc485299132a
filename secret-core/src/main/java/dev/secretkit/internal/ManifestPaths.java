package dev.secretkit.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds the dotted paths that name places in a manifest: {@code secret.data.password}, {@code tags[2]}. */
public final class ManifestPaths {
  /** The path of a whole document. */
  public static final String ROOT = "$";

  private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]{1,253}");
  private static final Pattern KEY_CHARACTERS = Pattern.compile("[A-Za-z0-9._-]*");
  private static final int SHOWN_PREFIX = 40;

  private ManifestPaths() {}

  /** Returns the path of {@code key} inside the mapping at {@code parent}. */
  public static String child(String parent, String key) {
    String segment = isValidKey(key) && WORD.matcher(key).matches() ? key : "['" + display(key) + "']";
    if (ROOT.equals(parent)) {
      return segment.startsWith("[") ? ROOT + segment : segment;
    }
    return segment.startsWith("[") ? parent + segment : parent + "." + segment;
  }

  /** Returns whether {@code key} is a valid secret key: 1 to 253 letters, digits, '.', '_' and '-'. */
  public static boolean isValidKey(String key) {
    return KEY.matcher(key).matches();
  }

  /**
   * Returns {@code key} as findings may show it: whole when it is a valid key, else only up to
   * its first invalid character (at most 40 characters), then {@code …}. An invalid key is often
   * a value in disguise ({@code password:hunter2}, with no space after the colon), so it is
   * never printed whole.
   */
  public static String display(String key) {
    if (isValidKey(key)) {
      return key;
    }
    Matcher prefix = KEY_CHARACTERS.matcher(key);
    prefix.lookingAt();
    String shown = key.substring(0, Math.min(prefix.end(), SHOWN_PREFIX));
    return shown + "…";
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
      return path.substring(path.lastIndexOf("['") + 2, path.length() - 2);
    }
    return path.substring(path.lastIndexOf('.') + 1);
  }

  /** Returns the path of item {@code index} of the list at {@code parent}. */
  public static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }
}
