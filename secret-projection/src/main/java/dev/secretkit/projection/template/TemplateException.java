package dev.secretkit.projection.template;

import java.util.Objects;

/**
 * Thrown when a template cannot be compiled or rendered: where in the template text (1-based line
 * and column), what is wrong, and what to do. Its message and hint never hold a secret value, and
 * it never carries a cause that might.
 */
public final class TemplateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;
  private final String hint;

  /**
   * Creates one.
   *
   * @param message what is wrong, naming aliases and keys but never values
   * @param line the 1-based line in the template text
   * @param column the 1-based column in that line
   * @param hint what to do, or the empty string
   */
  public TemplateException(String message, int line, int column, String hint) {
    super(message, null, false, false);
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("line and column are 1-based");
    }
    this.line = line;
    this.column = column;
    this.hint = Objects.requireNonNull(hint, "hint");
  }

  /** Returns the 1-based line in the template text. */
  public int line() {
    return line;
  }

  /** Returns the 1-based column in that line. */
  public int column() {
    return column;
  }

  /** Returns what to do about it, or the empty string. */
  public String hint() {
    return hint;
  }
}
