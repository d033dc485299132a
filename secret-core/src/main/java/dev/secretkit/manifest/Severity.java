package dev.secretkit.manifest;

/** How serious a {@link Violation} is: an error stops a manifest from being applied, a warning does not. */
public enum Severity {
  /** The manifest cannot be used until this is fixed. */
  ERROR,
  /** The manifest can be used, but probably does not do what its author meant. */
  WARNING;

  /** Returns the lower-case word used in reports: {@code error} or {@code warning}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
