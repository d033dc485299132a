package dev.secretkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.ConflictException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.client.SecretClient;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.emulator.support.RandomFaults;
import dev.secretkit.spi.SecretHead;
import dev.secretkit.spi.StoredSecret;
import dev.secretkit.testkit.FaultInjectingStore.Fault;
import dev.secretkit.testkit.FaultInjectingStore.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultInjectingStoreTest {
  private static final SecretId ID = SecretId.of("public", "db");

  private final ManualClock clock = new ManualClock();
  private FaultInjectingStore.Builder builder;
  private FaultInjectingStore store;

  @BeforeEach
  void openMemoryStore() {
    builder = FaultInjectingStore.builder(BrokenStores.memory()).sleeper(clock::advance);
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void failNext_throttling_failsExactlyTheNextTwoReads() {
    store = builder.build();
    StoredSecret created = create();
    store.failNext(Operation.READ, 2, Fault.throttled(Duration.ofSeconds(3)));

    for (int i = 0; i < 2; i++) {
      StoreUnavailableException thrown = catchThrowableOfType(StoreUnavailableException.class, () -> store.read(ID));
      assertThat(thrown.throttled()).isTrue();
      assertThat(thrown.retryAfter()).contains(Duration.ofSeconds(3));
      assertThat(thrown).hasMessageContaining("public:db").hasMessageContaining("memory:");
    }
    assertThat(store.read(ID)).map(StoredSecret::revision).contains(created.revision());
    assertThat(store.calls(Operation.READ)).isEqualTo(3);
    assertThat(store.faults(Operation.READ)).isEqualTo(2);
    assertThat(store.calls(Operation.READ_VERSION)).isZero();
  }

  @Test
  void failNext_scriptedInTheBuilder_appliesFromTheFirstCall() {
    store = builder.failNext(Operation.CREATE, 1, Fault.unavailable()).build();

    StoreUnavailableException thrown = catchThrowableOfType(StoreUnavailableException.class, this::create);
    assertThat(thrown.throttled()).isFalse();
    assertThat(thrown.retryAfter()).isEmpty();
    assertThat(store.delegate().read(ID)).as("a faulted write never reaches the store").isEmpty();
    create();
    assertThat(store.read(ID)).isPresent();
  }

  @Test
  void failNext_severalFaults_comeInScriptOrder() {
    store = builder.build();
    create();
    store.failNext(Operation.VERSIONS, 1, Fault.accessDenied()).failNext(Operation.VERSIONS, 1, Fault.notFound());

    AccessDeniedException denied = catchThrowableOfType(AccessDeniedException.class, () -> store.versions(ID));
    assertThat(denied.principal()).as("a denial by the store names no principal").isNull();
    assertThat(denied.secret()).isEqualTo("public:db");
    assertThat(store.versions(ID)).as("not found: an empty result").isEmpty();
    assertThat(store.versions(ID)).hasSize(1);
  }

  @Test
  void failCall_kthCallOverall_failsOnlyThatCallWhateverItsOperation() {
    store = builder.failCall(3, Fault.unavailable()).build();
    StoredSecret created = create();
    store.head(ID);

    assertThatThrownBy(() -> store.read(ID)).as("call 3, a read").isInstanceOf(StoreUnavailableException.class);
    assertThat(store.read(ID)).map(StoredSecret::revision).contains(created.revision());
    assertThat(store.totalCalls()).isEqualTo(4);
    assertThat(store.faults(Operation.READ)).isEqualTo(1);
    assertThat(store.faults(Operation.CREATE) + store.faults(Operation.HEAD)).isZero();
  }

  @Test
  void failCall_lostResponse_takesEffectThenFails() {
    store = builder.build();
    StoredSecret created = create();
    store.failCall(store.totalCalls() + 2, Fault.lostResponse());
    store.head(ID);

    assertThatThrownBy(() -> store.update(ID, created.revision(), metadata(), Map.of("k", SecretValue.ofString("v2"))))
        .isInstanceOf(StoreUnavailableException.class);
    StoredSecret read = store.delegate().read(ID).orElseThrow();
    assertThat(read.version().number()).as("the lost update took effect").isEqualTo(2);
    assertThat(read.values().get("k").asString()).isEqualTo("v2");
  }

  @Test
  void failCall_pastOrNotFoundOrTwice_isRefused() {
    store = builder.failCall(5, Fault.unavailable()).build();
    create();

    assertThatThrownBy(() -> store.failCall(1, Fault.unavailable())).as("a call already made")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.failCall(5, Fault.accessDenied())).as("a call already scripted")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.failCall(9, Fault.notFound())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.failCall(0, Fault.unavailable())).isInstanceOf(IllegalArgumentException.class);
    store.clearScript();
    for (int i = 0; i < 5; i++) {
      store.read(ID);
    }
    assertThat(store.faults(Operation.READ)).as("a cleared call script injects nothing").isZero();
  }

  @Test
  void failCall_winsOverTheOperationScript() {
    store = builder.failNext(Operation.READ, 1, Fault.unavailable()).failCall(1, Fault.accessDenied()).build();

    assertThatThrownBy(() -> store.read(ID)).isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> store.read(ID)).isInstanceOf(StoreUnavailableException.class);
    assertThat(store.read(ID)).isEmpty();
  }

  @Test
  void notFound_onReads_givesEmptyResults() {
    store = builder.build();
    create();
    for (Operation operation : List.of(Operation.READ, Operation.READ_VERSION, Operation.READ_ALL,
        Operation.HEAD, Operation.PROBE, Operation.LIST, Operation.LIST_IDS)) {
      store.failNext(operation, 1, Fault.notFound());
    }

    assertThat(store.read(ID)).isEmpty();
    assertThat(store.read(ID, 1)).isEmpty();
    assertThat(store.readAll(List.of(ID))).isEmpty();
    assertThat(store.head(ID)).isEmpty();
    assertThat(store.probe(ID)).isEmpty();
    assertThat(store.list("public", null, 10).items()).isEmpty();
    assertThat(store.listIds(null, 10).items()).isEmpty();
    assertThat(store.read(ID)).isPresent();
    assertThat(store.listIds(null, 10).items()).containsExactly(ID);
  }

  @Test
  void notFound_onWrites_isAChangedConflictAndWritesNothing() {
    store = builder.build();
    StoredSecret created = create();
    store.failNext(Operation.UPDATE, 1, Fault.notFound()).failNext(Operation.DELETE, 1, Fault.notFound());

    assertThat(catchThrowableOfType(ConflictException.class,
        () -> store.update(ID, created.revision(), metadata(), Map.of("k", SecretValue.ofString("v2")))).reason())
        .isEqualTo(ConflictException.Reason.CHANGED);
    assertThat(catchThrowableOfType(ConflictException.class, () -> store.delete(ID, created.revision())).reason())
        .isEqualTo(ConflictException.Reason.CHANGED);
    assertThat(store.read(ID).orElseThrow().revision()).isEqualTo(created.revision());
  }

  @Test
  void notFound_onCreate_isRefused() {
    assertThatThrownBy(() -> builder.failNext(Operation.CREATE, 1, Fault.notFound()))
        .isInstanceOf(IllegalArgumentException.class);
    store = builder.build();
    assertThatThrownBy(() -> store.failNext(Operation.CREATE, 1, Fault.notFound()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.failRandomly(Operation.CREATE, 0.5, Fault.notFound()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void failRandomly_sameSeed_sameFaultsEveryRun() {
    List<Boolean> first = randomFaults(42);
    List<Boolean> second = randomFaults(42);
    List<Boolean> otherSeed = randomFaults(43);

    assertThat(first).isEqualTo(second).isNotEqualTo(otherSeed);
    long failures = first.stream().filter(failed -> failed).count();
    assertThat(failures).as("about 30%% of 200 calls").isBetween(30L, 90L);
  }

  @Test
  void failRandomlyMix_failsEveryOperationAsTheMixSays_withItsLatency_untilCleared() {
    store = builder.build();
    create();
    store.failRandomly(new RandomFaults(0.3, 0.1, 0.2, Duration.ofSeconds(10), 5));
    Instant before = clock.instant();
    int unavailable = 0;
    int throttled = 0;
    int lost = 0;
    for (int i = 0; i < 1_000; i++) {
      StoredSecret current = store.delegate().read(ID).orElseThrow();
      StoreUnavailableException thrown = catchThrowableOfType(StoreUnavailableException.class,
          () -> store.update(ID, current.revision(), metadata(), Map.of("k", SecretValue.ofString("v2"))));
      boolean written = !store.delegate().read(ID).orElseThrow().revision().equals(current.revision());
      if (thrown == null) {
        assertThat(written).isTrue();
      } else if (thrown.throttled()) {
        throttled++;
        assertThat(written).isFalse();
      } else if (written) {
        lost++;
        assertThat(thrown).hasMessageContaining("loss of the answer");
      } else {
        unavailable++;
      }
    }

    assertThat(unavailable).isBetween(250, 350);
    assertThat(throttled).isBetween(60, 140);
    assertThat(lost).isBetween(150, 250);
    assertThat(store.totalFaults()).isEqualTo(unavailable + throttled + lost);
    Duration waited = Duration.between(before, clock.instant());
    assertThat(waited).as("1,000 latencies of 0 to 10 s").isBetween(Duration.ofMinutes(70), Duration.ofMinutes(100));
    store.clearRandomFaults();
    store.read(ID);
    assertThat(clock.instant()).isEqualTo(before.plus(waited));
    assertThat(store.totalFaults()).isEqualTo(unavailable + throttled + lost);
  }

  @Test
  void failRandomly_probabilityBounds_areChecked() {
    assertThatThrownBy(() -> builder.failRandomly(Operation.READ, 1.5, Fault.unavailable()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.failRandomly(Operation.READ, Double.NaN, Fault.unavailable()))
        .isInstanceOf(IllegalArgumentException.class);
    store = builder.failRandomly(Operation.READ, 1, Fault.unavailable()).build();
    assertThatThrownBy(() -> store.read(ID)).isInstanceOf(StoreUnavailableException.class);
    store.failNext(Operation.READ, 1, Fault.accessDenied());
    assertThatThrownBy(() -> store.read(ID)).as("a script comes before chance")
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void latency_manualClockSleeper_advancesTheClockWithoutRealSleep() {
    store = builder.latency(Operation.READ, Duration.ofHours(1)).latency(Operation.LIST, Duration.ofMinutes(5))
        .failNext(Operation.READ, 1, Fault.unavailable()).build();
    Instant before = clock.instant();
    long started = System.nanoTime();

    assertThatThrownBy(() -> store.read(ID)).isInstanceOf(StoreUnavailableException.class);
    store.read(ID);
    store.read(ID);
    store.list("public", null, 10);
    store.versions(ID);

    assertThat(Duration.between(before, clock.instant())).isEqualTo(Duration.ofHours(3).plusMinutes(5));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void latency_interruptedSleep_isUnavailableAndKeepsTheInterrupt() {
    store = FaultInjectingStore.builder(BrokenStores.memory()).latency(Duration.ofMillis(1))
        .sleeper(duration -> {
          throw new InterruptedException("test");
        }).build();
    try {
      assertThatThrownBy(() -> store.read(ID)).isInstanceOf(StoreUnavailableException.class)
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void calls_everyOperation_countedIncludingFailures() {
    store = builder.failNext(Operation.DELETE, 1, Fault.unavailable()).build();
    StoredSecret created = create();
    StoredSecret updated = store.update(ID, created.revision(), metadata(), Map.of("k", SecretValue.ofString("2")));
    SecretHead relabelled = store.updateMetadata(ID, updated.revision(), metadata());
    store.versions(ID);
    store.read(ID, 1);
    store.readAll(List.of(ID));
    store.head(ID);
    store.probe(ID);
    store.list("public", null, 1);
    assertThatThrownBy(() -> store.delete(ID, relabelled.revision())).isInstanceOf(StoreUnavailableException.class);
    store.delete(ID, relabelled.revision());

    assertThat(store.calls()).containsOnlyKeys(Operation.CREATE, Operation.UPDATE, Operation.UPDATE_METADATA,
        Operation.VERSIONS, Operation.READ_VERSION, Operation.READ_ALL, Operation.HEAD, Operation.PROBE, Operation.LIST,
        Operation.DELETE);
    assertThat(store.calls(Operation.DELETE)).isEqualTo(2);
    assertThat(store.faults(Operation.DELETE)).isEqualTo(1);
    assertThat(store.toString()).contains("DELETE=2");
    assertThat(store.description()).isEqualTo(store.delegate().description());
    assertThat(store.limits()).isEqualTo(store.delegate().limits());
  }

  @Test
  void failNext_manyThreads_injectsExactlyTheScriptedFaults() throws Exception {
    store = builder.build();
    create();
    store.failNext(Operation.READ, 150, Fault.unavailable());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(pool.submit(() -> {
          int failed = 0;
          for (int i = 0; i < 100; i++) {
            try {
              store.read(ID);
            } catch (StoreUnavailableException e) {
              failed++;
            }
          }
          return failed;
        }));
      }
      int failed = 0;
      for (Future<Integer> future : futures) {
        failed += future.get(30, TimeUnit.SECONDS);
      }
      assertThat(failed).isEqualTo(150);
      assertThat(store.calls(Operation.READ)).isEqualTo(400);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void client_onThrottlingStore_seesTheRetryAfter() {
    store = builder.build();
    create();
    store.failNext(Operation.READ, 1, Fault.throttled(Duration.ofMillis(1500)));
    try (SecretClient client = SecretClient.builder().store(store).clock(clock).environment(Map.of()).build()) {
      StoreUnavailableException thrown = catchThrowableOfType(StoreUnavailableException.class,
          () -> client.resolve("public:db#k"));
      assertThat(thrown.retryAfter()).contains(Duration.ofMillis(1500));
      assertThat(client.resolve("public:db#k").asString()).isEqualTo("v1");
    }
  }

  private List<Boolean> randomFaults(long seed) {
    FaultInjectingStore random = FaultInjectingStore.builder(BrokenStores.memory()).seed(seed)
        .failRandomly(Operation.READ, 0.3, Fault.unavailable()).build();
    try (random) {
      List<Boolean> failed = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        try {
          random.read(ID);
          failed.add(false);
        } catch (StoreUnavailableException e) {
          failed.add(true);
        }
      }
      assertThat(random.faults(Operation.READ)).isEqualTo(failed.stream().filter(f -> f).count());
      return failed;
    }
  }

  private StoredSecret create() {
    return store.create(ID, metadata(), Map.of("k", SecretValue.ofString("v1")));
  }

  private SecretMetadata metadata() {
    return new SecretMetadata("secret", "v1", "key-value", "r", "owner", List.of(), null, null, List.of(), List.of(),
        clock.instant(), "owner", clock.instant(), "owner");
  }
}
