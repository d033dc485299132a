package dev.secretkit.projection;

import java.util.Objects;

/**
 * Where an element of a consumer was written: the source, the path in the manifest (such as
 * {@code service.dataosSecrets[0]}), and the 1-based line and column where its value starts, 0
 * when it was built in code.
 *
 * @param origin the file path, or a label such as {@code code}
 * @param path the dotted path in the manifest
 * @param line the 1-based line, or 0 when unknown
 * @param column the 1-based column, or 0 when unknown
 */
public record Location(String origin, String path, int line, int column) {

  /** Checks nothing is null and line and column are not negative. */
  public Location {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(path, "path");
    if (line < 0 || column < 0) {
      throw new IllegalArgumentException("line and column must not be negative");
    }
  }

  /** Returns the location of an element built in code at {@code path}, with no line or column. */
  public static Location inCode(String path) {
    return new Location("code", path, 0, 0);
  }

  /** Returns {@code origin:line:column: path}, or {@code origin: path} without a line. */
  @Override
  public String toString() {
    return line == 0 ? origin + ": " + path : origin + ":" + line + ":" + column + ": " + path;
  }
}
