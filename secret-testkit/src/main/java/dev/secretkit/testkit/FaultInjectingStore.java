package dev.secretkit.testkit;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.ConflictException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretSummary;
import dev.secretkit.SecretValue;
import dev.secretkit.SecretVersion;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.emulator.support.CallFault;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.emulator.support.RandomFaults;
import dev.secretkit.spi.ForwardingSecretStore;
import dev.secretkit.spi.Page;
import dev.secretkit.spi.SecretHead;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A {@link SecretStore} decorator that injects latency and faults into chosen operations, so
 * tests can see how callers handle slow, failing, throttling, forgetful or refusing stores.
 *
 * <p>Faults come from three sources, checked in this order on every call:
 * <ol>
 *   <li>a call script: {@link #failCall(long, Fault)} makes the call numbered {@code k} among all
 *       counted calls, whatever its operation, fail with a fault; a test that fails "the k-th
 *       backend call of a write" for every k uses it;
 *   <li>a script: {@link #failNext(Operation, int, Fault)} makes the next {@code n} calls of an
 *       operation fail with a fault, in the order scripted;
 *   <li>chance: {@link Builder#failRandomly(Operation, double, Fault)} makes each call fail with a
 *       probability, drawn from a {@link Random} seeded by {@link Builder#seed(long)}, so a
 *       single-threaded test sees the same faults on every run;
 *   <li>a mix drawn by chance for every call of every operation, as the emulators draw it:
 *       {@link #failRandomly(RandomFaults)}, with its own latency drawn for each call.
 * </ol>
 * Latency ({@link Builder#latency(Operation, Duration)}) is spent through a {@link Sleeper} before
 * each call, faulty or not; a test passes {@code clock::advance} of a {@link ManualClock} so no
 * real time passes. Every call is counted per operation ({@link #calls(Operation)}) and overall
 * ({@link #totalCalls()}), including calls that fail. {@link #description()}, {@link #limits()}, {@link #capabilities()},
 * {@link #problems} and {@link #close()} pass straight through and are neither counted nor faulted.
 *
 * <p>Instances are thread-safe: the script, the random draws and the counters are guarded, and
 * the delegate is called outside any lock. The delegate stays owned by the caller unless
 * {@link #close()} is called, which closes it.
 */
public final class FaultInjectingStore extends ForwardingSecretStore {

  /** The store operations a fault or latency can be attached to. */
  public enum Operation {
    /** {@link SecretStore#read(SecretId)}. */
    READ,
    /** {@link SecretStore#read(SecretId, long)}. */
    READ_VERSION,
    /** {@link SecretStore#readAll(Collection)}. */
    READ_ALL,
    /** {@link SecretStore#head(SecretId)}. */
    HEAD,
    /** {@link SecretStore#probe(SecretId)}. */
    PROBE,
    /** {@link SecretStore#list(String, String, int)}. */
    LIST,
    /** {@link SecretStore#listIds(String, int)}. */
    LIST_IDS,
    /** {@link SecretStore#versions(SecretId)}. */
    VERSIONS,
    /** {@link SecretStore#create(SecretId, SecretMetadata, Map)}. */
    CREATE,
    /** {@link SecretStore#update(SecretId, String, SecretMetadata, Map)}. */
    UPDATE,
    /** {@link SecretStore#updateMetadata(SecretId, String, SecretMetadata)}. */
    UPDATE_METADATA,
    /** {@link SecretStore#delete(SecretId, String)}. */
    DELETE;

    boolean isWrite() {
      return compareTo(CREATE) >= 0;
    }
  }

  /**
   * Spends a stretch of latency; tests pass one that advances a {@link ManualClock} instead of sleeping.
   */
  @FunctionalInterface
  public interface Sleeper {
    /** The sleeper that really sleeps, with {@link Thread#sleep(long, int)}. */
    Sleeper REAL = duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);

    /**
     * Lets {@code duration} pass.
     *
     * @throws InterruptedException if the thread was interrupted; the store then throws
     *     {@link StoreUnavailableException} with the interrupt flag set again
     */
    void sleep(Duration duration) throws InterruptedException;
  }

  /**
   * What an injected fault does to a call; immutable.
   *
   * <p>{@link #notFound()} makes reads return nothing (empty optional, list, map or page) and makes
   * {@code update}, {@code updateMetadata} and {@code delete} fail as if the secret were gone
   * ({@link ConflictException} {@code CHANGED}); it cannot be attached to {@code create}.
   */
  public static final class Fault {
    private enum Kind { UNAVAILABLE, THROTTLED, NOT_FOUND, ACCESS_DENIED, LOST_RESPONSE }

    private final Kind kind;
    private final Duration retryAfter;

    private Fault(Kind kind, Duration retryAfter) {
      this.kind = kind;
      this.retryAfter = retryAfter;
    }

    /** Returns the fault of a store that cannot be reached: {@link StoreUnavailableException}, not throttled. */
    public static Fault unavailable() {
      return new Fault(Kind.UNAVAILABLE, null);
    }

    /**
     * Returns the fault of a store that rate limits: {@link StoreUnavailableException} with
     * {@code throttled()} true and {@code retryAfter}, which may be null for no hint.
     */
    public static Fault throttled(Duration retryAfter) {
      if (retryAfter != null && retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter must not be negative");
      }
      return new Fault(Kind.THROTTLED, retryAfter);
    }

    /** Returns the fault of a store that has forgotten the secret: an empty result, or CHANGED for a write. */
    public static Fault notFound() {
      return new Fault(Kind.NOT_FOUND, null);
    }

    /**
     * Returns the fault of an answer lost on the way back: the call reaches the store and takes
     * effect, then fails with {@link StoreUnavailableException}, so the caller cannot tell
     * whether it happened.
     */
    public static Fault lostResponse() {
      return new Fault(Kind.LOST_RESPONSE, null);
    }

    /** Returns the fault of a store that refuses the client's credentials: {@link AccessDeniedException}. */
    public static Fault accessDenied() {
      return new Fault(Kind.ACCESS_DENIED, null);
    }

    /** Returns the fault's kind and retry-after hint, such as {@code throttled(PT1S)}. */
    @Override
    public String toString() {
      String name = kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
      return kind == Kind.THROTTLED ? name + "(" + retryAfter + ")" : name;
    }
  }

  private record Chance(double probability, Fault fault) {
  }

  /** A random mix of faults and the random source it is drawn from; replaced as one. */
  private record Dice(RandomFaults faults, Random random) {
  }

  private final Sleeper sleeper;
  private final Map<Operation, Duration> latency;
  private final Map<Operation, Chance> chances;
  private final Random random;
  private final Map<Operation, Deque<Fault>> script = new EnumMap<>(Operation.class);
  private final Map<Long, Fault> callScript = new HashMap<>();
  private final AtomicLong totalCalls = new AtomicLong();
  private final AtomicLongArray calls = new AtomicLongArray(Operation.values().length);
  private final AtomicLongArray faults = new AtomicLongArray(Operation.values().length);
  private final AtomicReference<Dice> dice = new AtomicReference<>();

  private FaultInjectingStore(Builder builder) {
    super(builder.delegate);
    this.sleeper = builder.sleeper;
    this.latency = new EnumMap<>(builder.latency);
    this.chances = new EnumMap<>(builder.chances);
    this.random = new Random(builder.seed);
    builder.script.forEach((operation, faults) -> script.put(operation, new ArrayDeque<>(faults)));
    callScript.putAll(builder.callScript);
  }

  /** Returns a builder that decorates {@code delegate}, with no latency and no faults. */
  public static Builder builder(SecretStore delegate) {
    return new Builder(delegate);
  }

  /**
   * Makes the next {@code count} calls of {@code operation} fail with {@code fault}, after any
   * faults already scripted for it.
   *
   * @throws IllegalArgumentException if {@code count} is negative, or {@code fault} is
   *     {@link Fault#notFound()} and {@code operation} is {@link Operation#CREATE}
   */
  public FaultInjectingStore failNext(Operation operation, int count, Fault fault) {
    checkFault(operation, fault);
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative");
    }
    synchronized (script) {
      Deque<Fault> queue = script.computeIfAbsent(operation, o -> new ArrayDeque<>());
      for (int i = 0; i < count; i++) {
        queue.add(fault);
      }
    }
    return this;
  }

  /**
   * Makes call number {@code call} among all counted calls (see {@link #totalCalls()}), whatever
   * its operation, fail with {@code fault}; it wins over the per-operation script and chance.
   *
   * @throws IllegalArgumentException if that call was already made, {@code fault} is
   *     {@link Fault#notFound()} (whose meaning depends on an operation not known in advance), or
   *     a fault is already scripted for that call
   */
  public FaultInjectingStore failCall(long call, Fault fault) {
    synchronized (script) {
      if (call <= totalCalls.get()) {
        throw new IllegalArgumentException("call " + call + " was already made; " + totalCalls.get() + " so far");
      }
      scriptCall(callScript, call, fault);
    }
    return this;
  }

  /** Drops every scripted fault not yet injected, by operation and by call number; faults by chance and latency stay. */
  public void clearScript() {
    synchronized (script) {
      script.clear();
      callScript.clear();
    }
  }

  /**
   * Fails every call of every operation by chance from now on, as {@code mix} says, drawing from a random source
   * seeded with its seed, after the scripts and the chances of {@link Builder#failRandomly}; replaces the mix set
   * before. A transient failure is {@link Fault#unavailable()}, throttling {@link Fault#throttled} without a
   * hint, a lost answer {@link Fault#lostResponse()}; each call first spends a latency drawn from the mix.
   */
  public FaultInjectingStore failRandomly(RandomFaults mix) {
    dice.set(new Dice(Objects.requireNonNull(mix, "mix"), new Random(mix.seed())));
    return this;
  }

  /** Stops the faults and latency of {@link #failRandomly(RandomFaults)}; scripts and the builder's chances stay. */
  public void clearRandomFaults() {
    dice.set(null);
  }

  /** Returns how many faults were injected into calls of every operation. */
  public long totalFaults() {
    long total = 0;
    for (int i = 0; i < faults.length(); i++) {
      total += faults.get(i);
    }
    return total;
  }

  /** Returns how many times {@code operation} was called, including calls that failed. */
  public long calls(Operation operation) {
    return calls.get(Objects.requireNonNull(operation, "operation").ordinal());
  }

  /** Returns how many calls of every operation were made, including calls that failed: the number of the last call. */
  public long totalCalls() {
    return totalCalls.get();
  }

  /** Returns how many faults were injected into calls of {@code operation}. */
  public long faults(Operation operation) {
    return faults.get(Objects.requireNonNull(operation, "operation").ordinal());
  }

  /** Returns the call count of every operation that was called at least once. */
  public Map<Operation, Long> calls() {
    Map<Operation, Long> counts = new EnumMap<>(Operation.class);
    for (Operation operation : Operation.values()) {
      long count = calls(operation);
      if (count > 0) {
        counts.put(operation, count);
      }
    }
    return counts;
  }

  @Override
  public Optional<StoredSecret> read(SecretId id) {
    return call(Operation.READ, id, Optional::empty, () -> delegate().read(id));
  }

  @Override
  public Optional<StoredSecret> read(SecretId id, long version) {
    return call(Operation.READ_VERSION, id, Optional::empty, () -> delegate().read(id, version));
  }

  @Override
  public Map<SecretId, StoredSecret> readAll(Collection<SecretId> ids) {
    return call(Operation.READ_ALL, null, Map::of, () -> delegate().readAll(ids));
  }

  @Override
  public Optional<SecretHead> head(SecretId id) {
    return call(Operation.HEAD, id, Optional::empty, () -> delegate().head(id));
  }

  @Override
  public Optional<String> probe(SecretId id) {
    return call(Operation.PROBE, id, Optional::empty, () -> delegate().probe(id));
  }

  @Override
  public Page<SecretSummary> list(String scope, String pageToken, int pageSize) {
    return call(Operation.LIST, null, () -> Page.of(List.of(), null),
        () -> delegate().list(scope, pageToken, pageSize));
  }

  @Override
  public Page<SecretId> listIds(String pageToken, int pageSize) {
    return call(Operation.LIST_IDS, null, () -> Page.of(List.of(), null),
        () -> delegate().listIds(pageToken, pageSize));
  }

  @Override
  public List<SecretVersion> versions(SecretId id) {
    return call(Operation.VERSIONS, id, List::of, () -> delegate().versions(id));
  }

  @Override
  public StoredSecret create(SecretId id, SecretMetadata metadata, Map<String, SecretValue> values) {
    return call(Operation.CREATE, id, null, () -> delegate().create(id, metadata, values));
  }

  @Override
  public StoredSecret update(SecretId id, String expectedRevision, SecretMetadata metadata,
      Map<String, SecretValue> values) {
    return call(Operation.UPDATE, id, null, () -> delegate().update(id, expectedRevision, metadata, values));
  }

  @Override
  public SecretHead updateMetadata(SecretId id, String expectedRevision, SecretMetadata metadata) {
    return call(Operation.UPDATE_METADATA, id, null,
        () -> delegate().updateMetadata(id, expectedRevision, metadata));
  }

  @Override
  public void delete(SecretId id, String expectedRevision) {
    call(Operation.DELETE, id, null, () -> {
      delegate().delete(id, expectedRevision);
      return null;
    });
  }

  /** Returns the delegate's description and the call counts, such as {@code FaultInjectingStore[memory:, {READ=2}]}. */
  @Override
  public String toString() {
    return "FaultInjectingStore[" + delegate().description() + ", " + calls() + "]";
  }

  private <T> T call(Operation operation, SecretId id, Supplier<T> empty, Supplier<T> real) {
    calls.incrementAndGet(operation.ordinal());
    Duration delay = latency.getOrDefault(operation, Duration.ZERO);
    Dice random = dice.get();
    if (random != null) {
      delay = delay.plus(random.faults().latency(random.random().nextDouble()));
    }
    if (!delay.isZero()) {
      try {
        sleeper.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreUnavailableException(delegate().description(), "interrupted while waiting for "
            + operation, false, null, e);
      }
    }
    Fault fault = nextFault(operation);
    if (fault == null) {
      return real.get();
    }
    faults.incrementAndGet(operation.ordinal());
    String target = id != null ? id.toString() : "the store";
    switch (fault.kind) {
      case UNAVAILABLE:
        throw new StoreUnavailableException(delegate().description(), "injected fault on " + operation + " of "
            + target, false, null, null);
      case THROTTLED:
        throw new StoreUnavailableException(delegate().description(), "injected throttling on " + operation
            + " of "
            + target, true, fault.retryAfter, null);
      case ACCESS_DENIED:
        throw new AccessDeniedException(target, delegate().description(), "injected denial on " + operation, null);
      case LOST_RESPONSE:
        real.get();
        throw new StoreUnavailableException(delegate().description(), "injected loss of the answer to " + operation
            + " of " + target, false, null, null);
      case NOT_FOUND:
      default:
        if (operation.isWrite()) {
          throw ConflictException.changed(id, delegate().description());
        }
        return empty.get();
    }
  }

  private Fault nextFault(Operation operation) {
    synchronized (script) {
      // Numbered under the lock, so that a call's number and its scripted fault agree across threads.
      Fault byNumber = callScript.remove(totalCalls.incrementAndGet());
      if (byNumber != null) {
        return byNumber;
      }
      Deque<Fault> queue = script.get(operation);
      if (queue != null && !queue.isEmpty()) {
        return queue.poll();
      }
      Chance chance = chances.get(operation);
      if (chance != null && random.nextDouble() < chance.probability()) {
        return chance.fault();
      }
      Dice mix = dice.get();
      CallFault drawn = mix == null ? null : mix.faults().fault(mix.random().nextDouble());
      if (drawn == null) {
        return null;
      }
      return switch (drawn) {
        case ERROR_BEFORE -> Fault.unavailable();
        case THROTTLE_BEFORE -> Fault.throttled(null);
        case ERROR_AFTER, DROP_AFTER -> Fault.lostResponse();
      };
    }
  }

  private static void scriptCall(Map<Long, Fault> calls, long call, Fault fault) {
    Objects.requireNonNull(fault, "fault");
    if (call < 1) {
      throw new IllegalArgumentException("calls are numbered from 1");
    }
    if (fault.kind == Fault.Kind.NOT_FOUND) {
      throw new IllegalArgumentException("a not-found fault depends on the operation; script it with failNext");
    }
    if (calls.putIfAbsent(call, fault) != null) {
      throw new IllegalArgumentException("a fault is already scripted for call " + call);
    }
  }

  private static void checkFault(Operation operation, Fault fault) {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(fault, "fault");
    if (operation == Operation.CREATE && fault.kind == Fault.Kind.NOT_FOUND) {
      throw new IllegalArgumentException("a not-found fault has no meaning for CREATE");
    }
  }

  /**
   * Configures a {@link FaultInjectingStore}; {@link #build()} returns a store that starts with
   * the latency, chances and script given here. A builder is not thread-safe.
   */
  public static final class Builder {
    private final SecretStore delegate;
    private Sleeper sleeper = Sleeper.REAL;
    private long seed;
    private final Map<Operation, Duration> latency = new EnumMap<>(Operation.class);
    private final Map<Operation, Chance> chances = new EnumMap<>(Operation.class);
    private final Map<Operation, Deque<Fault>> script = new EnumMap<>(Operation.class);
    private final Map<Long, Fault> callScript = new HashMap<>();

    private Builder(SecretStore delegate) {
      this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** Spends latency through {@code spender}; {@link Sleeper#REAL} by default. */
    public Builder sleeper(Sleeper spender) {
      this.sleeper = Objects.requireNonNull(spender, "sleeper");
      return this;
    }

    /** Seeds the random draws of {@link #failRandomly}; 0 by default. */
    public Builder seed(long randomSeed) {
      this.seed = randomSeed;
      return this;
    }

    /**
     * Spends {@code delay} before every call of {@code operation}.
     *
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public Builder latency(Operation operation, Duration delay) {
      Objects.requireNonNull(operation, "operation");
      if (Objects.requireNonNull(delay, "delay").isNegative()) {
        throw new IllegalArgumentException("latency must not be negative");
      }
      latency.put(operation, delay);
      return this;
    }

    /** Spends {@code delay} before every call of every operation. */
    public Builder latency(Duration delay) {
      for (Operation operation : Operation.values()) {
        latency(operation, delay);
      }
      return this;
    }

    /**
     * Makes each call of {@code operation} that no script claims fail with {@code fault} with
     * probability {@code probability}; a later call for the same operation replaces it.
     *
     * @throws IllegalArgumentException if {@code probability} is outside [0, 1], or the fault is
     *     {@link Fault#notFound()} for {@link Operation#CREATE}
     */
    public Builder failRandomly(Operation operation, double probability, Fault fault) {
      checkFault(operation, fault);
      if (!(probability >= 0 && probability <= 1)) {
        throw new IllegalArgumentException("probability must be between 0 and 1, not " + probability);
      }
      chances.put(operation, new Chance(probability, fault));
      return this;
    }

    /** Makes the first {@code count} calls of {@code operation} fail with {@code fault}; see {@link FaultInjectingStore#failNext}. */
    public Builder failNext(Operation operation, int count, Fault fault) {
      checkFault(operation, fault);
      if (count < 0) {
        throw new IllegalArgumentException("count must not be negative");
      }
      Deque<Fault> queue = script.computeIfAbsent(operation, o -> new ArrayDeque<>());
      for (int i = 0; i < count; i++) {
        queue.add(fault);
      }
      return this;
    }

    /**
     * Makes call number {@code call} among all counted calls, counted from the first call to the
     * built store, fail with {@code fault}; see {@link FaultInjectingStore#failCall}.
     *
     * @throws IllegalArgumentException if {@code call} is below 1, {@code fault} is
     *     {@link Fault#notFound()}, or a fault is already scripted for that call
     */
    public Builder failCall(long call, Fault fault) {
      scriptCall(callScript, call, fault);
      return this;
    }

    /** Returns the store. */
    public FaultInjectingStore build() {
      return new FaultInjectingStore(this);
    }
  }
}
