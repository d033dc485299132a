package dev.secretkit.spi.support;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Finds the known word a misspelt one was probably meant to be, for "did you mean" hints: in
 * SecretKit's messages, and in a backend's (a region, a parameter value) alike.
 */
public final class Suggestions {
  private Suggestions() {}

  /**
   * Returns the candidate closest to {@code word} when it is close enough to be a plausible typo:
   * equal ignoring case, or within an edit distance of 2 (1 for words of up to 4 characters).
   */
  public static Optional<String> closest(String word, Collection<String> candidates) {
    String lower = word.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    int allowed = word.length() <= 4 ? 1 : 2;
    return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
  }

  /**
   * Returns every candidate at the least edit distance from {@code word}, in
   * {@link String#compareTo} order, when that distance is close enough for {@link #closest}; an
   * empty list when none is, or when {@code word} is itself a candidate.
   */
  public static List<String> nearest(String word, Collection<String> candidates) {
    String lower = word.toLowerCase(Locale.ROOT);
    int allowed = word.length() <= 4 ? 1 : 2;
    int least = candidates.stream().mapToInt(candidate -> distance(lower, candidate.toLowerCase(Locale.ROOT)))
        .min().orElse(Integer.MAX_VALUE);
    if (least == 0 || least > allowed) {
      return List.of();
    }
    return candidates.stream().filter(candidate -> distance(lower, candidate.toLowerCase(Locale.ROOT)) == least)
        .sorted().toList();
  }

  /**
   * Returns up to {@code limit} candidates {@code word} may have been meant as, closest first: those
   * {@link #closest} would accept, and those that begin with {@code word} (of 2 or more
   * characters), such as {@code pg-r} and {@code pg-rw} for {@code pg}, or {@code aws-sm} for
   * {@code aws}. Ties are in {@link String#compareTo} order; {@code word} itself is never returned.
   */
  public static List<String> close(String word, Collection<String> candidates, int limit) {
    String lower = word.toLowerCase(Locale.ROOT);
    int allowed = word.length() <= 4 ? 1 : 2;
    Map<String, Integer> found = new TreeMap<>();
    for (String candidate : candidates) {
      String other = candidate.toLowerCase(Locale.ROOT);
      int distance = distance(lower, other);
      boolean extension = word.length() >= 2 && other.startsWith(lower);
      if (!candidate.equals(word) && (distance <= allowed || extension)) {
        found.put(candidate, distance);
      }
    }
    return found.entrySet().stream().sorted(Map.Entry.comparingByValue()).limit(limit).map(Map.Entry::getKey)
        .toList();
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
