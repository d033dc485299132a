package dev.secretkit.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Finds the program {@code secretctl exec} runs as a POSIX shell does: a name with a {@code /} is
 * a path; any other name is looked up in each directory of the child's {@code PATH} in turn, the
 * first executable file winning. A shell's exit statuses say why none was found: 127 when there is
 * no such file, 126 when there is one that cannot be run (not executable, or a directory).
 */
final class ExecutableSearch {
  /** A shell's status for a command it cannot find. */
  static final int NOT_FOUND = 127;
  /** A shell's status for a command it found but cannot run. */
  static final int NOT_EXECUTABLE = 126;
  /** Where a shell looks when {@code PATH} is not set. */
  private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

  private ExecutableSearch() {
  }

  /**
   * What the search found: the program's path, or why there is none.
   *
   * @param program the file to run; null when none was found
   * @param status 0 when found, else {@link #NOT_FOUND} or {@link #NOT_EXECUTABLE}
   * @param reason why none was found; empty when found
   */
  record Found(Path program, int status, String reason) {
  }

  /** Returns the program {@code command} names, {@code path} being the child's {@code PATH} (null when unset). */
  static Found find(String command, String path) {
    if (command.isEmpty()) {
      return new Found(null, NOT_FOUND, "an empty command name");
    }
    if (command.contains("/")) {
      Path file;
      try {
        file = Path.of(command);
      } catch (InvalidPathException e) {
        return new Found(null, NOT_FOUND, "not a valid path");
      }
      if (!Files.exists(file)) {
        return new Found(null, NOT_FOUND, "no such file");
      }
      return runnable(file) ? new Found(file, 0, "")
          : new Found(null, NOT_EXECUTABLE, Files.isDirectory(file) ? "a directory" : "not executable");
    }
    boolean unrunnable = false;
    for (String directory : (path != null ? path : DEFAULT_PATH).split(File.pathSeparator, -1)) {
      Path file;
      try {
        file = Path.of(directory.isEmpty() ? "." : directory).resolve(command);
      } catch (InvalidPathException e) {
        continue;
      }
      if (runnable(file)) {
        return new Found(file, 0, "");
      }
      unrunnable |= Files.isRegularFile(file);
    }
    return unrunnable ? new Found(null, NOT_EXECUTABLE, "found on PATH, but not executable")
        : new Found(null, NOT_FOUND, "not found on PATH");
  }

  private static boolean runnable(Path file) {
    return Files.isRegularFile(file) && Files.isExecutable(file);
  }
}
