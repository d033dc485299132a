package dev.secretkit.client;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker a test advances by hand. */
final class ManualTicker implements Ticker {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Override
  public long read() {
    return now.get();
  }

  void advance(Duration time) {
    now.addAndGet(time.toNanos());
  }
}
