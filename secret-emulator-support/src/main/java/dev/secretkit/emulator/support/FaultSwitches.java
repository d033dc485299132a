package dev.secretkit.emulator.support;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * The fault switches and call counters every SecretKit emulator has, and the order a call goes through them:
 * counted, then a test's hook, then the k-th-call fault or else a fault drawn from the {@link RandomFaults}, then
 * latency; the emulator then applies its own switches, carries the call out, and answers an after fault or a lost
 * response.
 *
 * <p>An emulator calls {@link #begin} first for each call it serves, answers a fault that
 * {@linkplain CallFault#carriesOut() is not carried out} at once, and after carrying the call out answers the
 * after fault, or a lost response that {@link #takeLostResponse} reports, in its wire's way. Every member is safe
 * to use from a test's thread while serving threads use it.
 *
 * @param <O> the emulator's operation type, by which calls are counted and responses lost
 * @param <R> what a test's {@link #beforeNext} hook sees of a call
 */
public final class FaultSwitches<O, R> {
  private final Sleeper sleeper;
  private final Map<O, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final FaultCounts<O> lostResponses = new FaultCounts<>();
  private final AtomicReference<Duration> latency = new AtomicReference<>(Duration.ZERO);
  private final AtomicReference<ArmedFault> callFault = new AtomicReference<>();
  private final AtomicReference<Hook<R>> hook = new AtomicReference<>();
  private final AtomicReference<Dice> dice = new AtomicReference<>();
  private final AtomicInteger faultsInjected = new AtomicInteger();

  /** A test's action to run before one matching call. */
  private record Hook<R>(Predicate<? super R> matches, Runnable action) {
  }

  /**
   * A call fault and the calls left until it fires, armed and replaced as one, so that a call counted towards a
   * fault never fires the one that replaced it.
   */
  private record ArmedFault(CallFault fault, AtomicInteger callsLeft) {
  }

  /** The random faults armed, with the random source they are drawn from; replaced as one. */
  private record Dice(RandomFaults faults, Random random) {
  }

  /** Creates switches that are all off, whose latency {@code sleeper} waits out. */
  public FaultSwitches(Sleeper sleeper) {
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  // ---- switches -------------------------------------------------------------------------------

  /**
   * Arms {@code fault} for the {@code k}-th call from now, counting every operation; replaces an armed one.
   *
   * @throws IllegalArgumentException if {@code k} is less than 1
   */
  public void failCall(int k, CallFault fault) {
    if (k < 1) {
      throw new IllegalArgumentException("k counts calls from 1: " + k);
    }
    callFault.set(new ArmedFault(Objects.requireNonNull(fault, "fault"), new AtomicInteger(k)));
  }

  /**
   * Delays every later call by {@code perCall}, waited out through the {@link Sleeper}; zero, the default, adds
   * none.
   *
   * @throws IllegalArgumentException if {@code perCall} is negative
   */
  public void latency(Duration perCall) {
    Objects.requireNonNull(perCall, "perCall");
    if (perCall.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative: " + perCall);
    }
    latency.set(perCall);
  }

  /**
   * Fails calls by chance from now on, and delays them, as {@code faults} says, drawing from a random source seeded
   * with its seed; replaces the random faults armed before. A fault armed with {@link #failCall} wins over them.
   */
  public void failRandomly(RandomFaults faults) {
    dice.set(new Dice(Objects.requireNonNull(faults, "faults"), new Random(faults.seed())));
  }

  /**
   * Arms a lost response for the next {@code count} calls of {@code operation}: each is carried out and its
   * answer then lost, as {@link #takeLostResponse} reports.
   *
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public void loseResponses(O operation, int count) {
    lostResponses.add(operation, count);
  }

  /**
   * Arms {@code action} to run once, on the serving thread, just before the next call whose request
   * {@code matches} goes on; replaces an armed hook. Other calls, including those the action makes, are served
   * meanwhile. If {@code matches} throws, the hook stays armed and the exception ends the call.
   */
  public void beforeNext(Predicate<? super R> matches, Runnable action) {
    hook.set(new Hook<>(Objects.requireNonNull(matches, "matches"), Objects.requireNonNull(action, "action")));
  }

  /** Turns every switch off and disarms the hook; call counts are kept. */
  public void clear() {
    callFault.set(null);
    lostResponses.clear();
    latency.set(Duration.ZERO);
    hook.set(null);
    dice.set(null);
  }

  // ---- serving --------------------------------------------------------------------------------

  /** Counts one call of {@code operation}, for a call the emulator refuses before {@link #begin}. */
  public void recordCall(O operation) {
    calls.computeIfAbsent(operation, key -> new AtomicInteger()).incrementAndGet();
  }

  /**
   * Starts serving one call of {@code operation}: counts it, runs the armed hook if {@code request} matches,
   * counts the call towards the armed call fault, draws a random fault if that one is not for this call, and,
   * unless the fault fails the call before it is carried out, waits out the latency, fixed and random. Returns the
   * call fault if this call is the one it was armed for, else the fault drawn, else null.
   *
   * @throws InterruptedException if the wait for latency is interrupted
   */
  public CallFault begin(O operation, R request) throws InterruptedException {
    recordCall(operation);
    Hook<R> armed = hook.get();
    if (armed != null && armed.matches().test(request) && hook.compareAndSet(armed, null)) {
      armed.action().run();
    }
    Dice random = dice.get();
    CallFault fault = countTowardsCallFault();
    if (fault == null && random != null) {
      fault = random.faults().fault(random.random().nextDouble());
    }
    if (fault != null) {
      faultsInjected.incrementAndGet();
      if (!fault.carriesOut()) {
        return fault;
      }
    }
    Duration wait = latency.get();
    if (random != null) {
      wait = wait.plus(random.faults().latency(random.random().nextDouble()));
    }
    if (!wait.isZero()) {
      sleeper.sleep(wait);
    }
    return fault;
  }

  /** Uses up one lost response armed for {@code operation}, and returns whether there was one. */
  public boolean takeLostResponse(O operation) {
    return lostResponses.take(operation);
  }

  private CallFault countTowardsCallFault() {
    ArmedFault armed = callFault.get();
    if (armed != null && armed.callsLeft().decrementAndGet() == 0 && callFault.compareAndSet(armed, null)) {
      return armed.fault();
    }
    return null;
  }

  // ---- counters -------------------------------------------------------------------------------

  /** Returns how many calls of {@code operation} were counted so far. */
  public int calls(O operation) {
    AtomicInteger count = calls.get(operation);
    return count == null ? 0 : count.get();
  }

  /** Returns how many calls were counted so far, of every operation. */
  public int totalCalls() {
    return calls.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /**
   * Returns how many calls a call fault ({@link #failCall}) or a random one ({@link #failRandomly}) failed so far,
   * before or after carrying them out.
   */
  public int faultsInjected() {
    return faultsInjected.get();
  }

  /** Sets every call count, and the count of faults injected, back to zero. */
  public void resetCalls() {
    calls.clear();
    faultsInjected.set(0);
  }
}
