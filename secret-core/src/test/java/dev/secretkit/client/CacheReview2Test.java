package dev.secretkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.Manifests;
import dev.secretkit.SecretDataException;
import dev.secretkit.SecretException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretNotFoundException;
import dev.secretkit.SecretRef;
import dev.secretkit.SecretValue;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.access.Principal;
import dev.secretkit.client.CountingStore.Call;
import dev.secretkit.spi.ForwardingSecretStore;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.spi.StoredSecret;
import dev.secretkit.store.memory.InMemorySecretStoreProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The second hostile review of the cache (issue 14): resolveAll, watch, refresh-ahead, the credential refresher
 * and the observer. Each test names a defect and fails while it is there. Time moves by hand; threads meet at
 * latches, never after a sleep.
 */
class CacheReview2Test {
  private static final Duration TTL = Duration.ofSeconds(60);
  private static final CachePolicy POLICY = CachePolicy.defaults().withTtl(TTL).withJitter(0)
      .withStaleIfError(Duration.ofMinutes(10)).withErrorBackoff(Duration.ofSeconds(1), Duration.ofSeconds(16))
      .withMaxEntries(1000);
  private static final SecretRef PASSWORD = SecretRef.parse("pg#password");
  private static final SecretId PG = SecretId.of("public", "pg");
  private static final long THREAD_TIMEOUT_MILLIS = 10_000;

  private final String canary = "canary-" + UUID.randomUUID();
  private final ManualTicker ticker = new ManualTicker();
  private final List<Thread> started = new ArrayList<>();
  private SecretStore raw;
  private CountingStore store;
  private SecretClient writer;

  @BeforeEach
  void open() {
    raw = new InMemorySecretStoreProvider().open(StoreConfig.parse("memory:", Map.of(),
        Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC)));
    store = new CountingStore(raw);
    writer = SecretClient.builder().store(raw).environment(Map.of("USER", "owner")).build();
    writer.apply(Manifests.secret("pg", "password", canary, "username", "fake-user"));
    writer.apply(Manifests.secret("kafka", "token", "fake-kafka-token"));
  }

  @AfterEach
  void close() throws InterruptedException {
    for (Thread thread : started) {
      thread.interrupt();
      if (thread.getState() != Thread.State.BLOCKED) {
        thread.join(THREAD_TIMEOUT_MILLIS);
      }
    }
    writer.close();
    raw.close();
  }

  private DefaultSecretClient client(SecretStore on, CachePolicy policy) {
    return client(on, policy, new ResolveObserver() {
    });
  }

  private DefaultSecretClient client(SecretStore on, CachePolicy policy, ResolveObserver observer) {
    SecretClientBuilder builder = SecretClient.builder().store(on).environment(Map.of())
        .principal(Principal.localUser("owner")).ticker(ticker).observer(observer);
    return (DefaultSecretClient) (policy == null ? builder : builder.cache(policy)).build();
  }

  /** A cache built directly, whose refreshes ahead of expiry run on the hitting thread, so that a test sees each. */
  private SecretCache directCache(CachePolicy policy, double random) {
    return new SecretCache(store, policy, ticker, "public", metadata -> true,
        (id, version) -> (version == 0 ? store.read(id) : store.read(id, version)).orElseThrow(
            () -> new SecretNotFoundException(SecretNotFoundException.Missing.SECRET, id.toString(), "memory:", "")),
        id -> new SecretNotFoundException(SecretNotFoundException.Missing.SECRET, id.toString(), "memory:", ""),
        () -> random, new ResolveObserver() {
        }, Runnable::run);
  }

  private static List<SecretRef> refs(String... texts) {
    return List.of(texts).stream().map(SecretRef::parse).toList();
  }

  private static SecretException outage() {
    return new StoreUnavailableException("memory:", "injected outage", false, null, null);
  }

  /** Runs {@code call} on a daemon thread of its own. */
  private <T> FutureTask<T> start(Callable<T> call) {
    FutureTask<T> task = new FutureTask<>(call);
    Thread thread = new Thread(task, "review2-" + started.size());
    thread.setDaemon(true);
    started.add(thread);
    thread.start();
    return task;
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    if (!latch.await(THREAD_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
      throw new AssertionError("a latch never opened");
    }
  }

  // ---------------------------------------------------------------- 1. resolveAll

  /**
   * SecretCache.readInBulk looks each id of the bulk answer up in the ids it asked for and unboxes
   * {@code due.remove(null)}: an answer holding a secret not asked for (a store that answers by alias, ARN or a
   * case-folded name) throws NullPointerException out of resolveAll, whose prefetch "throws nothing", and the
   * values of every secret of that answer not yet installed are never destroyed.
   */
  @Test
  void resolveAll_aBulkAnswerHoldingASecretNotAskedFor_isIgnored_andItsValuesDestroyed() {
    List<SecretValue> answered = new CopyOnWriteArrayList<>();
    SecretStore generous = new ForwardingSecretStore(store) {
      @Override
      public Map<SecretId, StoredSecret> readAll(Collection<SecretId> ids) {
        Map<SecretId, StoredSecret> found = new LinkedHashMap<>();
        found.put(SecretId.of("public", "kafka"), super.read(SecretId.of("public", "kafka")).orElseThrow());
        found.putAll(super.readAll(ids));
        found.values().forEach(secret -> answered.addAll(secret.values().values()));
        return found;
      }
    };
    try (SecretClient client = client(generous, POLICY)) {
      writer.apply(Manifests.secret("redis", "password", "fake-redis-password"));

      Throwable thrown = catchThrowable(() -> client.resolveAll(refs("pg#password", "redis#password"))
          .values().forEach(SecretValue::destroy));

      assertThat(thrown).as("resolveAll of two secrets the store holds").isNull();
      assertThat(answered).as("values the bulk answer held, after the call").allMatch(SecretValue::isDestroyed);
    }
  }

  /**
   * prefetch() never checks that the cache is closed: resolveAll after close() binds new nodes into the closed
   * cache, reads the store (here with one bulk read; on a store without bulk reads it creates a new reader pool
   * after close, or hits the shut-down one with RejectedExecutionException) and leaves the values in the closed
   * cache, where nothing zeroes them.
   */
  @Test
  void resolveAll_afterClose_readsNothing_andKeepsNothing() {
    DefaultSecretClient client = client(store, POLICY);
    client.close();
    store.resetCounts();

    assertThatThrownBy(() -> client.resolveAll(refs("pg#password", "kafka#token")))
        .isInstanceOf(IllegalStateException.class);

    assertThat(store.total()).as("store calls of a resolveAll after close").isZero();
    assertThat(Reachable.instances(client, CachedSecret.class)).as("secrets the closed client keeps").isZero();
  }

  /**
   * A node has lastUsed 0 until its load installs a secret, so in a full cache the nodes prefetch() just bound are
   * the least recently used of all: binding the second secret of the batch evicts the first one, the bulk read's
   * answer for it is thrown away, and resolveAll reads it again alone. SecretResolver.resolveAll: "every secret
   * they name is read at most once". (The same lastUsed 0 lets a concurrent miss evict a load in flight.)
   */
  @Test
  void resolveAll_intoAFullCache_readsEachSecretOnce_andEvictsTheLeastRecentlyUsed() {
    writer.apply(Manifests.secret("a", "k", "value-a"));
    writer.apply(Manifests.secret("b", "k", "value-b"));
    try (SecretClient client = client(store, POLICY.withMaxEntries(3))) {
      client.resolve(SecretRef.parse("a#k")).destroy();
      ticker.advance(Duration.ofSeconds(1));
      client.resolve(SecretRef.parse("b#k")).destroy();
      ticker.advance(Duration.ofSeconds(1));
      store.resetCounts();

      client.resolveAll(refs("pg#password", "kafka#token")).values().forEach(SecretValue::destroy);

      assertThat(store.calls(Call.READ_ALL) + store.calls(Call.READ)).as("store reads of resolveAll(pg, kafka)")
          .isEqualTo(1);
      store.resetCounts();
      client.resolve(SecretRef.parse("b#k")).destroy();
      assertThat(store.total()).as("reads of b, used after a").isZero();
    }
  }

  /**
   * The bulk read already said that a secret is not there, yet prefetch() leaves its node due and reads it again
   * alone: "every secret they name is read at most once" is broken for each missing secret.
   */
  @Test
  void resolveAll_aMissingSecret_isReadOnce() {
    try (SecretClient client = client(store, POLICY)) {
      assertThatThrownBy(() -> client.resolveAll(refs("pg#password", "nope#k")))
          .isInstanceOf(SecretNotFoundException.class);

      assertThat(store.total()).as("store calls of resolveAll(pg, nope)").isEqualTo(1);
    }
  }

  // ---------------------------------------------------------------- 2. the observer

  /**
   * prefetch() loads the cold secrets without telling the observer of a miss, and the look-ups after it find
   * them fresh and report hits: a cold resolveAll, which made a store call for every secret, reads as a 100% hit
   * rate on secretkit.cache.hits/misses. ResolveObserver.hit: "served from the cache, fresh, without a store call".
   */
  @Test
  void observer_aColdResolveAll_countsMisses_notHits() {
    Counting counting = new Counting();
    try (SecretClient client = client(store, POLICY, counting)) {
      client.resolveAll(refs("pg#password", "kafka#token")).values().forEach(SecretValue::destroy);

      assertThat(counting.misses).as("misses of a cold resolveAll of two secrets").hasValue(2);
      assertThat(counting.hits).as("hits of a cold resolveAll of two secrets").hasValue(0);
    }
  }

  /**
   * A client without a cache reports nothing to its observer, whatever it does (resolve, resolveAll, watch), as the
   * ResolveObserver Javadoc says: only a client's own cache is observed.
   */
  @Test
  void observer_ofAnUncachedClient_hearsNothing_ofResolveOrOfResolveAll() {
    Counting counting = new Counting();
    try (SecretClient client = client(store, null, counting)) {
      client.resolveAll(refs("kafka#token")).values().forEach(SecretValue::destroy);
      client.resolve(PASSWORD).destroy();

      assertThat(counting.storeCalls).as("store calls heard").hasValue(0);
      assertThat(counting.misses).as("misses heard").hasValue(0);
    }
  }

  /**
   * An observer that throws (a metrics registry that refuses a meter) fails the resolve whose store call succeeded
   * (timed() lets the RuntimeException out of refresh(), which catches SecretException only), and the values the
   * store returned are never destroyed; every later hit throws too. The cache should not depend on its metrics.
   */
  @Test
  void observer_thatThrows_doesNotFailAResolveTheStoreAnswered() {
    ResolveObserver broken = new ResolveObserver() {
      @Override
      public void storeCalled(StoreCall call, SecretId id, long nanos, SecretException error) {
        throw new IllegalStateException("metrics registry closed");
      }
    };
    try (SecretClient client = client(store, POLICY, broken)) {
      Throwable thrown = catchThrowable(() -> client.resolve(PASSWORD).destroy());

      assertThat(thrown).as("a resolve the store answered, with an observer that throws").isNull();
    }
  }

  // ---------------------------------------------------------------- 3. refresh ahead

  /**
   * deadlines() sets refreshAt = expiresAt - min(refreshAhead, life): when the drawn lifetime is shorter than the
   * window (refreshAhead 45 s is accepted with ttl 60 s and jitter 0.5; any refreshAhead >= ttl too), refreshAt is
   * the load time itself, so every refresh yields an entry already due, and every hit starts another probe: the
   * store is probed as often as the secret is resolved. withRefreshAhead: "refreshes on its first hit".
   */
  @Test
  void refreshAhead_longerThanTheDrawnLifetime_doesNotProbeOnEveryHit() {
    SecretCache cache = directCache(POLICY.withJitter(0.5).withRefreshAhead(Duration.ofSeconds(45)), 0.99);
    cache.get(PASSWORD, "password");
    store.resetCounts();

    for (int i = 0; i < 10; i++) {
      cache.hit(PASSWORD).destroy();
    }

    assertThat(store.calls(Call.PROBE)).as("probes of 10 hits at one instant").isLessThanOrEqualTo(1);
    cache.close();
  }

  /**
   * A refresh ahead that failed transiently remembers the failure, but refreshAhead() never looks at it: the next
   * hit in the window queues another refresh at once, so during an outage each hit (one at a time) calls the
   * store, ignoring the error backoff that every other path keeps.
   */
  @Test
  void refreshAhead_duringAnOutage_keepsTheErrorBackoff() {
    SecretCache cache = directCache(POLICY.withRefreshAhead(Duration.ofSeconds(10)), 0);
    cache.get(PASSWORD, "password");
    ticker.advance(Duration.ofSeconds(55));
    store.fail(Call.PROBE, 100, CacheReview2Test::outage);
    store.resetCounts();

    for (int i = 0; i < 10; i++) {
      cache.hit(PASSWORD).destroy();
    }

    assertThat(store.calls(Call.PROBE)).as("probes of 10 hits within a 1 s backoff").isEqualTo(1);
    cache.close();
  }

  // ---------------------------------------------------------------- 4. watch

  /**
   * An uncached client watches through a SecretCache of its own (DefaultSecretClient.watcher()), which nothing
   * ever closes: after the watch and the client are closed, every watched secret's values stay reachable and
   * un-zeroed (up to 10,000 of them, the default maxEntries).
   */
  @Test
  void watch_ofAnUncachedClient_keepsNoValuesOnceTheWatchAndTheClientAreClosed() {
    DefaultSecretClient client = client(store, null);
    SecretWatch watch = client.watch(SecretRef.parse("pg"), change -> { });

    watch.close();
    client.close();

    assertThat(Reachable.instances(client, CachedSecret.class)).as("secrets a closed uncached client keeps").isZero();
  }

  /**
   * After close(), an uncached client with no watch yet builds a new watcher and cache, reads the store and starts
   * a new watch thread; a cached client refuses with IllegalStateException.
   */
  @Test
  void watch_afterClose_isRefused_evenWithoutACache() {
    DefaultSecretClient client = client(store, null);
    client.close();
    store.resetCounts();
    try {
      assertThatThrownBy(() -> client.watch(SecretRef.parse("pg"), change -> { }))
          .isInstanceOf(IllegalStateException.class);
      assertThat(store.total()).as("store calls of a watch after close").isZero();
    } finally {
      client.close();
    }
  }

  /**
   * SecretWatcher.look catches SecretException only: any other RuntimeException of a look (a store's
   * IllegalStateException once closed, an SDK's NullPointerException, the cache's "the client is closed") leaves
   * poll(), so the watches after it in that poll are skipped, and on the watch thread
   * (scheduleWithFixedDelay) every later poll is suppressed: every watch of the client stops for good, silently.
   */
  @Test
  void watch_anUnexpectedErrorLookingAtOneSecret_doesNotStopTheOtherWatches() {
    AtomicReference<SecretId> broken = new AtomicReference<>();
    SecretStore flaky = new ForwardingSecretStore(store) {
      @Override
      public Optional<String> probe(SecretId id) {
        if (id.equals(broken.get())) {
          throw new IllegalStateException("unexpected SDK failure");
        }
        return super.probe(id);
      }
    };
    List<SecretChange> heard = new CopyOnWriteArrayList<>();
    DefaultSecretClient client = client(flaky, POLICY);
    try (client) {
      client.watch(SecretRef.parse("pg"), change -> { });
      client.watch(SecretRef.parse("kafka"), heard::add);
      broken.set(PG);
      writer.apply(Manifests.secret("kafka", "token", "fake-kafka-token-2"));
      ticker.advance(TTL);

      Throwable thrown = catchThrowable(client::pollWatches);

      assertThat(thrown).as("what a poll lets out").isNull();
      assertThat(heard).as("changes heard by the watch of kafka").hasSize(1);
    }
  }

  /**
   * poll() calls listeners while it holds the watcher's monitor, and close() takes the client's monitor and then
   * the watcher's; watch() (and pool(), so resolveAll) take the client's. A listener that watches another secret
   * (or resolves in bulk) while the application closes the client deadlocks both threads, for ever.
   */
  @Test
  void watch_aListenerThatWatchesAgain_whileTheClientCloses_doesNotDeadlock() throws Exception {
    DefaultSecretClient client = client(store, POLICY);
    CountDownLatch inListener = new CountDownLatch(1);
    AtomicReference<Thread> closer = new AtomicReference<>();
    AtomicReference<Thread> listener = new AtomicReference<>();
    client.watch(SecretRef.parse("pg"), change -> {
      listener.set(Thread.currentThread());
      inListener.countDown();
      Thread closing;
      while ((closing = closer.get()) == null || closing.getState() != Thread.State.BLOCKED) {
        if (closing != null && !closing.isAlive()) {
          break;
        }
        Thread.onSpinWait();
      }
      try {
        client.watch(SecretRef.parse("kafka"), more -> { }).close();
      } catch (RuntimeException closed) {
        // A refusal because the client is closing is a fine answer.
      }
    });
    writer.apply(Manifests.secret("pg", "password", canary + "-2", "username", "fake-user"));
    ticker.advance(TTL);

    FutureTask<Void> polling = start(() -> {
      client.pollWatches();
      return null;
    });
    await(inListener);
    FutureTask<Void> closing = start(() -> {
      client.close();
      return null;
    });
    closer.set(started.get(started.size() - 1));

    // Each of the two can only be BLOCKED on the monitor the other holds (the closer on the watcher's, inside
    // synchronized (client); the listener, inside poll, on the client's): both blocked together is a deadlock.
    for (int together = 0; !(closing.isDone() && polling.isDone()); ) {
      Thread listening = listener.get();
      boolean blocked = listening != null && listening.getState() == Thread.State.BLOCKED
          && closer.get().getState() == Thread.State.BLOCKED;
      together = blocked ? together + 1 : 0;
      assertThat(together).as(() -> "spins with close() and the listener both blocked; close() at "
          + List.of(closer.get().getStackTrace()).subList(0, 3) + ", the listener at "
          + List.of(listening.getStackTrace()).subList(0, 3)).isLessThan(100_000);
      Thread.onSpinWait();
    }
    assertThat(catchThrowable(closing::get)).as("close()").isNull();
    assertThat(catchThrowable(polling::get)).as("the poll").isNull();
  }

  /**
   * SecretListener.failed: "the secret was deleted ..., access was revoked ..., or the store failed"; README: "A
   * deletion or a revoked grant calls listener.failed(error) once". A deletion that follows a transient failure is
   * never told: look() reports only the first failure of a run, whatever changed in between.
   */
  @Test
  void watch_aDeletionDuringAnOutage_isStillReported() {
    List<SecretException> failures = new CopyOnWriteArrayList<>();
    DefaultSecretClient client = client(store, POLICY.withStaleIfError(Duration.ZERO));
    try (client) {
      client.watch(SecretRef.parse("pg"), new SecretListener() {
        @Override
        public void changed(SecretChange change) {
        }

        @Override
        public void failed(SecretException error) {
          failures.add(error);
        }
      });
      store.fail(Call.PROBE, 1, CacheReview2Test::outage);
      ticker.advance(TTL);
      client.pollWatches();
      assertThat(failures).as("after the outage").singleElement().isInstanceOf(StoreUnavailableException.class);

      writer.delete(PG, true);
      ticker.advance(TTL);
      client.pollWatches();

      assertThat(failures).as("after the deletion").hasSize(2).last().isInstanceOf(SecretNotFoundException.class);
    }
  }

  /**
   * SecretChange: "changedKeys the names of the keys that changed, sorted"; its constructor copies them with
   * Set.copyOf, whose iteration order is a hash order, randomised per JVM.
   */
  @Test
  void secretChange_namesItsKeysSorted() {
    Set<String> keys = new TreeSet<>(List.of("password", "username", "host", "port", "database", "sslmode", "token",
        "region", "apikey", "schema"));

    SecretChange change = new SecretChange(PG, 2, keys);

    assertThat(change.changedKeys()).containsExactlyElementsOf(keys);
  }

  // ---------------------------------------------------------------- 5. the credential refresher

  /**
   * On a refusal, call() invalidates the cached entry before it knows the store can answer: during a store outage
   * the re-read fails, the refusal becomes a StoreUnavailableException, and the fresh value every other caller was
   * being served is gone, so from then on every resolve of the secret fails until the store is back (there is no
   * stale value left to serve). One refused connection during a store blip takes the secret down for everyone.
   */
  @Test
  void credentialRefresher_aRefusalDuringAStoreOutage_leavesTheCachedValueToTheOtherCallers() {
    try (SecretClient client = client(store, POLICY)) {
      assertThat(client.resolve(PASSWORD).asString()).isEqualTo(canary);
      store.fail(Call.READ, 100, CacheReview2Test::outage);
      store.fail(Call.PROBE, 100, CacheReview2Test::outage);
      CredentialRefresher refresher = CredentialRefresher.of(client, Duration.ofSeconds(5), Duration.ofMinutes(5),
          ticker);

      catchThrowable(() -> refresher.call(PASSWORD, Refused.class::isInstance, value -> {
        throw new Refused();
      }));

      assertThat(catchThrowable(() -> client.resolve(PASSWORD).destroy()))
          .as("another caller's resolve of a value cached a moment ago, during the outage").isNull();
    }
  }

  /**
   * During a rotation, a caller refused with the old password after another caller claimed the refetch is denied
   * by the budget and gets the refusal, although the new password is already in the cache (a hit away, no store
   * call). Under a connection pool's concurrency, every caller but one fails the rotation. (The other order is no
   * better: once the first caller succeeded, its success resets the budget, and each late caller invalidates and
   * reads the store again.)
   */
  @Test
  void credentialRefresher_aCallerRefusedWithTheOldValue_retriesWithTheNewOneAnotherCallerFetched()
      throws Exception {
    try (SecretClient client = client(store, POLICY)) {
      assertThat(client.resolve(PASSWORD).asString()).isEqualTo(canary);
      writer.apply(Manifests.secret("pg", "password", canary + "-2", "username", "fake-user"));
      CredentialRefresher refresher = CredentialRefresher.of(client, Duration.ofSeconds(5), Duration.ofMinutes(5),
          ticker);
      CountDownLatch bHoldsTheOld = new CountDownLatch(1);
      CountDownLatch aHoldsTheNew = new CountDownLatch(1);
      CountDownLatch bDone = new CountDownLatch(1);

      FutureTask<String> b = start(() -> {
        try {
          return refresher.call(PASSWORD, Refused.class::isInstance, value -> {
            bHoldsTheOld.countDown();
            await(aHoldsTheNew);
            return database(value);
          });
        } finally {
          bDone.countDown();
        }
      });
      await(bHoldsTheOld);
      String a = refresher.call(PASSWORD, Refused.class::isInstance, value -> {
        String connected = database(value);
        aHoldsTheNew.countDown();
        await(bDone);
        return connected;
      });

      assertThat(a).isEqualTo("connected");
      assertThat(catchThrowable(() -> b.get(THREAD_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)))
          .as("the caller refused with the old password while the new one was cached").isNull();
    }
  }

  // ---------------------------------------------------------------- 6. close

  /**
   * The first review made hit() re-check `closed` after its copy, since close() zeroes the values; the lookup path
   * (lookup, resolve(String) on a miss, resolveAll after a prefetch) has no such check: serve() checks `closed`,
   * returns the secret, and resolutionFrom() copies it, so a close() in between hands the caller a "password" of
   * zero bytes, with no error. The observer's hit, called inside serve() after its check, is where the test closes
   * the client, as another thread's close() would at that instant.
   */
  @Test
  void aLookupRacingClose_neverReturnsZeroedBytes() {
    AtomicReference<SecretClient> closeOnHit = new AtomicReference<>();
    ResolveObserver closing = new ResolveObserver() {
      @Override
      public void hit(SecretId id) {
        SecretClient toClose = closeOnHit.getAndSet(null);
        if (toClose != null) {
          toClose.close();
        }
      }
    };
    SecretClient client = client(store, POLICY, closing);
    client.resolve(PASSWORD).destroy();
    closeOnHit.set(client);

    Throwable thrown = catchThrowable(() -> {
      SecretValue value = client.lookup(PASSWORD).value();
      assertThat(value.asString()).as("what a lookup racing close() returned").isEqualTo(canary);
    });

    assertThat(thrown).as("a lookup racing close()").satisfiesAnyOf(
        error -> assertThat(error).isNull(), error -> assertThat(error).isInstanceOf(IllegalStateException.class));
  }

  // ---------------------------------------------------------------- 7. killers of surviving mutations (pass today)

  /** Kills "CoarseTicker.close() not idempotent": a client closed twice would stop the ticker another client uses. */
  @Test
  void aClientClosedTwice_doesNotStopTheTickerAnotherClientUses() throws ReflectiveOperationException {
    SecretClient other = SecretClient.builder().store(store).environment(Map.of()).cache(POLICY).build();
    try (other) {
      SecretClient twice = SecretClient.builder().store(store).environment(Map.of()).cache(POLICY).build();
      twice.close();
      twice.close();

      java.lang.reflect.Field timer = CoarseTicker.class.getDeclaredField("timer");
      timer.setAccessible(true);
      Object running = timer.get(null);
      assertThat(running).as("the shared ticker thread, while a client uses it").isNotNull();
      assertThat(((java.util.concurrent.ExecutorService) running).isShutdown()).isFalse();
    }
  }

  /** Kills "close() does not zero the values": README and commit cc13fae say close() zeroes what it held. */
  @Test
  void close_zeroesTheValuesTheCacheHeld() {
    SecretCache cache = directCache(POLICY, 0);
    byte[] held = cache.get(PASSWORD, "password").secret().value("password");

    cache.close();

    assertThat(held).containsOnly((byte) 0);
  }

  /** Kills "CachedSecret.of keeps the store's values alive": the values a store returns are destroyed once copied. */
  @Test
  void theValuesAStoreReturns_areDestroyedOnceCached() {
    List<SecretValue> returned = new CopyOnWriteArrayList<>();
    SecretStore recording = new ForwardingSecretStore(store) {
      @Override
      public Optional<StoredSecret> read(SecretId id) {
        Optional<StoredSecret> found = super.read(id);
        found.ifPresent(secret -> returned.addAll(secret.values().values()));
        return found;
      }
    };
    try (SecretClient client = client(recording, POLICY)) {
      client.resolve(PASSWORD).destroy();
    }
    assertThat(returned).isNotEmpty().allMatch(SecretValue::isDestroyed);
  }

  /** Kills "a permanent failure keeps the secret": a refresh ahead whose probe fails for good stops the hits. */
  @Test
  void aRefreshAheadThatFailsPermanently_stopsServingTheSecret() {
    SecretCache cache = directCache(POLICY.withRefreshAhead(Duration.ofSeconds(10)), 0);
    cache.get(PASSWORD, "password");
    ticker.advance(Duration.ofSeconds(55));
    store.fail(Call.PROBE, 1, () -> new SecretDataException(PG.toString(), "memory:", "unreadable record", null));

    SecretValue during = cache.hit(PASSWORD);
    if (during != null) {
      during.destroy();
    }

    assertThat(cache.hit(PASSWORD)).as("a hit after the refresh failed for good").isNull();
    cache.close();
  }

  /** Kills "refresh ahead claimed by every hit": hits while a refresh is queued queue no other. */
  @Test
  void hitsWhileARefreshAheadIsQueued_queueNoOther() {
    List<Runnable> queued = new ArrayList<>();
    SecretCache cache = new SecretCache(store, POLICY.withRefreshAhead(Duration.ofSeconds(10)), ticker, "public",
        metadata -> true, (id, version) -> store.read(id).orElseThrow(),
        id -> new SecretNotFoundException(SecretNotFoundException.Missing.SECRET, id.toString(), "memory:", ""),
        () -> 0, new ResolveObserver() {
        }, queued::add);
    cache.get(PASSWORD, "password");
    ticker.advance(Duration.ofSeconds(55));

    for (int i = 0; i < 3; i++) {
      cache.hit(PASSWORD).destroy();
    }

    assertThat(queued).hasSize(1);
    cache.close();
  }

  /** Kills "backoff not jittered": a failure is remembered for between half and all of the backoff. */
  @Test
  void aFailure_isRememberedForAsLittleAsHalfTheBackoff() {
    SecretCache cache = directCache(POLICY, 0.99);
    store.fail(Call.READ, 1, CacheReview2Test::outage);
    assertThatThrownBy(() -> cache.get(PASSWORD, "password")).isInstanceOf(StoreUnavailableException.class);

    ticker.advance(Duration.ofMillis(600));

    assertThat(cache.get(PASSWORD, "password").secret().value("password")).isNotNull();
    cache.close();
  }

  /** Kills "removed keys are no change" and "a failure after a recovery is not told". */
  @Test
  void aWatch_hearsARemovedKey_andAFailureAfterARecovery() {
    List<SecretChange> changes = new CopyOnWriteArrayList<>();
    List<SecretException> failures = new CopyOnWriteArrayList<>();
    DefaultSecretClient client = client(store, POLICY);
    try (client) {
      client.watch(SecretRef.parse("pg"), new SecretListener() {
        @Override
        public void changed(SecretChange change) {
          changes.add(change);
        }

        @Override
        public void failed(SecretException error) {
          failures.add(error);
        }
      });
      writer.apply(Manifests.secret("pg", "password", canary));
      ticker.advance(TTL);
      client.pollWatches();
      assertThat(changes).extracting(SecretChange::changedKeys).containsExactly(Set.of("username"));

      writer.delete(PG, true);
      ticker.advance(TTL);
      client.pollWatches();
      writer.apply(Manifests.secret("pg", "password", canary));
      ticker.advance(TTL);
      client.pollWatches();
      writer.delete(PG, true);
      ticker.advance(TTL);
      client.pollWatches();

      assertThat(failures).hasSize(2).allMatch(SecretNotFoundException.class::isInstance);
    }
  }

  /** Kills "the refresher runs the work again with the value just refused". */
  @Test
  void aRefetchThatFindsTheSameValue_doesNotRunTheWorkAgain() {
    AtomicInteger runs = new AtomicInteger();
    try (SecretClient client = client(store, POLICY)) {
      CredentialRefresher refresher = CredentialRefresher.of(client, Duration.ofSeconds(5), Duration.ofMinutes(5),
          ticker);

      assertThatThrownBy(() -> refresher.call(PASSWORD, Refused.class::isInstance, value -> {
        runs.incrementAndGet();
        throw new Refused();
      })).isInstanceOf(Refused.class);

      assertThat(runs).hasValue(1);
    }
  }

  /** Kills "Resolution.toString names the failure's message" and "a SecretChange without keys". */
  @Test
  void aResolutionNamesOnlyItsFailuresType_andAChangeNamesSomeKey() {
    Resolution stale = new Resolution(SecretValue.ofString(canary), 3, true, Optional.of(
        new StoreUnavailableException("memory:", "detail-" + canary, false, null, null)));

    assertThat(stale.toString()).doesNotContain(canary).contains("StoreUnavailableException");
    assertThatThrownBy(() -> new SecretChange(PG, 1, Set.of())).isInstanceOf(IllegalArgumentException.class);
  }

  /** A database that takes only the rotated password. */
  private String database(SecretValue password) throws Refused {
    if (!password.asString().equals(canary + "-2")) {
      throw new Refused();
    }
    return "connected";
  }

  /** A database's refusal of a credential. */
  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused() {
      super("password authentication failed");
    }
  }

  /** Counts what an observer hears. */
  private static final class Counting implements ResolveObserver {
    final AtomicInteger hits = new AtomicInteger();
    final AtomicInteger misses = new AtomicInteger();
    final AtomicInteger storeCalls = new AtomicInteger();

    @Override
    public void hit(SecretId id) {
      hits.incrementAndGet();
    }

    @Override
    public void miss(SecretId id) {
      misses.incrementAndGet();
    }

    @Override
    public void storeCalled(StoreCall call, SecretId id, long nanos, SecretException error) {
      storeCalls.incrementAndGet();
    }
  }
}
