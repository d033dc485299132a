package dev.secretkit.emulator.aws;

import dev.secretkit.emulator.support.FaultCounts;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The switches only this emulator has: throttling, server errors, denials, decryption failures and refused
 * credentials; the ones every emulator has are in its {@code FaultSwitches}. Every member is safe to use from the
 * test thread while the server's threads read it.
 */
final class Faults {
  private final FaultCounts<String> throttles = new FaultCounts<>();
  private final FaultCounts<String> failures = new FaultCounts<>();
  private final Set<String> denied = ConcurrentHashMap.newKeySet();
  private final Set<String> undecryptable = ConcurrentHashMap.newKeySet();
  private final Set<String> rejectedAccessKeys = ConcurrentHashMap.newKeySet();
  private final AtomicReference<String> credentialsRefusal = new AtomicReference<>();

  void throttleNext(String operation, int count) {
    throttles.add(operation, count);
  }

  void throttleNext(int count) {
    throttles.addAny(count);
  }

  void failNext(String operation, int count) {
    failures.add(operation, count);
  }

  void failNext(int count) {
    failures.addAny(count);
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

  /** Clears every switch. */
  void clear() {
    throttles.clear();
    failures.clear();
    denied.clear();
    undecryptable.clear();
    rejectedAccessKeys.clear();
    credentialsRefusal.set(null);
  }

  boolean takeThrottle(String operation) {
    return throttles.take(operation);
  }

  boolean takeFailure(String operation) {
    return failures.take(operation);
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
}
