package dev.secretkit.emulator.aws;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The emulator's fault switches and call counters. Every member is safe to use from the test
 * thread while the server's threads read it.
 */
final class Faults {
  /** The key under which a switch applies to every operation. */
  private static final String ANY = "*";

  private final Map<String, AtomicInteger> throttles = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> lostResponses = new ConcurrentHashMap<>();
  private final Set<String> denied = ConcurrentHashMap.newKeySet();
  private final Set<String> undecryptable = ConcurrentHashMap.newKeySet();
  private final Set<String> rejectedAccessKeys = ConcurrentHashMap.newKeySet();
  private final AtomicReference<String> credentialsRefusal = new AtomicReference<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final AtomicReference<Duration> latency = new AtomicReference<>(Duration.ZERO);
  private final AtomicInteger callsUntilFault = new AtomicInteger();
  private final AtomicReference<SecretsManagerEmulator.CallFault> callFault = new AtomicReference<>();

  void throttleNext(String operation, int count) {
    add(throttles, operation, count);
  }

  void throttleNext(int count) {
    add(throttles, ANY, count);
  }

  void failNext(String operation, int count) {
    add(failures, operation, count);
  }

  void failNext(int count) {
    add(failures, ANY, count);
  }

  void loseResponse(String operation, int count) {
    add(lostResponses, operation, count);
  }

  void deny(String operation) {
    denied.add(Objects.requireNonNull(operation, "operation"));
  }

  void failDecryption(String secretName) {
    undecryptable.add(Objects.requireNonNull(secretName, "secretName"));
  }

  void rejectAccessKey(String accessKeyId) {
    rejectedAccessKeys.add(Objects.requireNonNull(accessKeyId, "accessKeyId"));
  }

  void refuseCredentials(String errorCode) {
    credentialsRefusal.set(Objects.requireNonNull(errorCode, "errorCode"));
  }

  void latency(Duration perCall) {
    Objects.requireNonNull(perCall, "perCall");
    if (perCall.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative: " + perCall);
    }
    latency.set(perCall);
  }

  /** Arms {@code fault} for the {@code k}-th call from now, of any operation; replaces an armed one. */
  void failCall(int k, SecretsManagerEmulator.CallFault fault) {
    if (k < 1) {
      throw new IllegalArgumentException("k counts calls from 1: " + k);
    }
    callFault.set(Objects.requireNonNull(fault, "fault"));
    callsUntilFault.set(k);
  }

  /** Counts one call towards the armed call fault; returns the fault if this call is the one, else null. */
  SecretsManagerEmulator.CallFault countTowardsCallFault() {
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
    throttles.clear();
    failures.clear();
    lostResponses.clear();
    denied.clear();
    undecryptable.clear();
    rejectedAccessKeys.clear();
    credentialsRefusal.set(null);
    latency.set(Duration.ZERO);
  }

  void recordCall(String operation) {
    calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
  }

  int calls(String operation) {
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

  boolean takeThrottle(String operation) {
    return take(throttles, operation) || take(throttles, ANY);
  }

  boolean takeFailure(String operation) {
    return take(failures, operation) || take(failures, ANY);
  }

  boolean takeLostResponse(String operation) {
    return take(lostResponses, operation);
  }

  boolean isDenied(String operation) {
    return denied.contains(operation);
  }

  boolean isUndecryptable(String secretName) {
    return undecryptable.contains(secretName);
  }

  boolean isRejected(String accessKeyId) {
    return rejectedAccessKeys.contains(accessKeyId);
  }

  /** Returns the error code every request's credentials are refused with, or null when they are not. */
  String credentialsRefusal() {
    return credentialsRefusal.get();
  }

  private static void add(Map<String, AtomicInteger> counters, String operation, int count) {
    Objects.requireNonNull(operation, "operation");
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    counters.computeIfAbsent(operation, k -> new AtomicInteger()).addAndGet(count);
  }

  /** Uses up one of the remaining faults for {@code key}, if any are left. */
  private static boolean take(Map<String, AtomicInteger> counters, String key) {
    AtomicInteger left = counters.get(key);
    return left != null && left.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }
}
