package dev.secretkit.emulator.vault;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The emulator's fault switches and call counters. Every member is safe to use from the test thread while
 * the server's threads read it.
 */
final class Faults {
  /** A count of failures armed for one operation, or for any when {@code operation} is null. */
  private record Key(VaultEmulator.Failure failure, VaultOperation operation) {
  }

  private final Map<Key, AtomicInteger> failures = new ConcurrentHashMap<>();
  private final Map<VaultOperation, AtomicInteger> lostResponses = new ConcurrentHashMap<>();
  private final Map<VaultOperation, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final AtomicReference<Duration> latency = new AtomicReference<>(Duration.ZERO);
  private final AtomicReference<Duration> retryAfter = new AtomicReference<>();
  private final AtomicInteger callsUntilFault = new AtomicInteger();
  private final AtomicReference<VaultEmulator.CallFault> callFault = new AtomicReference<>();

  void failNext(VaultOperation operation, int count, VaultEmulator.Failure failure) {
    Objects.requireNonNull(failure, "failure");
    add(failures, new Key(failure, operation), count);
  }

  void loseResponses(VaultOperation operation, int count) {
    add(lostResponses, Objects.requireNonNull(operation, "operation"), count);
  }

  void latency(Duration perCall) {
    Objects.requireNonNull(perCall, "perCall");
    if (perCall.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative: " + perCall);
    }
    latency.set(perCall);
  }

  void retryAfter(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("Retry-After must not be negative: " + delay);
    }
    retryAfter.set(delay);
  }

  /** Arms {@code fault} for the {@code k}-th call from now, of any operation; replaces an armed one. */
  void failCall(int k, VaultEmulator.CallFault fault) {
    if (k < 1) {
      throw new IllegalArgumentException("k counts calls from 1: " + k);
    }
    callFault.set(Objects.requireNonNull(fault, "fault"));
    callsUntilFault.set(k);
  }

  /** Counts one call towards the armed call fault; returns the fault if this call is the one, else null. */
  VaultEmulator.CallFault countTowardsCallFault() {
    if (callFault.get() == null) {
      return null;
    }
    if (callsUntilFault.decrementAndGet() == 0) {
      return callFault.getAndSet(null);
    }
    return null;
  }

  /** Clears every switch; call counts are kept. */
  void clear() {
    callFault.set(null);
    failures.clear();
    lostResponses.clear();
    latency.set(Duration.ZERO);
    retryAfter.set(null);
  }

  void recordCall(VaultOperation operation) {
    calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
  }

  int calls(VaultOperation operation) {
    AtomicInteger count = calls.get(operation);
    return count == null ? 0 : count.get();
  }

  int totalCalls() {
    return calls.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  void resetCalls() {
    calls.clear();
  }

  Duration latency() {
    return latency.get();
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
      if (take(failures, new Key(failure, operation)) || take(failures, new Key(failure, null))) {
        return failure;
      }
    }
    return null;
  }

  boolean takeLostResponse(VaultOperation operation) {
    return take(lostResponses, operation);
  }

  private static <K> void add(Map<K, AtomicInteger> counters, K key, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    counters.computeIfAbsent(key, k -> new AtomicInteger()).addAndGet(count);
  }

  /** Uses up one of the remaining faults for {@code key}, if any are left. */
  private static <K> boolean take(Map<K, AtomicInteger> counters, K key) {
    AtomicInteger left = counters.get(key);
    return left != null && left.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }
}
