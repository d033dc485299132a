package dev.secretkit.manifest;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything found wrong with one manifest document, all at once, and the manifest itself when
 * nothing was wrong enough to stop it.
 *
 * <p>Violations are ordered by line, then column. A manifest with warnings but no errors is
 * usable. Instances are immutable and thread-safe.
 */
public final class Validation {
  private static final Comparator<Violation> BY_POSITION =
      Comparator.comparingInt(Violation::line).thenComparingInt(Violation::column);

  private final String origin;
  private final int document;
  private final List<Violation> violations;
  private final SecretManifest manifest;

  /**
   * Creates a result.
   *
   * @param origin where the manifest came from: a file path, or a label for text and streams
   * @param document the 0-based index of the document in its source
   * @param violations the findings, in any order
   * @param manifest the manifest as read and normalised, or null when it could not be read at all
   */
  public Validation(String origin, int document, List<Violation> violations, SecretManifest manifest) {
    this.origin = Objects.requireNonNull(origin, "origin");
    this.document = document;
    this.violations = violations.stream().sorted(BY_POSITION).toList();
    this.manifest = manifest;
  }

  /** Returns where the manifest came from: a file path, or a label for text and streams. */
  public String origin() {
    return origin;
  }

  /** Returns the 0-based index of the document within its source. */
  public int document() {
    return document;
  }

  /** Returns every finding, ordered by line and column. */
  public List<Violation> violations() {
    return violations;
  }

  /** Returns the errors only. */
  public List<Violation> errors() {
    return violations.stream().filter(Violation::isError).toList();
  }

  /** Returns the warnings only. */
  public List<Violation> warnings() {
    return violations.stream().filter(v -> !v.isError()).toList();
  }

  /** Returns whether any finding is an error. */
  public boolean hasErrors() {
    return violations.stream().anyMatch(Violation::isError);
  }

  /** Returns the validated, normalised manifest, or empty when there are errors. */
  public Optional<SecretManifest> manifest() {
    return hasErrors() ? Optional.empty() : Optional.ofNullable(manifest);
  }

  /**
   * Returns the manifest these findings are about, errors or not, when it could be read: for a
   * tool that puts the findings back where the manifest came from. Never apply it: use
   * {@link #manifest()} or {@link #orThrow()}, which give it only without errors.
   */
  public Optional<SecretManifest> subject() {
    return Optional.ofNullable(manifest);
  }

  /**
   * Returns the validated, normalised manifest.
   *
   * @throws InvalidManifestException if there are errors; it lists them
   */
  public SecretManifest orThrow() {
    if (hasErrors() || manifest == null) {
      throw new InvalidManifestException(List.of(this));
    }
    return manifest;
  }

  /** Returns the origin and the number of errors and warnings; never a value. */
  @Override
  public String toString() {
    return "Validation[" + origin + "#" + document + ", errors=" + errors().size()
        + ", warnings=" + warnings().size() + "]";
  }
}
