package dev.secretkit.client;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Ticker} that answers from a field one daemon thread refreshes from {@link System#nanoTime()}
 * every {@value #PERIOD_MILLIS} ms, so that a cache hit reads a volatile long (under a nanosecond)
 * instead of the clock (about 20 ns here, twice the rest of a hit). Its readings lag the clock by
 * at most a period plus the scheduler's delay, which shifts a deadline by no more than that.
 *
 * <p>Every client with a cache and no ticker of its own shares the one thread: {@link #acquire()}
 * starts it for the first, {@link #close()} of the last stops it.
 */
final class CoarseTicker implements Ticker, AutoCloseable {
  static final long PERIOD_MILLIS = 10;

  private static final Object LOCK = new Object();
  private static volatile long now = System.nanoTime();
  private static ScheduledExecutorService timer;
  private static int users;

  private boolean closed;

  private CoarseTicker() {
  }

  /** Returns a ticker on the shared thread, starting the thread if no client uses it yet. */
  static CoarseTicker acquire() {
    synchronized (LOCK) {
      if (users++ == 0) {
        now = System.nanoTime();
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
          Thread thread = new Thread(task, "secretkit-cache-ticker");
          thread.setDaemon(true);
          return thread;
        });
        timer.scheduleAtFixedRate(CoarseTicker::tick, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
      }
      return new CoarseTicker();
    }
  }

  @Override
  public long read() {
    return now;
  }

  private static void tick() {
    now = System.nanoTime();
  }

  /** Releases this client's use of the thread, stopping it when no client uses it any more; idempotent. */
  @Override
  public void close() {
    synchronized (LOCK) {
      if (closed) {
        return;
      }
      closed = true;
      if (--users == 0) {
        timer.shutdownNow();
        timer = null;
      }
    }
  }
}
