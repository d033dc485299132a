package dev.secretkit.emulator.vault;

/** How the emulator writes namespace and mount paths, so that each has one spelling. */
final class Namespaces {
  private Namespaces() {
  }

  /**
   * Returns {@code path} as Vault keeps a namespace path: no leading slash, one trailing slash, and
   * {@code ""} for the root namespace, which {@code "root"} also names.
   *
   * @throws IllegalArgumentException if a segment is empty, {@code .} or {@code ..}
   */
  static String canonical(String path) {
    String trimmed = trimSlashes(path);
    if (trimmed.isEmpty() || trimmed.equals("root")) {
      return "";
    }
    checkSegments(trimmed, "namespace");
    return trimmed + "/";
  }

  /**
   * Returns a mount path without leading or trailing slashes, such as {@code "secret"} or {@code "team/kv"}.
   *
   * @throws IllegalArgumentException if it is empty or a segment is empty, {@code .} or {@code ..}
   */
  static String mount(String path) {
    String trimmed = trimSlashes(path);
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("a mount path must not be empty");
    }
    checkSegments(trimmed, "mount");
    return trimmed;
  }

  private static String trimSlashes(String path) {
    int start = 0;
    int end = path.length();
    while (start < end && path.charAt(start) == '/') {
      start++;
    }
    while (end > start && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(start, end);
  }

  private static void checkSegments(String path, String what) {
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("not a " + what + " path: '" + path
            + "'; expected segments separated by single slashes, such as 'team-a' or 'team-a/child'");
      }
    }
  }
}
