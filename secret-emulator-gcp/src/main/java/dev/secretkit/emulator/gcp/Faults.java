package dev.secretkit.emulator.gcp;

import dev.secretkit.emulator.support.FaultCounts;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The switches only this emulator has: failures of each {@link GcpSecretManagerEmulator.Failure} kind armed per
 * operation or for any, and operations denied until cleared; the ones every emulator has are in its
 * {@code FaultSwitches}. Every member is safe to use from the test thread while serving threads read it.
 */
final class Faults {
  /** Filled once here and only read after, so a plain EnumMap is safe to share. */
  private final Map<GcpSecretManagerEmulator.Failure, FaultCounts<GcpOperation>> failures =
      new EnumMap<>(GcpSecretManagerEmulator.Failure.class);
  private final Set<GcpOperation> denied = ConcurrentHashMap.newKeySet();

  Faults() {
    for (GcpSecretManagerEmulator.Failure failure : GcpSecretManagerEmulator.Failure.values()) {
      failures.put(failure, new FaultCounts<>());
    }
  }

  void failNext(GcpOperation operation, int count, GcpSecretManagerEmulator.Failure failure) {
    counts(failure).add(operation, count);
  }

  void failNext(int count, GcpSecretManagerEmulator.Failure failure) {
    counts(failure).addAny(count);
  }

  void deny(GcpOperation operation) {
    denied.add(Objects.requireNonNull(operation, "operation"));
  }

  boolean isDenied(GcpOperation operation) {
    return denied.contains(operation);
  }

  /** Clears every switch. */
  void clear() {
    failures.values().forEach(FaultCounts::clear);
    denied.clear();
  }

  /**
   * Uses up one armed failure for {@code operation}, checking the kinds in their declared order, each first for the
   * operation and then for any; returns it, or null.
   */
  GcpSecretManagerEmulator.Failure takeFailure(GcpOperation operation) {
    for (GcpSecretManagerEmulator.Failure failure : GcpSecretManagerEmulator.Failure.values()) {
      if (failures.get(failure).take(operation)) {
        return failure;
      }
    }
    return null;
  }

  private FaultCounts<GcpOperation> counts(GcpSecretManagerEmulator.Failure failure) {
    return failures.get(Objects.requireNonNull(failure, "failure"));
  }
}
