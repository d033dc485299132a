package dev.secretkit.client;

/**
 * A source of monotonic nanoseconds, the seam through which a {@link SecretClient}'s cache measures
 * time-to-live, stale windows and backoff; only differences between two readings mean anything.
 *
 * <p>Tests pass a ticker they advance by hand (with {@link SecretClientBuilder#ticker}), so that no
 * test waits for a TTL. Implementations are thread-safe.
 */
@FunctionalInterface
public interface Ticker {

  /** Returns the current reading, in nanoseconds from an arbitrary origin; it never decreases. */
  long read();

  /** Returns the ticker of {@link System#nanoTime()}. */
  static Ticker system() {
    return System::nanoTime;
  }
}
