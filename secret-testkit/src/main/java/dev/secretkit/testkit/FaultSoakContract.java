package dev.secretkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.ApplyResult;
import dev.secretkit.ConflictException;
import dev.secretkit.Secret;
import dev.secretkit.SecretException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretNotFoundException;
import dev.secretkit.SecretRef;
import dev.secretkit.SecretValue;
import dev.secretkit.SecretVersion;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.access.Grant;
import dev.secretkit.access.Permission;
import dev.secretkit.access.Principal;
import dev.secretkit.client.CachePolicy;
import dev.secretkit.client.Resolution;
import dev.secretkit.client.ResolveObserver;
import dev.secretkit.client.SecretClient;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.emulator.support.RandomFaults;
import dev.secretkit.manifest.SecretManifest;
import dev.secretkit.manifest.SecretSection;
import dev.secretkit.spi.SecretStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * The contract that a store under a storm of faults never serves a wrong value and never loses an acknowledged
 * write: threads resolve, apply, grant and delete through one {@link SecretClient} (with a cache) over a few secrets
 * while every backend call fails by chance (transient failures, throttling, answers lost after the call was carried
 * out) and waits a random latency, and a model of what was written checks every value read and, once the faults are
 * off, everything the store holds. A backend runs it by subclassing, with the faults injected between the store and
 * its backend, on the wire where there is one, like this:
 *
 * <pre>{@code
 * class AwsFaultSoakTest extends FaultSoakContract {
 *   private static final SecretsManagerEmulator EMULATOR = new SecretsManagerEmulator(new ManualClock()).start();
 *
 *   protected String storeName() {
 *     return "aws-emulator";
 *   }
 *
 *   protected SecretStore openStore() {
 *     return TestStores.open(EMULATOR.endpoint(), "soak", "maxAttempts=3&retryDelayMillis=0", CLOCK);
 *   }
 *
 *   protected Injector injector() {
 *     return new Injector(EMULATOR::failRandomly, EMULATOR::clearFaults, EMULATOR::faultsInjected, EMULATOR::close,
 *         EMULATOR::restart);
 *   }
 * }
 * }</pre>
 *
 * <p>The run: {@value #THREADS} threads (system property {@code soak.threads}) take {@code soak.operations}
 * operations in all (1,000 by default) over {@value #SECRETS} secrets of two keys each: 45% resolves
 * ({@link SecretClient#lookup}), 30% applies of a manifest with new values, 15% grants of {@code can-use} to one of
 * four principals, 10% deletes. Faults: 30% transient failures, 1% throttling, 5% lost answers, each call delayed
 * between zero and {@code soak.latencyMillis} milliseconds (5 by default; 50 for the full run), drawn from
 * {@code soak.seed}. Every value written is new, {@code secret/key/n} with {@code n} counting writes, so the model
 * knows which write each value came from. The client caches with a time-to-live of one second on a ticker each
 * operation moves by 25 ms, so entries expire as the run goes and stale values are served while the store fails.
 * A backend the injector can stop is stopped halfway through, while the next 2% of the operations are taken, and
 * brought back at the same address with the same state; the same client must then get through again, within 30 s
 * (at once over HTTP; over gRPC once gRPC's own reconnect backoff, about a second of real time, has passed), and
 * the operations after those wait for it to, so that the second half of the run is a soak too.
 *
 * <p>Checked: every resolve returns a value written to that secret and key, at the version its apply returned
 * (else a <b>wrong value</b>); an apply never finds its new value already there; at the end, with the faults off,
 * the latest values of each secret come from one write, every version holds a different write's values (else a
 * double apply), a write that returned normally is there unless a write or delete that may have come after it
 * replaced it, a delete that returned normally is not undone, a grant that returned normally is there unless the
 * secret may have been deleted since (else a <b>lost write</b>), and no grant names a principal never granted.
 * A write that failed may be there or not, except one that failed for a reason other than the store being
 * unavailable, which must not be there (a <b>phantom write</b>). Every failure the client throws must be a
 * {@link SecretException}.
 *
 * <p>The figures are printed as one line, starting {@code fault soak:}: operations; {@code faults}, the calls the
 * injector failed; {@code retries}, those of them that never reached the client as a failed store call, which the
 * store or its client library absorbed by calling again (on a store that does not retry, the few counted are lost
 * answers to calls that failed anyway); {@code staleServes}, resolves the cache answered with an expired value
 * while the store failed; {@code surfaced}, the operations that failed, by exception type; the restart's
 * {@code recoveryMs} (from the restart until a call got through) and the operations that succeeded after it; and
 * the wrong values, lost writes and phantom writes, which must be 0, with the first of each listed below the line.
 */
public abstract class FaultSoakContract {
  private static final int THREADS = 8;
  private static final int SECRETS = 6;
  private static final String SCOPE = "soak";
  private static final List<String> KEYS = List.of("a", "b");
  private static final String WRITER = "olivia";
  private static final List<String> READERS = List.of("reader-0", "reader-1", "reader-2", "reader-3");
  private static final Instant NOW = Instant.parse("2026-11-30T06:00:00Z");
  private static final long TICK_PER_OPERATION = TimeUnit.MILLISECONDS.toNanos(25);
  private static final Duration RECOVERY = Duration.ofSeconds(30);
  /** The failures a soak expects: the store unavailable, writers racing, a secret deleted meanwhile. */
  private static final Set<Class<?>> EXPECTED_FAILURES = Set.of(StoreUnavailableException.class,
      ConflictException.class, SecretNotFoundException.class);
  private static final Duration RECOVERY_POLL = Duration.ofMillis(20);

  /** Creates the contract; subclasses need no constructor arguments. */
  protected FaultSoakContract() {
  }

  /** Returns the store's name in the figures, such as {@code aws-emulator}. */
  protected abstract String storeName();

  /**
   * Opens the store the soak's client writes to, empty, with the faults of {@link #injector()} between it and its
   * backend; called once, and the kit closes it.
   */
  protected abstract SecretStore openStore();

  /** Returns the fault injector of the store {@link #openStore()} opened; called after it. */
  protected abstract Injector injector();

  /**
   * The fault injector the kit drives, made of its own methods: an emulator's switches, or a
   * {@link FaultInjectingStore}'s.
   *
   * @param failRandomly turns the random faults on
   * @param clearFaults turns every fault off
   * @param faultsInjected returns how many calls a fault failed so far
   * @param stop stops the backend, keeping its state; null when there is no backend to stop
   * @param restart brings a stopped backend back at the same address; null when {@code stop} is
   */
  protected record Injector(Consumer<RandomFaults> failRandomly, Runnable clearFaults, LongSupplier faultsInjected,
      Runnable stop, Runnable restart) {
    /** Checks every part; {@code stop} and {@code restart} are both given or both null. */
    public Injector {
      Objects.requireNonNull(failRandomly, "failRandomly");
      Objects.requireNonNull(clearFaults, "clearFaults");
      Objects.requireNonNull(faultsInjected, "faultsInjected");
      if ((stop == null) != (restart == null)) {
        throw new IllegalArgumentException("stop and restart are given together, or neither");
      }
    }

    /** Returns an injector for a store without a backend to stop. */
    public Injector(Consumer<RandomFaults> failRandomly, Runnable clearFaults, LongSupplier faultsInjected) {
      this(failRandomly, clearFaults, faultsInjected, null, null);
    }
  }

  @Test
  void soak_mixedOperationsUnderFaults_serveNoWrongValueAndLoseNoWrite() throws InterruptedException {
    Settings settings = Settings.fromSystemProperties();
    Run run = new Run(settings);
    try (SecretStore store = openStore()) {
      Injector injector = injector();
      run.soak(store, injector);
    }
    String figures = run.figures(storeName());
    System.out.println(figures);
    assertThat(run.unexpected).as("failures that are not SecretExceptions: %s", figures).isEmpty();
    assertThat(run.wrongValues).as("wrong values: %s", figures).isEmpty();
    assertThat(run.lostWrites).as("lost writes: %s", figures).isEmpty();
    assertThat(run.phantomWrites).as("phantom writes: %s", figures).isEmpty();
    assertThat(run.operations.sum()).isEqualTo(settings.operations());
    assertThat(run.faultsInjected).as("faults injected").isPositive();
  }

  /** What a run does, from system properties. */
  private record Settings(int operations, int threads, Duration maxLatency, long seed) {
    static Settings fromSystemProperties() {
      return new Settings(Integer.getInteger("soak.operations", 1_000), Integer.getInteger("soak.threads", THREADS),
          Duration.ofMillis(Long.getLong("soak.latencyMillis", 5)), Long.getLong("soak.seed", 20261130L));
    }
  }

  /** How an operation ended. */
  private enum Outcome {
    /** It returned normally. */
    OK,
    /** It failed because the store was unavailable: it may or may not have taken effect. */
    UNCERTAIN,
    /** It failed for another reason: it took no effect. */
    FAILED
  }

  /** What a write is. */
  private enum Kind { APPLY, GRANT, DELETE }

  /**
   * One write as it ended: its kind, the write number of its values (for an apply), the principal granted (for a
   * grant), the ticks of the model's clock it started and ended at, how it ended, and the version it returned.
   */
  private record Write(Kind kind, long number, String principal, long start, long end, Outcome outcome,
      long version) {
    boolean surelyBefore(Write other) {
      return end < other.start;
    }
  }

  /** A value seen by a resolve: the write number, and the version it was served at. */
  private record Seen(SecretId id, long number, long version) {
  }

  /** One run of the soak and its model. */
  private static final class Run {
    private final Settings settings;
    private final AtomicLong modelClock = new AtomicLong();
    private final AtomicLong writeNumbers = new AtomicLong();
    private final AtomicLong ticker = new AtomicLong();
    private final AtomicLong next = new AtomicLong();
    private final List<SecretId> ids = new ArrayList<>();
    private final Map<Long, SecretId> written = new ConcurrentHashMap<>();
    private final Map<Long, Outcome> writeOutcomes = new ConcurrentHashMap<>();
    private final Map<Long, Long> writeVersions = new ConcurrentHashMap<>();
    private final Map<SecretId, Queue<Write>> writes = new ConcurrentHashMap<>();
    private final Queue<Seen> seen = new ConcurrentLinkedQueue<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final Map<String, String> firstMessages = new ConcurrentHashMap<>();
    private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final Queue<String> wrongValues = new ConcurrentLinkedQueue<>();
    private final List<String> lostWrites = new ArrayList<>();
    private final Queue<String> phantomWrites = new ConcurrentLinkedQueue<>();
    private final LongAdder operations = new LongAdder();
    private final LongAdder staleServes = new LongAdder();
    private final LongAdder storeFailures = new LongAdder();
    private final LongAdder succeededAfterRestart = new LongAdder();
    private final AtomicBoolean backendUp = new AtomicBoolean(true);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch recovered = new CountDownLatch(1);
    private volatile boolean restarted;
    private long faultsInjected;
    private long wallMillis;
    private volatile long recoveryMillis;

    Run(Settings settings) {
      this.settings = settings;
      for (int i = 0; i < SECRETS; i++) {
        SecretId id = SecretId.of(SCOPE, "soak-" + i);
        ids.add(id);
        writes.put(id, new ConcurrentLinkedQueue<>());
      }
    }

    void soak(SecretStore store, Injector injector) throws InterruptedException {
      ResolveObserver observer = new ResolveObserver() {
        @Override
        public void staleServed(SecretId id, SecretException cause) {
          staleServes.increment();
        }
      };
      try (SecretClient client = SecretClient.builder().store(countFailures(store))
          .principal(Principal.localUser(WRITER)).clock(new ManualClock(NOW)).environment(Map.of())
          .cache(CachePolicy.defaults().withTtl(Duration.ofSeconds(1)).withStaleIfError(Duration.ofMinutes(10))
              .withErrorBackoff(Duration.ofMillis(10), Duration.ofMillis(100)))
          .ticker(ticker::get).observer(observer).build()) {
        long started = System.nanoTime();
        injector.failRandomly().accept(new RandomFaults(0.30, 0.01, 0.05, settings.maxLatency(), settings.seed()));
        List<Thread> threads = new ArrayList<>();
        List<Throwable> crashes = new ArrayList<>();
        for (int t = 0; t < settings.threads(); t++) {
          Random random = new Random(settings.seed() * 31 + t);
          Thread thread = new Thread(() -> work(client, injector, random), "soak-" + t);
          thread.setUncaughtExceptionHandler((crashed, e) -> {
            synchronized (crashes) {
              crashes.add(e);
            }
          });
          threads.add(thread);
          thread.start();
        }
        for (Thread thread : threads) {
          thread.join();
        }
        assertThat(crashes).as("soak threads that crashed").isEmpty();
        injector.clearFaults().run();
        faultsInjected = injector.faultsInjected().getAsLong();
        wallMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        untilThrough(client);
        check(client);
      }
    }

    /**
     * Calls the store through the client until a call gets through, for at most {@link #RECOVERY}, and returns how
     * many milliseconds that took: at once over HTTP, once gRPC's reconnect backoff (about a second, on gRPC's own
     * timer, which no test clock moves) has passed over gRPC.
     */
    private long untilThrough(SecretClient client) {
      long started = System.nanoTime();
      long deadline = started + RECOVERY.toNanos();
      while (true) {
        try {
          client.ids();
          return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        } catch (StoreUnavailableException e) {
          if (System.nanoTime() > deadline) {
            throw new AssertionError("the client did not get through to the store within " + RECOVERY, e);
          }
          pause();
        }
      }
    }

    private static void pause() {
      try {
        Thread.sleep(RECOVERY_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the store to come back", e);
      }
    }

    /**
     * Returns {@code store} counting the calls of the client that fail because the store is unavailable while the
     * backend is up: a proxy, so that each call the client makes counts once, whichever method it is.
     */
    private SecretStore countFailures(SecretStore store) {
      return (SecretStore) Proxy.newProxyInstance(SecretStore.class.getClassLoader(),
          new Class<?>[] {SecretStore.class}, (proxy, method, arguments) -> {
            try {
              return method.invoke(store, arguments);
            } catch (InvocationTargetException e) {
              if (e.getCause() instanceof StoreUnavailableException && backendUp.get()) {
                storeFailures.increment();
              }
              throw e.getCause();
            }
          });
    }

    private void work(SecretClient client, Injector injector, Random random) {
      long total = settings.operations();
      long stopAt = injector.stop() == null ? -1 : total / 2;
      long restartAt = injector.stop() == null ? -1 : stopAt + Math.max(1, total / 50);
      for (long n = next.getAndIncrement(); n < total; n = next.getAndIncrement()) {
        if (n == stopAt) {
          backendUp.set(false);
          injector.stop().run();
          stopped.countDown();
        } else if (n == restartAt) {
          await(stopped);
          injector.restart().run();
          restarted = true;
          backendUp.set(true);
          try {
            recoveryMillis = untilThrough(client);
          } finally {
            recovered.countDown();
          }
        } else if (restartAt >= 0 && n > restartAt) {
          await(recovered);
        }
        ticker.addAndGet(TICK_PER_OPERATION);
        SecretId id = ids.get(random.nextInt(ids.size()));
        double kind = random.nextDouble();
        boolean ok;
        if (kind < 0.45) {
          ok = resolve(client, id, KEYS.get(random.nextInt(KEYS.size())));
        } else if (kind < 0.75) {
          ok = apply(client, id);
        } else if (kind < 0.90) {
          ok = grant(client, id, READERS.get(random.nextInt(READERS.size())));
        } else {
          ok = delete(client, id);
        }
        operations.increment();
        if (ok && restarted) {
          succeededAfterRestart.increment();
        }
      }
    }

    private static void await(CountDownLatch latch) {
      try {
        latch.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the backend to stop or come back", e);
      }
    }

    private boolean resolve(SecretClient client, SecretId id, String key) {
      Resolution resolution;
      try {
        resolution = client.lookup(SecretRef.to(id, key));
      } catch (RuntimeException e) {
        failed(e);
        return false;
      }
      long number = numberOf(id, key, resolution.value().asString(), "resolve");
      if (number > 0) {
        seen.add(new Seen(id, number, resolution.version()));
      }
      return true;
    }

    private boolean apply(SecretClient client, SecretId id) {
      long number = writeNumbers.incrementAndGet();
      written.put(number, id);
      Map<String, SecretValue> data = new LinkedHashMap<>();
      for (String key : KEYS) {
        data.put(key, SecretValue.ofString(value(id, key, number)));
      }
      SecretManifest manifest = new SecretManifest(id.name(), "v1", SecretManifest.TYPE_SECRET, List.of("soak"),
          "written by the fault soak", null, null, id.scope(), new SecretSection("key-value", "r", data, Map.of()));
      long start = modelClock.incrementAndGet();
      Outcome outcome = Outcome.OK;
      long version = 0;
      try {
        ApplyResult result = client.apply(manifest);
        version = result.version();
        if (result.outcome() == ApplyResult.Outcome.UNCHANGED) {
          wrongValues.add(id + ": apply of write " + number + " found its new values already there");
        }
      } catch (RuntimeException e) {
        outcome = failed(e);
      }
      writeOutcomes.put(number, outcome);
      if (outcome == Outcome.OK) {
        writeVersions.put(number, version);
      }
      writes.get(id).add(new Write(Kind.APPLY, number, null, start, modelClock.incrementAndGet(), outcome, version));
      return outcome == Outcome.OK;
    }

    private boolean grant(SecretClient client, SecretId id, String principal) {
      long start = modelClock.incrementAndGet();
      Outcome outcome = Outcome.OK;
      try {
        client.grant(id, principal, Permission.CAN_USE);
      } catch (RuntimeException e) {
        outcome = failed(e);
      }
      writes.get(id).add(new Write(Kind.GRANT, 0, principal, start, modelClock.incrementAndGet(), outcome, 0));
      return outcome == Outcome.OK;
    }

    private boolean delete(SecretClient client, SecretId id) {
      long start = modelClock.incrementAndGet();
      Outcome outcome = Outcome.OK;
      try {
        client.delete(id, false);
      } catch (RuntimeException e) {
        outcome = failed(e);
        if (e instanceof SecretNotFoundException) {
          // Gone already, or deleted by this very call before its answer was lost and a retry found nothing.
          outcome = Outcome.UNCERTAIN;
        }
      }
      writes.get(id).add(new Write(Kind.DELETE, 0, null, start, modelClock.incrementAndGet(), outcome, 0));
      return outcome == Outcome.OK;
    }

    private Outcome failed(RuntimeException e) {
      String type = e.getClass().getSimpleName();
      if (e instanceof StoreUnavailableException unavailable && unavailable.throttled()) {
        type += "(throttled)";
      }
      failures.computeIfAbsent(type, t -> new LongAdder()).increment();
      if (!EXPECTED_FAILURES.contains(e.getClass())) {
        firstMessages.putIfAbsent(type, String.valueOf(e.getMessage()));
      }
      if (!(e instanceof SecretException)) {
        unexpected.add(e.toString());
      }
      return e instanceof StoreUnavailableException ? Outcome.UNCERTAIN : Outcome.FAILED;
    }

    /** Returns the write number of {@code value} if a write to {@code id} and {@code key} made it, else 0. */
    private long numberOf(SecretId id, String key, String value, String where) {
      String prefix = id.name() + "/" + key + "/";
      long number = 0;
      if (value.startsWith(prefix)) {
        try {
          number = Long.parseLong(value.substring(prefix.length()));
        } catch (NumberFormatException e) {
          number = 0;
        }
      }
      if (number == 0 || !id.equals(written.get(number))) {
        wrongValues.add(id + "#" + key + " (" + where + "): a value no write to it made");
        return 0;
      }
      return number;
    }

    private void check(SecretClient client) {
      for (Seen value : seen) {
        checkNotFailed(value.id(), value.number(), "resolve");
        Long acknowledged = writeVersions.get(value.number());
        if (acknowledged != null && acknowledged != value.version()) {
          wrongValues.add(value.id() + ": write " + value.number() + " returned version " + acknowledged
              + " but was resolved at version " + value.version());
        }
      }
      for (SecretId id : ids) {
        checkSecret(client, id, List.copyOf(writes.get(id)));
      }
    }

    private void checkSecret(SecretClient client, SecretId id, List<Write> history) {
      Secret latest;
      try {
        latest = client.get(id);
      } catch (SecretNotFoundException gone) {
        latest = null;
      }
      List<Write> applies = history.stream().filter(w -> w.kind() == Kind.APPLY).toList();
      List<Write> deletes = history.stream().filter(w -> w.kind() == Kind.DELETE).toList();
      if (latest == null) {
        for (Write apply : applies) {
          if (apply.outcome() == Outcome.OK && deletes.stream().noneMatch(d -> !d.surelyBefore(apply))) {
            lostWrites.add(id + ": write " + apply.number() + " returned normally, and the secret is gone "
                + "though no delete came after it");
          }
        }
        return;
      }
      long number = sameWrite(id, latest.values(), "latest version");
      Write last = applies.stream().filter(w -> w.number() == number).findFirst().orElse(null);
      if (last == null) {
        return;
      }
      for (Write later : history) {
        if (later.outcome() == Outcome.OK && later.kind() != Kind.GRANT && last.surelyBefore(later)) {
          lostWrites.add(id + ": holds write " + last.number() + ", but " + (later.kind() == Kind.APPLY ? "an apply"
              : "a delete") + " that came after it returned normally");
        }
      }
      Set<String> granted = new HashSet<>(Set.of(WRITER));
      for (Write grant : history) {
        if (grant.kind() == Kind.GRANT) {
          granted.add(grant.principal());
        }
      }
      Set<String> held = new HashSet<>();
      for (Grant grant : latest.metadata().grants()) {
        held.add(grant.principal());
        if (!granted.contains(grant.principal())) {
          wrongValues.add(id + ": a grant to " + grant.principal() + ", whom nobody granted anything");
        }
      }
      for (Write grant : history) {
        if (grant.kind() == Kind.GRANT && grant.outcome() == Outcome.OK && !held.contains(grant.principal())
            && deletes.stream().noneMatch(d -> !d.surelyBefore(grant))) {
          lostWrites.add(id + ": the grant to " + grant.principal() + " returned normally and is gone, though no "
              + "delete came after it");
        }
      }
      checkVersions(client, id);
    }

    private void checkVersions(SecretClient client, SecretId id) {
      Map<Long, Long> versionOfWrite = new TreeMap<>();
      for (SecretVersion version : client.versions(id)) {
        Secret old;
        try {
          old = client.get(id, version.number());
        } catch (SecretNotFoundException pruned) {
          continue;
        }
        long number = sameWrite(id, old.values(), "version " + version.number());
        Long twice = versionOfWrite.put(number, version.number());
        if (number > 0 && twice != null) {
          wrongValues.add(id + ": versions " + twice + " and " + version.number() + " both hold write " + number
              + ", applied twice");
        }
        Long acknowledged = writeVersions.get(number);
        if (acknowledged != null && acknowledged != version.number()) {
          wrongValues.add(id + ": write " + number + " returned version " + acknowledged + " but is version "
              + version.number());
        }
      }
    }

    private void checkNotFailed(SecretId id, long number, String where) {
      if (writeOutcomes.get(number) == Outcome.FAILED) {
        phantomWrites.add(id + " (" + where + "): the values of write " + number
            + ", which failed without the store being unavailable");
      }
    }

    /**
     * Returns the write number of {@code values}, each key's from one write that did not fail for sure, or 0 after
     * noting a wrong value.
     */
    private long sameWrite(SecretId id, Map<String, SecretValue> values, String where) {
      if (!values.keySet().equals(Set.copyOf(KEYS))) {
        wrongValues.add(id + " (" + where + "): keys " + new TreeMap<>(values).keySet() + " instead of " + KEYS);
        return 0;
      }
      Set<Long> numbers = new HashSet<>();
      for (String key : KEYS) {
        numbers.add(numberOf(id, key, values.get(key).asString(), where));
      }
      if (numbers.size() != 1) {
        wrongValues.add(id + " (" + where + "): keys from different writes " + numbers);
        return 0;
      }
      long number = numbers.iterator().next();
      checkNotFailed(id, number, where);
      return number;
    }

    String figures(String store) {
      Map<String, Long> surfaced = new TreeMap<>();
      failures.forEach((type, count) -> surfaced.put(type, count.sum()));
      long surfacedTotal = surfaced.values().stream().mapToLong(Long::longValue).sum();
      String restart = restarted ? "restart=yes recoveryMs=" + recoveryMillis + " okAfterRestart="
          + succeededAfterRestart.sum() : "restart=no";
      return String.format(Locale.ROOT, "fault soak: store=%s operations=%d threads=%d latency=0-%dms faults=%d "
              + "retries=%d staleServes=%d surfaced=%d %s %s wrongValues=%d lostWrites=%d phantomWrites=%d "
              + "wall=%.1fs%s",
          store, operations.sum(), settings.threads(), settings.maxLatency().toMillis(), faultsInjected,
          Math.max(0, faultsInjected - storeFailures.sum()), staleServes.sum(), surfacedTotal,
          surfaced.toString().replace('{', '(').replace('}', ')'), restart, wrongValues.size(),
          lostWrites.size(), phantomWrites.size(), wallMillis / 1000.0, details());
    }

    private String details() {
      List<String> all = new ArrayList<>();
      firstMessages.forEach((type, message) -> all.add("first " + type + ": " + message));
      addFirst(all, unexpected);
      addFirst(all, wrongValues);
      addFirst(all, lostWrites);
      addFirst(all, phantomWrites);
      return all.isEmpty() ? "" : "\n  " + String.join("\n  ", all);
    }

    private static void addFirst(List<String> all, Collection<String> problems) {
      problems.stream().limit(10).forEach(all::add);
    }
  }

  private static String value(SecretId id, String key, long number) {
    return id.name() + "/" + key + "/" + number;
  }
}
