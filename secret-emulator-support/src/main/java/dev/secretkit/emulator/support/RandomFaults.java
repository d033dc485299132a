package dev.secretkit.emulator.support;

import java.time.Duration;
import java.util.Objects;

/**
 * A mix of faults drawn by chance for every call, as a soak runs them: each call fails before it is carried out
 * with probability {@code transientFailure} (the service's internal error) or {@code throttling} (its rate-limit
 * error), is carried out and has its answer lost with probability {@code lostResponse} (half of them answered with
 * the internal error, half with the connection dropped), and waits a latency drawn evenly between zero and
 * {@code maxLatency} unless it failed before being carried out. Draws come from a {@link java.util.Random} seeded
 * with {@code seed}, so one thread's calls see the same faults on every run. Immutable.
 *
 * @param transientFailure the chance of {@link CallFault#ERROR_BEFORE}
 * @param throttling the chance of {@link CallFault#THROTTLE_BEFORE}
 * @param lostResponse the chance of {@link CallFault#ERROR_AFTER} or {@link CallFault#DROP_AFTER}, evenly
 * @param maxLatency the longest latency a call waits; zero for none
 * @param seed the seed of the random draws
 */
public record RandomFaults(double transientFailure, double throttling, double lostResponse, Duration maxLatency,
    long seed) {

  /**
   * Checks every part.
   *
   * @throws IllegalArgumentException if a chance is outside [0, 1], the chances add up to more than 1, or
   *     {@code maxLatency} is negative
   */
  public RandomFaults {
    checkChance("transientFailure", transientFailure);
    checkChance("throttling", throttling);
    checkChance("lostResponse", lostResponse);
    if (transientFailure + throttling + lostResponse > 1) {
      throw new IllegalArgumentException("the chances add up to more than 1: " + transientFailure + " + "
          + throttling + " + " + lostResponse);
    }
    if (Objects.requireNonNull(maxLatency, "maxLatency").isNegative()) {
      throw new IllegalArgumentException("maxLatency must not be negative: " + maxLatency);
    }
  }

  /**
   * Returns the fault a call gets for {@code roll}, a draw in [0, 1): the failures take the bottom of the range in
   * the order of the parameters, and a roll above them all gets null, no fault.
   */
  public CallFault fault(double roll) {
    double lost = transientFailure + throttling;
    if (roll < transientFailure) {
      return CallFault.ERROR_BEFORE;
    }
    if (roll < lost) {
      return CallFault.THROTTLE_BEFORE;
    }
    if (roll < lost + lostResponse / 2) {
      return CallFault.ERROR_AFTER;
    }
    return roll < lost + lostResponse ? CallFault.DROP_AFTER : null;
  }

  /** Returns the latency a call waits for {@code roll}, a draw in [0, 1): that fraction of {@code maxLatency}. */
  public Duration latency(double roll) {
    return Duration.ofNanos((long) (maxLatency.toNanos() * roll));
  }

  private static void checkChance(String name, double chance) {
    if (!(chance >= 0 && chance <= 1)) {
      throw new IllegalArgumentException(name + " must be a chance between 0 and 1, not " + chance);
    }
  }
}
