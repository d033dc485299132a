package dev.secretkit.backend.vault;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * How long the store waits before it tries a call again: full jitter over an exponential backoff
 * ({@code random(0, min(cap, base * 2^(n-1)))} before attempt {@code n + 1}), or Vault's
 * {@code Retry-After} when it asks for longer, up to {@link #MAX_RETRY_AFTER}; a longer request ends the
 * retries. Waiting goes through a {@link Sleeper}, so tests never sleep. Immutable and thread-safe when
 * its sleeper and random source are.
 */
final class Backoff {
  /** The longest {@code Retry-After} the store waits out inside a call; a longer one is left to the caller. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);
  /** The longest jittered delay, as a multiple of the base delay. */
  private static final int CAP_FACTOR = 20;

  /** Waits; the store's own retries are the only place it is called. */
  @FunctionalInterface
  interface Sleeper {
    /**
     * Blocks for {@code duration}.
     *
     * @throws InterruptedException if the thread is interrupted meanwhile
     */
    void sleep(Duration duration) throws InterruptedException;

    /** Returns the sleeper that really waits. */
    static Sleeper real() {
      return duration -> Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
    }
  }

  private final int maxAttempts;
  private final Duration base;
  private final Sleeper sleeper;
  private final DoubleSupplier random;

  /**
   * Returns a backoff.
   *
   * @param maxAttempts how often a call is tried in all, at least 1
   * @param base the first delay's upper bound; zero retries at once
   * @param sleeper what waits
   * @param random a source of numbers in [0, 1), for the jitter
   */
  Backoff(int maxAttempts, Duration base, Sleeper sleeper, DoubleSupplier random) {
    this.maxAttempts = maxAttempts;
    this.base = base;
    this.sleeper = sleeper;
    this.random = random;
  }

  /**
   * Returns how long to wait after failed attempt {@code attempt} (from 1), given the {@code Retry-After}
   * Vault sent, or empty when no attempt is left or Vault asked for more than {@link #MAX_RETRY_AFTER}.
   */
  Optional<Duration> delay(int attempt, Duration retryAfter) {
    if (attempt >= maxAttempts || retryAfter != null && retryAfter.compareTo(MAX_RETRY_AFTER) > 0) {
      return Optional.empty();
    }
    long ceiling = Math.min(base.toMillis() * CAP_FACTOR, base.toMillis() << Math.min(attempt - 1, 20));
    Duration jittered = Duration.ofMillis((long) (random.getAsDouble() * ceiling));
    return Optional.of(retryAfter != null && retryAfter.compareTo(jittered) > 0 ? retryAfter : jittered);
  }

  /**
   * Waits {@code duration}.
   *
   * @throws InterruptedException if the thread is interrupted; the caller restores the flag
   */
  void pause(Duration duration) throws InterruptedException {
    if (!duration.isZero()) {
      sleeper.sleep(duration);
    }
  }
}
