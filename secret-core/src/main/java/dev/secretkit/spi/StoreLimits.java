package dev.secretkit.spi;

import dev.secretkit.SecretValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The largest secret a store accepts; the client checks these before every write, and every
 * store refuses a write that breaks them.
 *
 * @param maxValueBytes the most bytes in one value
 * @param maxKeys the most keys in one secret
 * @param maxSecretBytes the most bytes of keys and values together in one secret
 */
public record StoreLimits(int maxValueBytes, int maxKeys, int maxSecretBytes) {

  /** Checks that every limit is positive. */
  public StoreLimits {
    if (maxValueBytes < 1 || maxKeys < 1 || maxSecretBytes < 1) {
      throw new IllegalArgumentException("store limits must be positive");
    }
  }

  /**
   * One way a secret breaks a limit.
   *
   * @param key the key whose value is too large, or null when the whole secret is
   * @param message what is too large and what the store allows, never a value
   */
  public record Problem(String key, String message) {
  }

  /** Returns every way {@code values} breaks these limits; empty when they fit. */
  public List<Problem> problems(Map<String, SecretValue> values) {
    List<Problem> problems = new ArrayList<>();
    if (values.size() > maxKeys) {
      problems.add(new Problem(null, "the secret has " + values.size() + " keys; the store allows at most " + maxKeys));
    }
    long total = 0;
    for (Map.Entry<String, SecretValue> entry : values.entrySet()) {
      int length = entry.getValue().length();
      total += length + entry.getKey().getBytes(StandardCharsets.UTF_8).length;
      if (length > maxValueBytes) {
        problems.add(new Problem(entry.getKey(), "the value of key " + entry.getKey() + " is " + length
            + " bytes; the store allows at most " + maxValueBytes));
      }
    }
    if (total > maxSecretBytes) {
      problems.add(new Problem(null, "keys and values hold " + total + " bytes together; the store allows at most "
          + maxSecretBytes));
    }
    return problems;
  }

  /**
   * Checks {@code values} against these limits, for a store's own defence.
   *
   * @throws IllegalArgumentException if they break a limit; the message names keys and sizes
   */
  public void check(Map<String, SecretValue> values, String store) {
    List<Problem> problems = problems(values);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("secret too large for store " + store + ": "
          + String.join("; ", problems.stream().map(Problem::message).toList()));
    }
  }
}
