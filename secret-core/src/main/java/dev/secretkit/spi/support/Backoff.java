package dev.secretkit.spi.support;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * How long a store waits before it tries a failed backend call again, and how often it tries:
 * full jitter over an exponential backoff ({@code random(0, min(20 * base, base * 2^(n-1)))} before
 * attempt {@code n + 1}), or the service's {@code Retry-After} when it asks for longer, up to
 * {@link #MAX_RETRY_AFTER}; a longer request ends the retries. For the retries a store decides
 * itself, where a client library's own would not know whether a write that failed took effect.
 * Waiting goes through a {@link Sleeper}, so tests never sleep.
 *
 * <p>Immutable, and thread-safe when its sleeper and random source are.
 */
public final class Backoff {
  /** The longest {@code Retry-After} a store waits out inside a call; a longer one is left to the caller. */
  public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);
  /** The longest jittered delay, as a multiple of the base delay. */
  private static final int CAP_FACTOR = 20;

  /** Waits; a store's own retries are the only place it is called. */
  @FunctionalInterface
  public interface Sleeper {
    /**
     * Blocks for {@code duration}.
     *
     * @throws InterruptedException if the thread is interrupted meanwhile
     */
    void sleep(Duration duration) throws InterruptedException;

    /** Returns the sleeper that really waits, with {@link Thread#sleep(long, int)}. */
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
   * @throws IllegalArgumentException if {@code maxAttempts} is less than 1 or {@code base} is negative
   */
  public Backoff(int maxAttempts, Duration base, Sleeper sleeper, DoubleSupplier random) {
    if (maxAttempts < 1 || base.isNegative()) {
      throw new IllegalArgumentException("maxAttempts must be at least 1 and base must not be negative");
    }
    this.maxAttempts = maxAttempts;
    this.base = base;
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * Returns how long to wait after failed attempt {@code attempt} (from 1), given the
   * {@code Retry-After} the service sent (null for none), or empty when no attempt is left or the
   * service asked for more than {@link #MAX_RETRY_AFTER}.
   */
  public Optional<Duration> delay(int attempt, Duration retryAfter) {
    if (attempt >= maxAttempts || retryAfter != null && retryAfter.compareTo(MAX_RETRY_AFTER) > 0) {
      return Optional.empty();
    }
    long ceiling = Math.min(base.toMillis() * CAP_FACTOR, base.toMillis() << Math.min(attempt - 1, 20));
    Duration jittered = Duration.ofMillis((long) (random.getAsDouble() * ceiling));
    return Optional.of(retryAfter != null && retryAfter.compareTo(jittered) > 0 ? retryAfter : jittered);
  }

  /**
   * Waits before the attempt after failed attempt {@code attempt}, as {@link #delay} says with no
   * {@code Retry-After}, and returns whether there is such an attempt: false when the attempts are
   * used up, or the thread was interrupted, whose flag it then sets again.
   */
  public boolean pauseAfter(int attempt) {
    Optional<Duration> wait = delay(attempt, null);
    if (wait.isEmpty()) {
      return false;
    }
    try {
      pause(wait.get());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Waits {@code duration}; a zero duration returns at once.
   *
   * @throws InterruptedException if the thread is interrupted; the caller restores the flag
   */
  public void pause(Duration duration) throws InterruptedException {
    if (!duration.isZero()) {
      sleeper.sleep(duration);
    }
  }
}
