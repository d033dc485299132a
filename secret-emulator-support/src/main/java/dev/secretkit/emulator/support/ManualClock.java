package dev.secretkit.emulator.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until a test moves it with {@link #advance(Duration)} or
 * {@link #set(Instant)}, so TTLs, backoffs and timestamps can be tested without sleeping.
 *
 * <p>A clock from {@link #withZone(ZoneId)} shares this clock's time: advancing either moves both.
 * Instances are thread-safe; concurrent advances add up.
 */
public final class ManualClock extends Clock {
  /** The instant a clock made with {@link #ManualClock()} starts at: {@value #DEFAULT_START_TEXT}. */
  public static final String DEFAULT_START_TEXT = "2024-01-01T00:00:00Z";

  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  /** Creates a clock at {@value #DEFAULT_START_TEXT}, in UTC. */
  public ManualClock() {
    this(Instant.parse(DEFAULT_START_TEXT));
  }

  /** Creates a clock at {@code start}, in UTC. */
  public ManualClock(Instant start) {
    this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** Returns the current instant, which changes only when the clock is advanced or set. */
  @Override
  public Instant instant() {
    return now.get();
  }

  /** Returns the current instant in milliseconds since the epoch. */
  @Override
  public long millis() {
    return now.get().toEpochMilli();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** Returns a clock in {@code newZone} that shares this clock's time. */
  @Override
  public ManualClock withZone(ZoneId newZone) {
    return new ManualClock(now, Objects.requireNonNull(newZone, "zone"));
  }

  /**
   * Moves the clock forward by {@code duration} and returns the new instant.
   *
   * @throws IllegalArgumentException if {@code duration} is negative; use {@link #set} to go back
   */
  public Instant advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a manual clock only advances; use set(Instant) to go back, not "
          + duration);
    }
    return now.updateAndGet(instant -> instant.plus(duration));
  }

  /** Moves the clock to {@code instant}, forward or back. */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
  }

  /** Returns the current instant and zone, such as {@code ManualClock[2024-01-01T00:00:00Z, Z]}. */
  @Override
  public String toString() {
    return "ManualClock[" + now.get() + ", " + zone + "]";
  }
}
