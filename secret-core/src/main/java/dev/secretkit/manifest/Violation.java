package dev.secretkit.manifest;

import dev.secretkit.internal.ManifestPaths;
import java.util.Objects;

/**
 * One thing wrong with a manifest: where it is (a path such as {@code secret.data.password}, and
 * the 1-based line and column in the source), what was found and expected, and what to do.
 *
 * <p>The path of the whole document is {@code $}. Line and column are 0 when the manifest was
 * not read from text. Neither the message nor the hint ever contains a secret value.
 *
 * @param severity error or warning
 * @param path where in the manifest, in dotted form; keys that are not plain words are written {@code ['key']}
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 * @param message what was found and what was expected
 * @param hint what to do about it, or the empty string when the message says it all
 */
public record Violation(Severity severity, String path, int line, int column, String message, String hint) {

  /** The path of a whole document. */
  public static final String DOCUMENT_PATH = ManifestPaths.ROOT;

  /** Checks that no component is null and that line and column are not negative. */
  public Violation {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(hint, "hint");
    if (line < 0 || column < 0) {
      throw new IllegalArgumentException("line and column must not be negative");
    }
  }

  /** Returns whether this is an error. */
  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** Returns {@code LINE:COLUMN: severity: PATH: message}; like every field here, it holds no secret value. */
  @Override
  public String toString() {
    return line + ":" + column + ": " + severity.label() + ": " + path + ": " + message;
  }
}
