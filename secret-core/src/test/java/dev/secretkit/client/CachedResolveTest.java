package dev.secretkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.InvalidReferenceException;
import dev.secretkit.Manifests;
import dev.secretkit.SecretDataException;
import dev.secretkit.SecretException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretNotFoundException;
import dev.secretkit.SecretRef;
import dev.secretkit.SecretValue;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.access.Permission;
import dev.secretkit.access.Principal;
import dev.secretkit.access.Role;
import dev.secretkit.client.CountingStore.Call;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.memory.InMemorySecretStoreProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every rule of {@link CachePolicy}, on a ticker the test moves and a store that counts what the cache asks of it. */
class CachedResolveTest {
  private static final Duration TTL = Duration.ofSeconds(60);
  private static final Duration STALE = Duration.ofMinutes(10);
  private static final Duration BACKOFF_MIN = Duration.ofSeconds(1);
  private static final Duration BACKOFF_MAX = Duration.ofSeconds(16);
  private static final CachePolicy POLICY = CachePolicy.defaults().withTtl(TTL).withJitter(0.2)
      .withStaleIfError(STALE).withErrorBackoff(BACKOFF_MIN, BACKOFF_MAX).withMaxEntries(1000);
  private static final SecretRef PASSWORD = SecretRef.parse("pg#password");

  private final String canary = "canary-" + UUID.randomUUID();
  private final ManualTicker ticker = new ManualTicker();
  private final List<String> outputs = new ArrayList<>();
  private SecretStore raw;
  private CountingStore store;
  private SecretClient writer;
  private SecretClient client;

  @BeforeEach
  void open() {
    raw = new InMemorySecretStoreProvider().open(StoreConfig.parse("memory:", Map.of(),
        Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC)));
    store = new CountingStore(raw);
    writer = SecretClient.builder().store(raw).environment(Map.of("USER", "owner")).build();
    client = cached(POLICY, Principal.localUser("app"));
    writer.apply(Manifests.secret("pg", "password", canary, "username", "fake-user"));
  }

  @AfterEach
  void close() {
    client.close();
    writer.close();
    raw.close();
    assertThat(outputs).noneMatch(text -> text.contains(canary));
  }

  private SecretClient cached(CachePolicy policy, Principal principal) {
    return SecretClient.builder().store(store).environment(Map.of()).principal(principal).cache(policy)
        .ticker(ticker).build();
  }

  private String resolve(SecretRef ref) {
    return client.resolve(ref).asString();
  }

  @Test
  void aHit_callsNoStore_andHandsOutAFreshCopyEachTime() {
    assertThat(resolve(PASSWORD)).isEqualTo(canary);
    store.resetCounts();

    SecretValue first = client.resolve(PASSWORD);
    first.destroy();
    assertThat(client.resolve(PASSWORD).asString()).isEqualTo(canary);
    assertThat(client.resolve("pg#password").asString()).isEqualTo(canary);
    assertThat(client.resolve("public:pg#username").asString()).isEqualTo("fake-user");

    assertThat(store.total()).isZero();
  }

  @Test
  void coldCallersTogether_makeOneRead() throws Exception {
    int callers = 64;
    CountDownLatch open = new CountDownLatch(2);
    store.holdReads(open);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        results.add(pool.submit(() -> resolve(PASSWORD)));
      }
      awaitParked(callers);
      open.countDown();
      for (Future<String> result : results) {
        assertThat(result.get()).isEqualTo(canary);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.calls(Call.READ)).isEqualTo(1);
  }

  /** Waits, without sleeping, until {@code count} pool threads wait: one at the gate, the rest on its load. */
  private static void awaitParked(int count) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() - deadline < 0 && Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith("pool-"))
        .filter(thread -> thread.getState() == Thread.State.WAITING
            || thread.getState() == Thread.State.TIMED_WAITING)
        .filter(thread -> List.of(thread.getStackTrace()).stream()
            .anyMatch(frame -> frame.getClassName().equals(CacheNode.class.getName())
                || frame.getClassName().equals(CountingStore.class.getName())))
        .count() < count) {
      Thread.onSpinWait();
    }
  }

  @Test
  void afterTheTtl_anUnchangedSecretCostsOneProbeAndNoRead() {
    resolve(PASSWORD);
    store.resetCounts();

    ticker.advance(TTL);
    assertThat(resolve(PASSWORD)).isEqualTo(canary);
    assertThat(resolve(PASSWORD)).isEqualTo(canary);

    assertThat(store.calls(Call.PROBE)).isEqualTo(1);
    assertThat(store.total()).isEqualTo(1);
  }

  @Test
  void afterTheTtl_aChangedSecretIsReadAgain() {
    resolve(PASSWORD);
    writer.apply(Manifests.secret("pg", "password", canary + "-2", "username", "fake-user"));
    assertThat(resolve(PASSWORD)).isEqualTo(canary);
    store.resetCounts();

    ticker.advance(TTL);

    assertThat(resolve(PASSWORD)).isEqualTo(canary + "-2");
    assertThat(client.lookup(PASSWORD).version()).isEqualTo(2);
    assertThat(store.calls(Call.PROBE)).isEqualTo(1);
    assertThat(store.calls(Call.READ)).isEqualTo(1);
  }

  @Test
  void jitter_shortensEachTtlBetweenTtlTimesOneMinusJitterAndTtl_andSpreadsThem() {
    int secrets = 200;
    for (int i = 0; i < secrets; i++) {
      writer.apply(Manifests.secret("s" + i, "k", "v" + i));
      resolve(SecretRef.parse("s" + i + "#k"));
    }
    store.resetCounts();

    ticker.advance(TTL.multipliedBy(8).dividedBy(10).minusNanos(1));
    resolveAll(secrets);
    assertThat(store.calls(Call.PROBE)).isZero();

    ticker.advance(TTL.dividedBy(10));
    resolveAll(secrets);
    assertThat(store.calls(Call.PROBE)).isBetween(1L, secrets - 1L);

    ticker.advance(TTL.dividedBy(10).plusNanos(1));
    store.resetCounts();
    resolveAll(secrets);
    assertThat(store.calls(Call.PROBE)).isBetween(1L, secrets - 1L);
    assertThat(store.calls(Call.READ)).isZero();
  }

  private void resolveAll(int secrets) {
    for (int i = 0; i < secrets; i++) {
      assertThat(resolve(SecretRef.parse("s" + i + "#k"))).isEqualTo("v" + i);
    }
  }

  @Test
  void aFailure_isRememberedForABackoffThatDoublesUpToItsMaximum() {
    for (int failure = 1; failure <= 6; failure++) {
      store.fail(Call.READ, 1, CachedResolveTest::outage);
      long before = store.calls(Call.READ);
      assertThatThrownBy(() -> resolve(PASSWORD)).isInstanceOf(StoreUnavailableException.class);
      assertThatThrownBy(() -> resolve(PASSWORD)).isInstanceOf(StoreUnavailableException.class);
      assertThat(store.calls(Call.READ)).isEqualTo(before + 1);

      Duration base = BACKOFF_MIN.multipliedBy(1L << Math.min(failure - 1, 4));
      ticker.advance(base.dividedBy(2).minusNanos(1));
      assertThatThrownBy(() -> resolve(PASSWORD)).isInstanceOf(StoreUnavailableException.class);
      assertThat(store.calls(Call.READ)).isEqualTo(before + 1);
      ticker.advance(base.dividedBy(2).plusNanos(1));
    }
    assertThat(resolve(PASSWORD)).isEqualTo(canary);
    assertThat(store.calls(Call.READ)).isEqualTo(7);
  }

  @Test
  void duringATransientOutage_theLastValueIsServedStale_untilTheWindowEnds() {
    resolve(PASSWORD);
    ticker.advance(TTL);
    store.fail(Call.PROBE, 1000, CachedResolveTest::outage);

    Resolution stale = client.lookup(PASSWORD);
    assertThat(stale.stale()).isTrue();
    assertThat(stale.failure()).containsInstanceOf(StoreUnavailableException.class);
    assertThat(stale.value().asString()).isEqualTo(canary);
    assertThat(resolve(PASSWORD)).isEqualTo(canary);
    outputs.add(stale.toString());

    ticker.advance(STALE.minus(TTL).minusSeconds(1));
    assertThat(resolve(PASSWORD)).isEqualTo(canary);

    ticker.advance(TTL.plusSeconds(1));
    assertThatThrownBy(() -> resolve(PASSWORD)).isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void aStaleServe_endsWhenTheStoreAnswersAgain() {
    resolve(PASSWORD);
    ticker.advance(TTL);
    store.fail(Call.PROBE, 1, CachedResolveTest::outage);
    assertThat(client.lookup(PASSWORD).stale()).isTrue();

    ticker.advance(BACKOFF_MIN);

    Resolution fresh = client.lookup(PASSWORD);
    assertThat(fresh.stale()).isFalse();
    assertThat(fresh.failure()).isEmpty();
  }

  @Test
  void aPermanentError_isNeverPaperedOver() {
    resolve(PASSWORD);
    ticker.advance(TTL);
    store.fail(Call.PROBE, 1, () -> new SecretDataException("public:pg", store.description(), "unreadable", null));
    assertThatThrownBy(() -> resolve(PASSWORD)).isInstanceOf(SecretDataException.class);

    writer.delete(SecretId.of("public", "pg"), true);
    ticker.advance(BACKOFF_MAX);
    assertThatThrownBy(() -> resolve(PASSWORD)).isInstanceOf(SecretNotFoundException.class);
  }

  @Test
  void aDeletedSecret_isNotFoundAfterTheTtl() {
    resolve(PASSWORD);
    writer.delete(SecretId.of("public", "pg"), true);
    assertThat(resolve(PASSWORD)).isEqualTo(canary);

    ticker.advance(TTL);

    assertThatThrownBy(() -> resolve(PASSWORD)).isInstanceOf(SecretNotFoundException.class);
    assertThatThrownBy(() -> client.lookup(PASSWORD)).isInstanceOf(SecretNotFoundException.class);
  }

  @Test
  void beyondMaxEntries_theLeastRecentlyUsedIsDropped() {
    client.close();
    client = cached(POLICY.withMaxEntries(3), Principal.localUser("app"));
    for (String name : List.of("a", "b", "c", "d")) {
      writer.apply(Manifests.secret(name, "k", "value-" + name));
    }
    for (String name : List.of("a", "b", "c", "a", "b")) {
      resolve(SecretRef.parse(name + "#k"));
      ticker.advance(Duration.ofSeconds(1));
    }
    store.resetCounts();

    resolve(SecretRef.parse("d#k"));
    resolve(SecretRef.parse("a#k"));
    resolve(SecretRef.parse("b#k"));
    assertThat(store.calls(Call.READ)).isEqualTo(1);

    assertThat(resolve(SecretRef.parse("c#k"))).isEqualTo("value-c");
    assertThat(store.calls(Call.READ)).isEqualTo(2);
  }

  @Test
  void aRevokedGrant_deniesWithinOneTtl_forTheLatestAndForAPinnedVersion() {
    SecretId pg = SecretId.of("public", "pg");
    writer.grant(pg, "bob", Permission.CAN_USE);
    client.close();
    client = cached(POLICY, Principal.of("bob", Role.DATA_DEVELOPER));
    SecretRef pinned = PASSWORD.atVersion(1);
    assertThat(resolve(PASSWORD)).isEqualTo(canary);
    assertThat(resolve(pinned)).isEqualTo(canary);

    writer.revoke(pg, "bob", Permission.CAN_USE);
    assertThat(resolve(PASSWORD)).isEqualTo(canary);
    store.resetCounts();
    ticker.advance(TTL);

    outputs.add(assertThatThrownBy(() -> resolve(PASSWORD)).isInstanceOf(AccessDeniedException.class)
        .actual().getMessage());
    assertThatThrownBy(() -> resolve(pinned)).isInstanceOf(AccessDeniedException.class);
    assertThat(store.calls(Call.READ_VERSION)).isZero();
    assertThat(store.calls(Call.HEAD)).isEqualTo(1);

    writer.grant(pg, "bob", Permission.CAN_USE);
    assertThatThrownBy(() -> resolve(PASSWORD)).isInstanceOf(AccessDeniedException.class);
    ticker.advance(TTL);
    assertThat(resolve(PASSWORD)).isEqualTo(canary);
  }

  @Test
  void aPinnedVersion_keepsItsValues_whileTheLatestMovesOn() {
    SecretRef pinned = PASSWORD.atVersion(1);
    assertThat(resolve(pinned)).isEqualTo(canary);
    writer.apply(Manifests.secret("pg", "password", canary + "-2", "username", "fake-user"));
    store.resetCounts();
    ticker.advance(TTL);

    assertThat(resolve(pinned)).isEqualTo(canary);
    assertThat(resolve(PASSWORD)).isEqualTo(canary + "-2");
    assertThat(store.calls(Call.READ_VERSION)).isZero();
  }

  @Test
  void writesThroughTheClient_andInvalidate_dropWhatIsCached() {
    resolve(PASSWORD);
    client.apply(Manifests.secret("pg", "password", canary + "-2", "username", "fake-user"));
    assertThat(resolve(PASSWORD)).isEqualTo(canary + "-2");

    writer.apply(Manifests.secret("pg", "password", canary + "-3", "username", "fake-user"));
    assertThat(resolve(PASSWORD)).isEqualTo(canary + "-2");
    client.invalidate(SecretRef.parse("public:pg#username"));
    assertThat(resolve(PASSWORD)).isEqualTo(canary + "-3");
  }

  @Test
  void invalidate_forgetsARememberedFailure() {
    store.fail(Call.READ, 1, CachedResolveTest::outage);
    assertThatThrownBy(() -> resolve(PASSWORD)).isInstanceOf(StoreUnavailableException.class);

    client.invalidate(PASSWORD);

    assertThat(resolve(PASSWORD)).isEqualTo(canary);
  }

  @Test
  void aMissingKey_isNotFound_naming_theKeysThereAre_butNoValue() {
    resolve(PASSWORD);
    store.resetCounts();

    SecretNotFoundException missing = catchThrowable(() -> resolve(SecretRef.parse("pg#passwrd")));

    assertThat(missing.missing()).isEqualTo(SecretNotFoundException.Missing.KEY);
    assertThat(missing.getMessage()).contains("password, username").contains("did you mean password");
    assertThat(store.total()).isZero();
    assertThatThrownBy(() -> client.resolve(SecretRef.parse("pg"))).isInstanceOf(InvalidReferenceException.class);
  }

  private SecretNotFoundException catchThrowable(Runnable call) {
    try {
      call.run();
    } catch (SecretNotFoundException e) {
      outputs.add(e.getMessage());
      return e;
    }
    throw new AssertionError("expected SecretNotFoundException");
  }

  @Test
  void withoutACachePolicy_everyResolveReadsTheStore() {
    try (SecretClient plain = SecretClient.builder().store(store).environment(Map.of()).build()) {
      plain.resolve(PASSWORD);
      plain.resolve(PASSWORD);
      assertThat(plain.lookup(PASSWORD).stale()).isFalse();
    }
    assertThat(store.calls(Call.READ)).isEqualTo(3);
  }

  @Test
  void theDefaultTicker_isOneDaemonThread_sharedByClients_andStoppedWithTheLast() throws InterruptedException {
    SecretClient first = SecretClient.builder().store(store).environment(Map.of()).cache(POLICY).build();
    SecretClient second = SecretClient.builder().store(store).environment(Map.of()).cache(POLICY).build();
    List<Thread> tickers = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("secretkit-cache-ticker")).toList();
    assertThat(tickers).hasSize(1);
    Thread thread = tickers.get(0);
    assertThat(thread.isDaemon()).isTrue();
    assertThat(first.resolve(PASSWORD).asString()).isEqualTo(canary);

    first.close();
    first.close();
    assertThat(thread.isAlive()).isTrue();
    assertThat(second.resolve(PASSWORD).asString()).isEqualTo(canary);
    second.close();
    thread.join(Duration.ofSeconds(10).toMillis());

    assertThat(thread.isAlive()).isFalse();
  }

  @Test
  void anObserver_hearsHitsMissesStaleServesEvictionsAndTimedStoreCalls() {
    List<String> heard = new ArrayList<>();
    ResolveObserver observer = new ResolveObserver() {
      @Override
      public void hit(SecretId id) {
        heard.add("hit " + id);
      }

      @Override
      public void miss(SecretId id) {
        heard.add("miss " + id);
      }

      @Override
      public void staleServed(SecretId id, SecretException cause) {
        heard.add("stale " + id + " " + cause.getClass().getSimpleName());
      }

      @Override
      public void evicted(SecretId id) {
        heard.add("evicted " + id);
      }

      @Override
      public void storeCalled(StoreCall call, SecretId id, long nanos, SecretException error) {
        assertThat(nanos).isNotNegative();
        heard.add(call + " " + id + (error == null ? "" : " " + error.getClass().getSimpleName()));
      }
    };
    client.close();
    client = SecretClient.builder().store(store).environment(Map.of()).cache(POLICY.withMaxEntries(1))
        .ticker(ticker).observer(observer).build();
    writer.apply(Manifests.secret("other", "k", "v"));

    resolve(PASSWORD);
    resolve(PASSWORD);
    ticker.advance(TTL);
    store.fail(Call.PROBE, 1, CachedResolveTest::outage);
    resolve(PASSWORD);
    resolve(SecretRef.parse("other#k"));

    assertThat(heard).containsExactly("miss public:pg", "READ public:pg", "hit public:pg", "miss public:pg",
        "PROBE public:pg StoreUnavailableException", "stale public:pg StoreUnavailableException",
        "evicted public:pg", "miss public:other", "READ public:other");
    outputs.addAll(heard);
  }

  @Test
  void refreshAhead_rechecksAHitEntryInTheBackground_once_soThatNoCallerWaitsAtItsExpiry() {
    client.close();
    client = cached(POLICY.withJitter(0).withRefreshAhead(Duration.ofSeconds(10)), Principal.localUser("app"));
    resolve(PASSWORD);
    store.resetCounts();

    ticker.advance(TTL.minusSeconds(20));
    assertThat(resolve(PASSWORD)).isEqualTo(canary);
    assertThat(store.total()).as("outside the window").isZero();

    ticker.advance(Duration.ofSeconds(15));
    for (int i = 0; i < 100; i++) {
      assertThat(resolve(PASSWORD)).isEqualTo(canary);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (store.calls(Call.PROBE) == 0 && System.nanoTime() - deadline < 0) {
      Thread.onSpinWait();
    }
    assertThat(store.calls(Call.PROBE)).isEqualTo(1);

    ticker.advance(Duration.ofSeconds(10));
    assertThat(client.lookup(PASSWORD).stale()).isFalse();
    assertThat(store.total()).as("renewed ahead of the old expiry").isEqualTo(1);
  }

  @Test
  void aClosedClient_servesNothingFromItsCache() {
    resolve(PASSWORD);

    client.close();

    assertThatThrownBy(() -> client.resolve(PASSWORD)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> client.resolve("pg#password")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aRevokeThroughTheClient_dropsWhatItCached_andAClosedClientResolvesNothingMore() {
    SecretId pg = SecretId.of("public", "pg");
    writer.grant(pg, "bob", Permission.CAN_USE);
    assertThat(resolve(PASSWORD)).isEqualTo(canary);

    client.revoke(pg, "bob", Permission.CAN_USE);
    store.resetCounts();

    assertThat(resolve(PASSWORD)).as("read again after the client's own revoke").isEqualTo(canary);
    assertThat(store.calls(Call.READ)).isEqualTo(1);
    SecretClient uncached = SecretClient.builder().store(store).environment(Map.of()).build();
    uncached.close();
    store.resetCounts();
    assertThatThrownBy(() -> uncached.resolveAll(List.of(PASSWORD))).isInstanceOf(IllegalStateException.class);
    assertThat(store.total()).isZero();
  }

  private static SecretException outage() {
    return new StoreUnavailableException("memory:", "injected outage", false, null, null);
  }
}
