package dev.secretkit.emulator.support;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits out the latency an emulator injects into a call; tests pass a recording fake, or one that advances a
 * manual clock, so that nothing really sleeps. An emulator calls it from its serving threads, so an
 * implementation must be thread-safe.
 */
@FunctionalInterface
public interface Sleeper {
  /** The sleeper that really sleeps, which an emulator uses unless it is given another. */
  Sleeper REAL = duration -> TimeUnit.NANOSECONDS.sleep(duration.toNanos());

  /**
   * Blocks the call being served for {@code duration}.
   *
   * @throws InterruptedException if the serving thread is interrupted, as when the emulator is closed
   */
  void sleep(Duration duration) throws InterruptedException;
}
