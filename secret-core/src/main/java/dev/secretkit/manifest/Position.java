package dev.secretkit.manifest;

/**
 * A place in a manifest's source text.
 *
 * <p>Columns count Unicode code points, so a character outside the Basic Multilingual Plane
 * (an emoji) is one column, as editors show it.
 *
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 */
public record Position(int line, int column) {
  /** The position of something that did not come from text. */
  public static final Position UNKNOWN = new Position(0, 0);
}
