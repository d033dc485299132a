package dev.secretkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.Manifests;
import dev.secretkit.SecretException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretNotFoundException;
import dev.secretkit.SecretRef;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.access.Permission;
import dev.secretkit.access.Principal;
import dev.secretkit.access.Role;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A hostile review of the cache (issue 14): each test names a defect found in it, and fails while
 * the defect is there. Time moves by hand; threads meet at latches, never after a sleep.
 */
class CacheReviewTest {
  private static final Duration TTL = Duration.ofSeconds(60);
  private static final CachePolicy POLICY = CachePolicy.defaults().withTtl(TTL).withJitter(0.2)
      .withStaleIfError(Duration.ofMinutes(10)).withErrorBackoff(Duration.ofSeconds(1), Duration.ofSeconds(16))
      .withMaxEntries(1000);
  private static final SecretRef PASSWORD = SecretRef.parse("pg#password");
  private static final SecretRef USERNAME = SecretRef.parse("pg#username");
  private static final SecretId PG = SecretId.of("public", "pg");
  private static final Duration THREAD_TIMEOUT = Duration.ofSeconds(30);

  private final String canary = "canary-" + UUID.randomUUID();
  private final ManualTicker ticker = new ManualTicker();
  private final List<Thread> started = new ArrayList<>();
  private SecretStore raw;
  private CountingStore store;
  private HoldingStore holding;
  private SecretClient writer;
  private SecretClient client;

  @BeforeEach
  void open() {
    raw = new InMemorySecretStoreProvider().open(StoreConfig.parse("memory:", Map.of(),
        Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC)));
    store = new CountingStore(raw);
    holding = new HoldingStore(store);
    writer = SecretClient.builder().store(raw).environment(Map.of("USER", "owner")).build();
    writer.apply(Manifests.secret("pg", "password", canary, "username", "fake-user"));
    client = cached(holding, POLICY, Principal.localUser("owner"));
  }

  @AfterEach
  void close() throws InterruptedException {
    holding.release();
    for (Thread thread : started) {
      thread.interrupt();
      thread.join(THREAD_TIMEOUT.toMillis());
    }
    client.close();
    writer.close();
    raw.close();
  }

  private SecretClient cached(SecretStore on, CachePolicy policy, Principal principal) {
    return SecretClient.builder().store(on).environment(Map.of()).principal(principal).cache(policy)
        .ticker(ticker).build();
  }

  /** Runs {@code call} on a thread of its own. */
  private <T> Started<T> start(Callable<T> call) {
    FutureTask<T> task = new FutureTask<>(call);
    Thread thread = new Thread(task, "review-caller-" + started.size());
    started.add(thread);
    thread.start();
    return new Started<>(thread, task);
  }

  private record Started<T>(Thread thread, FutureTask<T> result) {
    T get() throws Exception {
      return result.get(THREAD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits, without sleeping, until the thread is parked (waiting for another caller's load). */
    void awaitParked() {
      while (!(thread.getState() == Thread.State.WAITING || thread.getState() == Thread.State.TIMED_WAITING
          || thread.getState() == Thread.State.BLOCKED)) {
        if (result.isDone()) {
          throw new AssertionError("the caller finished instead of waiting");
        }
        Thread.onSpinWait();
      }
    }
  }

  // ---------------------------------------------------------------- 1. write-through vs a load in flight

  /**
   * A re-check that asked the store before the client's own write publishes its answer into the node that
   * the write dropped, after the drop; {@code hit} never looks at {@code dropped}, so every other reference
   * still bound to that node (another key, the text of the reference) is served the old value, as fresh,
   * for a whole TTL after the client's own write.
   */
  @Test
  void aRecheckInFlight_duringTheClientsOwnWrite_leavesNoOldValueBehindAnyReference() throws Exception {
    assertThat(client.resolve("pg#password").asString()).isEqualTo(canary);
    assertThat(client.resolve(USERNAME).asString()).isEqualTo("fake-user");
    ticker.advance(TTL);
    holding.holdNext(Call.PROBE);
    Started<String> caller = start(() -> client.resolve(PASSWORD).asString());
    holding.awaitHeld();

    client.apply(Manifests.secret("pg", "password", canary + "-2", "username", "fake-user-2"));
    holding.release();

    assertThat(caller.get()).isEqualTo(canary + "-2");
    assertThat(client.resolve("pg#password").asString()).as("the text of the reference, after the client's write")
        .isEqualTo(canary + "-2");
    assertThat(client.resolve(USERNAME).asString()).as("another key of the secret, after the client's write")
        .isEqualTo("fake-user-2");
  }

  /** The same through {@code invalidate}: the rotation helper's promise that the next resolve reads the store. */
  @Test
  void aLoadInFlight_whenInvalidated_leavesNoOldValueBehindAnyReference() throws Exception {
    assertThat(client.resolve("pg#password").asString()).isEqualTo(canary);
    writer.apply(Manifests.secret("pg", "password", canary + "-2", "username", "fake-user"));
    ticker.advance(TTL);
    holding.holdNext(Call.READ);
    Started<String> caller = start(() -> client.resolve(USERNAME).asString());
    holding.awaitHeld();

    writer.apply(Manifests.secret("pg", "password", canary + "-3", "username", "fake-user"));
    client.invalidate(PASSWORD);
    holding.release();

    assertThat(caller.get()).isEqualTo("fake-user");
    assertThat(client.resolve("pg#password").asString()).as("after invalidate").isEqualTo(canary + "-3");
  }

  // ---------------------------------------------------------------- 2. a revoked grant served stale

  /**
   * After the TTL the probe sees that the secret changed (the revoke), the value read then fails
   * transiently, and the old entry, still marked usable, is served stale to a principal whose grant is
   * gone, for up to staleIfError (10 min) beyond the TTL.
   */
  @Test
  void aRevokedGrant_isNotServedStale_whenTheProbeSawTheChange_andTheReadFailsTransiently() {
    writer.grant(PG, "bob", Permission.CAN_USE);
    SecretClient bob = cached(store, POLICY, Principal.of("bob", Role.DATA_DEVELOPER));
    try (bob) {
      assertThat(bob.resolve(PASSWORD).asString()).isEqualTo(canary);
      writer.revoke(PG, "bob", Permission.CAN_USE);
      ticker.advance(TTL);
      store.fail(Call.READ, 1000, CacheReviewTest::outage);

      Throwable served = catchThrowable(() -> bob.lookup(PASSWORD));

      assertThat(served).as("a revoked grant, one TTL after the revoke, is not served while the store fails")
          .isInstanceOfAny(AccessDeniedException.class, StoreUnavailableException.class);
    }
  }

  // ---------------------------------------------------------------- 3. interrupts

  /**
   * A store call ended by the caller's own interrupt (Vault maps it to a retryable
   * StoreUnavailableException) is remembered as a store failure: every other caller gets it, without a
   * store call, until the backoff passes.
   */
  @Test
  void anInterruptedCaller_doesNotPoisonTheCacheForTheOthers() {
    SecretStore interruptible = new ForwardingSecretStore(store) {
      @Override
      public Optional<StoredSecret> read(SecretId id) {
        if (Thread.currentThread().isInterrupted()) {
          throw new StoreUnavailableException("memory:", "interrupted while calling the store", false, null, null);
        }
        return super.read(id);
      }
    };
    try (SecretClient shared = cached(interruptible, POLICY, Principal.localUser("owner"))) {
      Thread.currentThread().interrupt();
      try {
        catchThrowable(() -> shared.resolve(PASSWORD));
      } finally {
        Thread.interrupted();
      }

      assertThat(catchThrowable(() -> shared.resolve(PASSWORD).asString())).as("a caller that was not interrupted")
          .isNull();
    }
  }

  /** A caller that waits for another caller's load waits in CompletableFuture.join, which ignores interrupts. */
  @Test
  void aCallerWaitingForAnotherCallersLoad_answersItsInterrupt() throws Exception {
    holding.holdNext(Call.READ);
    start(() -> client.resolve(PASSWORD).asString());
    holding.awaitHeld();
    Started<String> waiter = start(() -> client.resolve(PASSWORD).asString());
    waiter.awaitParked();

    waiter.thread().interrupt();

    assertThatThrownBy(() -> waiter.result().get(5, TimeUnit.SECONDS)).as("an interrupted waiter")
        .isInstanceOf(ExecutionException.class);
  }

  // ---------------------------------------------------------------- 4. memory: eviction, invalidate, close

  /**
   * Eviction and invalidate null the node's secret, but the memo's binding still holds the evicted
   * secret through its KeyView: up to 4 × maxEntries whole secrets (every key's bytes) stay reachable.
   */
  @Test
  void eviction_keepsAtMostMaxEntriesSecretsReachable() {
    SecretClient small = cached(store, POLICY.withMaxEntries(1), Principal.localUser("owner"));
    try (small) {
      for (String name : List.of("a", "b", "c")) {
        writer.apply(Manifests.secret(name, "k", canary + "-" + name));
        assertThat(small.resolve(SecretRef.parse(name + "#k")).asString()).isEqualTo(canary + "-" + name);
        assertThat(small.resolve(SecretRef.parse(name + "#k")).asString()).as("a hit").isEqualTo(canary + "-" + name);
      }

      assertThat(Reachable.instances(small, CachedSecret.class)).as("secrets a cache of 1 entry keeps reachable")
          .isLessThanOrEqualTo(1);
    }
  }

  /** README: "invalidate forgets what is cached of that secret"; its bytes stay reachable from the memo. */
  @Test
  void invalidate_keepsNoBytesOfTheSecretReachable() {
    assertThat(client.resolve(PASSWORD).asString()).isEqualTo(canary);
    assertThat(client.resolve(PASSWORD).asString()).as("a hit").isEqualTo(canary);

    client.invalidate(PASSWORD);

    assertThat(Reachable.instances(client, CachedSecret.class)).as("cached secrets after invalidate").isZero();
  }

  /**
   * close() stops the ticker and closes an owned store, but the cache still answers hits from it (an
   * uncached client throws IllegalStateException from its closed store) and keeps every value in memory.
   * With a store passed in, the stopped ticker also freezes time, so entries then never expire.
   */
  @Test
  void afterClose_aCachedClientNeitherServesNorKeepsValues() {
    SecretClient owned = SecretClient.builder().store("memory:").environment(Map.of("USER", "owner")).cache(POLICY)
        .ticker(ticker).build();
    owned.apply(Manifests.secret("pg", "password", canary));
    assertThat(owned.resolve(PASSWORD).asString()).isEqualTo(canary);

    owned.close();

    assertThat(Reachable.instances(owned, CachedSecret.class)).as("cached secrets after close").isZero();
    assertThatThrownBy(() -> owned.resolve(PASSWORD)).as("a resolve after close")
        .isInstanceOf(IllegalStateException.class);
  }

  // ---------------------------------------------------------------- 5. eviction order

  /**
   * A load never sets the CLOCK bit, so the entry loaded last is the first one a sweep drops, before an
   * older entry that nobody used since: with 2 entries, o (used at t0, t1), c (loaded at t2), then d at t3
   * evicts c, not o.
   */
  @Test
  void theEntryLoadedLast_isNotEvictedBeforeAnOlderOne() {
    SecretClient two = cached(store, POLICY.withMaxEntries(2), Principal.localUser("owner"));
    try (two) {
      for (String name : List.of("o", "c", "d")) {
        writer.apply(Manifests.secret(name, "k", "value-" + name));
      }
      two.resolve(SecretRef.parse("o#k"));
      ticker.advance(Duration.ofSeconds(1));
      two.resolve(SecretRef.parse("o#k"));
      ticker.advance(Duration.ofSeconds(1));
      two.resolve(SecretRef.parse("c#k"));
      ticker.advance(Duration.ofSeconds(1));
      two.resolve(SecretRef.parse("d#k"));
      store.resetCounts();

      assertThat(two.resolve(SecretRef.parse("c#k")).asString()).isEqualTo("value-c");

      assertThat(store.calls(Call.READ)).as("reads of the most recently used entry but one").isZero();
    }
  }

  // ---------------------------------------------------------------- 6. arithmetic

  /**
   * CachePolicy accepts any positive duration, but SecretCache converts each with Duration.toNanos(),
   * which throws ArithmeticException beyond about 292 years: building the client fails with "long overflow".
   */
  @Test
  void durationsBeyond292Years_areRejectedByThePolicy_orWork() {
    Duration millennium = Duration.ofDays(365L * 1000);
    List<Supplier<CachePolicy>> policies = List.of(() -> POLICY.withTtl(millennium),
        () -> POLICY.withStaleIfError(millennium), () -> POLICY.withErrorBackoff(Duration.ofSeconds(1), millennium));
    for (Supplier<CachePolicy> make : policies) {
      CachePolicy policy;
      try {
        policy = make.get();
      } catch (IllegalArgumentException e) {
        continue;
      }
      assertThatCode(() -> {
        try (SecretClient huge = cached(store, policy, Principal.localUser("owner"))) {
          huge.resolve(PASSWORD).destroy();
        }
      }).as(policy.toString()).doesNotThrowAnyException();
    }
  }

  /**
   * bind() clears the memo when it holds 4 × maxEntries bindings; 4 × maxEntries overflows an int from
   * 536,870,912 entries (Integer.MAX_VALUE, "unbounded", included), and then every new reference clears
   * the memo, so hot references keep missing the hit path.
   */
  @Test
  void aVeryLargeMaxEntries_doesNotClearTheMemoOnEveryNewReference() {
    SecretClient large = cached(store, POLICY.withMaxEntries(Integer.MAX_VALUE), Principal.localUser("owner"));
    try (large) {
      large.resolve(PASSWORD).destroy();
      large.resolve(USERNAME).destroy();

      assertThat(Reachable.mapKeys(large, SecretRef.class)).as("references the memo keeps").isEqualTo(2);
    }
  }

  // ---------------------------------------------------------------- 7. remembered failures

  /**
   * A store error that is not a SecretException (IllegalStateException from a closed store, or any
   * unmapped runtime exception) is neither remembered nor shared: each caller that waited for the load
   * calls the store again, one after another, so 64 waiters wait for up to 64 calls.
   */
  @Test
  void aLoadThatThrowsAnUncheckedError_isSharedWithTheCallersWaitingForIt() throws Exception {
    raw.close();
    holding.holdNext(Call.READ);
    Started<Throwable> loader = start(() -> catchThrowable(() -> client.resolve(PASSWORD)));
    holding.awaitHeld();
    Started<Throwable> waiter = start(() -> catchThrowable(() -> client.resolve(PASSWORD)));
    waiter.awaitParked();

    holding.release();

    assertThat(loader.get()).isInstanceOf(IllegalStateException.class);
    assertThat(waiter.get()).isInstanceOf(IllegalStateException.class);
    assertThat(store.calls(Call.READ)).as("store reads for two callers that missed together").isEqualTo(1);
  }

  // ---------------------------------------------------------------- 8. liveness of get()

  /**
   * get() loops until it sees a fresh secret or a failure still in its backoff. When the ticker moves
   * more than the entry's lifetime between the load's reading and the loop's next one (a TTL of 1 ns is
   * accepted; any TTL below the coarse ticker's 10 ms, or below a preempted thread's pause), the caller
   * reads the store again and again and never returns what it read. Here each reading moves 1 ms, the TTL.
   */
  @Test
  void aTtlShorterThanTheTimeBetweenTwoTickerReadings_stillReturnsWhatTheCallerRead() {
    AtomicLong nanos = new AtomicLong();
    Ticker stepping = () -> nanos.addAndGet(Duration.ofMillis(1).toNanos());
    SecretStore bounded = new ForwardingSecretStore(store) {
      @Override
      public Optional<StoredSecret> read(SecretId id) {
        stopAfterTenCalls();
        return super.read(id);
      }

      @Override
      public Optional<String> probe(SecretId id) {
        stopAfterTenCalls();
        return super.probe(id);
      }

      private void stopAfterTenCalls() {
        if (store.total() >= 10) {
          throw new AssertionError("one resolve called the store " + store.total() + " times");
        }
      }
    };
    SecretClient quick = SecretClient.builder().store(bounded).environment(Map.of())
        .principal(Principal.localUser("owner")).cache(POLICY.withTtl(Duration.ofMillis(1)).withJitter(0))
        .ticker(stepping).build();
    try (quick) {
      assertThat(catchThrowable(() -> quick.resolve(PASSWORD).destroy())).as("one resolve").isNull();
      assertThat(store.total()).as("store calls of one resolve").isEqualTo(1);
    }
  }

  // ---------------------------------------------------------------- 9. killers of surviving mutations (pass today)

  /** Kills "no write-through on delete": no test deletes through the caching client itself. */
  @Test
  void aDeleteThroughTheClient_isSeenByItsNextResolve() {
    assertThat(client.resolve(PASSWORD).asString()).isEqualTo(canary);

    client.delete(PG, true);

    assertThatThrownBy(() -> client.resolve(PASSWORD)).isInstanceOf(SecretNotFoundException.class);
  }

  /** Kills "no write-through on grant/revoke/dependents": CachedResolveTest grants through another client only. */
  @Test
  void aGrantThroughTheClient_dropsWhatItCachedOfTheSecret() {
    assertThat(client.resolve(PASSWORD).asString()).isEqualTo(canary);
    client.grant(PG, "carol", Permission.CAN_USE);
    store.resetCounts();

    assertThat(client.resolve(PASSWORD).asString()).isEqualTo(canary);

    assertThat(store.calls(Call.READ)).as("reads after the client's own grant").isEqualTo(1);
  }

  /** Kills "memo never cleared": nothing checks that references to a small cache stay bounded. */
  @Test
  void theMemoOfReferences_staysBounded() {
    SecretClient small = cached(store, POLICY.withMaxEntries(1), Principal.localUser("owner"));
    try (small) {
      for (int i = 0; i < 40; i++) {
        SecretRef missing = SecretRef.parse("pg#k" + i);
        assertThatThrownBy(() -> small.resolve(missing)).isInstanceOf(SecretNotFoundException.class);
      }

      assertThat(Reachable.mapKeys(small, SecretRef.class)).as("references kept for a cache of 1 entry")
          .isLessThanOrEqualTo(4);
    }
  }

  private static SecretException outage() {
    return new StoreUnavailableException("memory:", "injected outage", false, null, null);
  }
}
