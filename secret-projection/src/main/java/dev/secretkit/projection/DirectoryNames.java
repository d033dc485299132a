package dev.secretkit.projection;

import dev.secretkit.manifest.Position;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The rules for a projected file's {@code directory}: relative to the secret directory, and never a reserved one. */
final class DirectoryNames {
  /** DataOS's secret directory: an absolute directory under it names the same place under ours. */
  static final String DATAOS_SECRET_DIR = "/etc/dataos/secret";
  /** The directories under the secret directory that belong to the runtime, as DataOS reserves them. */
  static final List<String> RESERVED = List.of("config", "work");

  private DirectoryNames() {}

  /** Returns whether {@code name}, a top-level name under the secret directory, is reserved, in any case. */
  static boolean isReserved(String name) {
    return RESERVED.contains(name.toLowerCase(Locale.ROOT));
  }

  /** Returns a directory as findings show it: whole, up to 100 characters; a directory is never a value. */
  private static String shown(String directory) {
    return directory.length() <= 100 ? directory : directory.substring(0, 100) + "…";
  }

  /**
   * Returns {@code directory} relative to the secret directory, normalised (no empty or {@code .}
   * segments, no trailing {@code /}, the empty string for its root), or reports why it cannot be used.
   */
  static Optional<String> relative(String directory, String path, Position at, Problems problems) {
    String relative = directory;
    if (relative.equals(DATAOS_SECRET_DIR) || relative.startsWith(DATAOS_SECRET_DIR + "/")) {
      relative = relative.substring(DATAOS_SECRET_DIR.length());
    } else if (relative.equals("/etc/dataos/config") || relative.startsWith("/etc/dataos/config/")
        || relative.equals("/etc/dataos/work") || relative.startsWith("/etc/dataos/work/")) {
      problems.error(path, at, "the directory " + shown(directory) + " is reserved for the runtime",
          "use a directory of your own, such as app/");
      return Optional.empty();
    } else if (relative.startsWith("/") || relative.matches("[A-Za-z]:.*")) {
      problems.error(path, at, "the directory " + shown(directory) + " is absolute",
          "write it relative to the secret directory (secretctl project --dir, default ./.secrets)");
      return Optional.empty();
    }
    StringBuilder normalised = new StringBuilder();
    for (String segment : relative.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.startsWith("..") || segment.contains("\\") || segment.indexOf('\0') >= 0) {
        problems.error(path, at, "the directory " + shown(directory) + " leaves the secret directory"
            + " or uses a name the atomic swap keeps for itself", "use plain folder names, without '..'");
        return Optional.empty();
      }
      normalised.append(normalised.length() == 0 ? "" : "/").append(segment);
    }
    String first = normalised.toString().split("/")[0];
    if (isReserved(first)) {
      problems.error(path, at, "the directory " + first + "/ of the secret directory is reserved for the runtime",
          "use a directory of your own, such as app/");
      return Optional.empty();
    }
    return Optional.of(normalised.toString());
  }
}
