package dev.secretkit.client;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Ticker} that answers from a field a daemon thread refreshes from {@link System#nanoTime()}
 * every {@value #PERIOD_MILLIS} ms, so that a cache hit reads a volatile long (under a nanosecond)
 * instead of the clock (about 20 ns here, five times the rest of a hit). Its readings lag the
 * clock by at most a period plus the scheduler's delay, which only lengthens a time-to-live by
 * that much. {@link #close()} stops the thread.
 */
final class CoarseTicker implements Ticker, AutoCloseable {
  static final long PERIOD_MILLIS = 10;

  private final ScheduledExecutorService timer;
  private volatile long now = System.nanoTime();

  CoarseTicker() {
    timer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "secretkit-cache-ticker");
      thread.setDaemon(true);
      return thread;
    });
    timer.scheduleAtFixedRate(this::tick, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public long read() {
    return now;
  }

  /** Takes a new reading of the clock; the timer calls it every period. */
  void tick() {
    now = System.nanoTime();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
