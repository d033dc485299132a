package dev.secretkit.projection.template;

/**
 * Finds one text in another in time linear in their lengths, as {@link String#indexOf(String, int)}
 * finds it (the same UTF-16 positions), where that method may compare the whole pattern at every
 * position: a long pattern that almost matches everywhere would make one search of two long values
 * take minutes. Short patterns, which cannot do that, are left to {@code indexOf}; long ones are found
 * by Knuth, Morris and Pratt's algorithm. Immutable and thread-safe.
 */
final class TextSearch {
  /** The longest pattern left to {@link String#indexOf(String, int)}: its worst case is this many times the text. */
  static final int SHORT = 16;

  private final String pattern;
  private final int[] border;

  /** Prepares to search for {@code pattern}, in time linear in its length. */
  TextSearch(String pattern) {
    this.pattern = pattern;
    this.border = new int[pattern.length()];
    int matched = 0;
    for (int i = 1; i < pattern.length(); i++) {
      while (matched > 0 && pattern.charAt(i) != pattern.charAt(matched)) {
        matched = border[matched - 1];
      }
      if (pattern.charAt(i) == pattern.charAt(matched)) {
        matched++;
      }
      border[i] = matched;
    }
  }

  /** Returns the first position at or after {@code from} where the pattern is in {@code text}, or -1. */
  int in(String text, int from) {
    int length = pattern.length();
    if (length <= SHORT) {
      return text.indexOf(pattern, from);
    }
    int matched = 0;
    for (int i = Math.max(from, 0); i < text.length(); i++) {
      while (matched > 0 && text.charAt(i) != pattern.charAt(matched)) {
        matched = border[matched - 1];
      }
      if (text.charAt(i) == pattern.charAt(matched)) {
        matched++;
      }
      if (matched == length) {
        return i - length + 1;
      }
    }
    return -1;
  }
}
