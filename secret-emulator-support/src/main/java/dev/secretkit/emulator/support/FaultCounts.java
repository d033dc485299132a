package dev.secretkit.emulator.support;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts of one kind of fault armed for the next calls of an operation, or of any operation, each used up by
 * one call: what an emulator's "fail the next {@code n} calls of this operation" switch keeps. Safe to arm from a
 * test's thread while serving threads use the counts up.
 *
 * @param <O> the emulator's operation type, such as an operation name or an enum of operations
 */
public final class FaultCounts<O> {
  private final Map<O, AtomicInteger> byOperation = new ConcurrentHashMap<>();
  private final AtomicInteger any = new AtomicInteger();

  /** Creates counts with nothing armed. */
  public FaultCounts() {
  }

  /**
   * Arms the next {@code count} calls of {@code operation}, on top of those already armed.
   *
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public void add(O operation, int count) {
    Objects.requireNonNull(operation, "operation");
    checkCount(count);
    byOperation.computeIfAbsent(operation, key -> new AtomicInteger()).addAndGet(count);
  }

  /**
   * Arms the next {@code count} calls of any operation, on top of those already armed.
   *
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public void addAny(int count) {
    checkCount(count);
    any.addAndGet(count);
  }

  /**
   * Uses up one fault armed for {@code operation}, or else one armed for any operation, and returns whether
   * there was one: the call is to fail.
   */
  public boolean take(O operation) {
    AtomicInteger left = byOperation.get(operation);
    return left != null && takeOne(left) || takeOne(any);
  }

  /** Disarms every count. */
  public void clear() {
    byOperation.clear();
    any.set(0);
  }

  private static boolean takeOne(AtomicInteger left) {
    return left.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }

  private static void checkCount(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
  }
}
