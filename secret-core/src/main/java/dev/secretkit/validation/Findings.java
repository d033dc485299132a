package dev.secretkit.validation;

import dev.secretkit.internal.ManifestPaths;
import dev.secretkit.manifest.ManifestDocument;
import dev.secretkit.manifest.Position;
import dev.secretkit.manifest.Severity;
import dev.secretkit.manifest.Violation;
import java.util.List;

/** Collects violations for one document, placing each at the value or key of its path. */
final class Findings {
  private final ManifestDocument document;
  private final List<Violation> violations;

  Findings(ManifestDocument document, List<Violation> violations) {
    this.document = document;
    this.violations = violations;
  }

  /** Returns whether reading the document already reported an error at exactly {@code path}. */
  boolean readingReported(String path) {
    return document.problems().stream().anyMatch(v -> v.isError() && v.path().equals(path));
  }

  /** Returns whether reading the document reported an error at {@code path} or inside it. */
  boolean readingReportedWithin(String path) {
    return document.problems().stream().anyMatch(v -> v.isError()
        && (v.path().equals(path) || v.path().startsWith(path + ".") || v.path().startsWith(path + "[")));
  }

  /**
   * Reports an error at the value of {@code path}; for a path the document lacks (a missing
   * field), at the key of its nearest ancestor that is present ({@code data:} for a missing key).
   */
  void error(String path, String message, String hint) {
    add(Severity.ERROR, path, place(path), message, hint);
  }

  /** Reports an error at the key of {@code path}. */
  void errorAtKey(String path, String message, String hint) {
    add(Severity.ERROR, path, document.keyPositionOf(path), message, hint);
  }

  /** Reports a warning at the value of {@code path}, placed as {@link #error} places it. */
  void warning(String path, String message, String hint) {
    add(Severity.WARNING, path, place(path), message, hint);
  }

  private Position place(String path) {
    if (document.has(path)) {
      return document.positionOf(path);
    }
    String ancestor = ManifestPaths.parent(path);
    while (!ManifestPaths.ROOT.equals(ancestor) && !document.has(ancestor)) {
      ancestor = ManifestPaths.parent(ancestor);
    }
    return document.keyPositionOf(ancestor);
  }

  /** Reports a warning at the key of {@code path}. */
  void warningAtKey(String path, String message, String hint) {
    add(Severity.WARNING, path, document.keyPositionOf(path), message, hint);
  }

  private void add(Severity severity, String path, Position position, String message, String hint) {
    violations.add(new Violation(severity, path, position.line(), position.column(), message, hint));
  }
}
