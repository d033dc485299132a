package dev.secretkit.backend.vault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves one microsecond each time it is read, from a fixed start, and on by {@link #advance}:
 * an emulator on it stamps every KV version with a time of its own, as Vault's nanosecond clock does, while
 * tests stay deterministic and never sleep.
 */
final class TickingClock extends Clock {
  private final AtomicReference<Instant> now;

  TickingClock() {
    this(Instant.parse("2024-05-01T10:00:00Z"));
  }

  TickingClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  @Override
  public Instant instant() {
    return now.getAndUpdate(instant -> instant.plusNanos(1_000));
  }

  /** Moves the clock on by {@code duration}. */
  void advance(Duration duration) {
    now.updateAndGet(instant -> instant.plus(duration));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a ticking clock is UTC only");
  }
}
