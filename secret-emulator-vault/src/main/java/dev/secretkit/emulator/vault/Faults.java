package dev.secretkit.emulator.vault;

import dev.secretkit.emulator.support.FaultCounts;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The switches only this emulator has: failures of each {@link VaultEmulator.Failure} kind armed per operation or
 * for any, and the Retry-After a 429 carries; the ones every emulator has are in its {@code FaultSwitches}. Every
 * member is safe to use from the test thread while the server's threads read it.
 */
final class Faults {
  /** Filled once here and only read after, so a plain EnumMap is safe to share. */
  private final Map<VaultEmulator.Failure, FaultCounts<VaultOperation>> failures =
      new EnumMap<>(VaultEmulator.Failure.class);
  private final AtomicReference<Duration> retryAfter = new AtomicReference<>();

  Faults() {
    for (VaultEmulator.Failure failure : VaultEmulator.Failure.values()) {
      failures.put(failure, new FaultCounts<>());
    }
  }

  void failNext(VaultOperation operation, int count, VaultEmulator.Failure failure) {
    counts(failure).add(operation, count);
  }

  void failNext(int count, VaultEmulator.Failure failure) {
    counts(failure).addAny(count);
  }

  void retryAfter(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("Retry-After must not be negative: " + delay);
    }
    retryAfter.set(delay);
  }

  /** Clears every switch. */
  void clear() {
    failures.values().forEach(FaultCounts::clear);
    retryAfter.set(null);
  }

  /** Returns the Retry-After a 429 carries, or null when it carries none, as Vault by default. */
  Duration retryAfter() {
    return retryAfter.get();
  }

  /**
   * Uses up one armed failure for {@code operation}, checking a sealed node first, then a standby, a rate
   * limit and a server error, each first for the operation and then for any; returns it, or null.
   */
  VaultEmulator.Failure takeFailure(VaultOperation operation) {
    for (VaultEmulator.Failure failure : VaultEmulator.Failure.values()) {
      if (failures.get(failure).take(operation)) {
        return failure;
      }
    }
    return null;
  }

  private FaultCounts<VaultOperation> counts(VaultEmulator.Failure failure) {
    return failures.get(Objects.requireNonNull(failure, "failure"));
  }
}
