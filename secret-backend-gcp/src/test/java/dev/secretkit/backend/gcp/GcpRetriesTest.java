package dev.secretkit.backend.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.emulator.gcp.GcpOperation;
import dev.secretkit.emulator.gcp.GcpSecretManagerEmulator;
import dev.secretkit.emulator.gcp.GcpSecretManagerEmulator.Failure;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.spi.StoredSecret;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The retries the provider sets, counted at the emulator: reads are tried {@code maxAttempts} times on an outage,
 * a timeout or throttling; the client sends each write once, and the store's own retry of its commit stops at
 * {@code maxAttempts}; and a call that keeps failing gives up within seconds, measured on the real clock against an
 * upper bound (no test sleeps): on a port where nothing listens, on a server slower than {@code timeoutMillis}, and
 * with the defaults, which are not the client's 60-second ones.
 */
class GcpRetriesTest {
  private static final SecretId PG = SecretId.of("public", "pg");
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private static final AtomicInteger TESTS = new AtomicInteger();
  /**
   * Far below the client's defaults (60 s in all), and far above what these calls take (under 1.5 s, the first TCP
   * channel of the JVM included), so that a loaded build machine does not fail them.
   */
  private static final Duration GIVES_UP_WITHIN = Duration.ofSeconds(10);

  private static final ManualClock CLOCK = new ManualClock(T0);
  private static final Object LATENCY = new Object();
  private static boolean latencyReleased;
  private static GcpSecretManagerEmulator emulator;

  private String prefix;
  private StoredSecret seeded;

  /** Serves in process and on a loopback port; injected latency holds a call until the test releases it. */
  @BeforeAll
  static void startEmulator() {
    emulator = new GcpSecretManagerEmulator(CLOCK, duration -> {
      synchronized (LATENCY) {
        while (!latencyReleased) {
          LATENCY.wait();
        }
      }
    }).startTcp();
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  @BeforeEach
  void seed() {
    prefix = "retries" + TESTS.incrementAndGet() + "-";
    try (SecretStore store = TestStores.open(emulator, prefix, "", CLOCK)) {
      seeded = store.create(PG, metadata(), Map.of("password", SecretValue.ofString("v1")));
    }
    emulator.resetCalls();
    synchronized (LATENCY) {
      latencyReleased = false;
    }
  }

  @AfterEach
  void clearFaults() {
    emulator.clearFaults();
    synchronized (LATENCY) {
      latencyReleased = true;
      LATENCY.notifyAll();
    }
  }

  // ---------------------------------------------------------------- reads: the client's retries

  @ParameterizedTest
  @EnumSource(value = Failure.class, names = {"UNAVAILABLE", "DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED"})
  void aReadSurvivesTwoRetryableFailures_withMaxAttempts3_inExactlyThreeCalls(Failure fault) {
    try (SecretStore store = TestStores.open(emulator, prefix, "maxAttempts=3&retryDelayMillis=1", CLOCK)) {
      emulator.failNext(GcpOperation.ACCESS_SECRET_VERSION, 2, fault);

      assertThat(store.read(PG)).map(StoredSecret::revision).contains(seeded.revision());

      assertThat(emulator.calls(GcpOperation.ACCESS_SECRET_VERSION)).isEqualTo(3);
    }
  }

  @Test
  void aReadThatKeepsFailing_givesUpAfterMaxAttemptsCalls() {
    try (SecretStore store = TestStores.open(emulator, prefix, "maxAttempts=3&retryDelayMillis=1", CLOCK)) {
      emulator.failNext(GcpOperation.ACCESS_SECRET_VERSION, 10, Failure.UNAVAILABLE);

      StoreUnavailableException failure = catchThrowableOfType(StoreUnavailableException.class, () -> store.read(PG));

      assertThat(failure.getMessage()).contains("AccessSecretVersion of public:pg failed (UNAVAILABLE)");
      assertThat(emulator.calls(GcpOperation.ACCESS_SECRET_VERSION)).isEqualTo(3);
    }
  }

  @Test
  void anInternalError_isNotTriedAgainByTheClient_butLeftToTheCaller() {
    try (SecretStore store = TestStores.open(emulator, prefix, "maxAttempts=3&retryDelayMillis=1", CLOCK)) {
      emulator.failNext(GcpOperation.ACCESS_SECRET_VERSION, 1, Failure.INTERNAL);

      StoreUnavailableException failure = catchThrowableOfType(StoreUnavailableException.class, () -> store.read(PG));

      assertThat(failure.isRetryable()).isTrue();
      assertThat(emulator.calls(GcpOperation.ACCESS_SECRET_VERSION)).isEqualTo(1);
    }
  }

  @Test
  void theReadsOfAWrite_areTriedAgainToo() {
    try (SecretStore store = TestStores.open(emulator, prefix, "maxAttempts=3&retryDelayMillis=1", CLOCK)) {
      emulator.failNext(GcpOperation.GET_SECRET, 2, Failure.UNAVAILABLE);

      store.update(PG, seeded.revision(), metadata(), Map.of("password", SecretValue.ofString("v2")));

      assertThat(emulator.calls(GcpOperation.GET_SECRET)).isEqualTo(3);
      assertThat(emulator.calls(GcpOperation.ADD_SECRET_VERSION)).isEqualTo(1);
    }
  }

  // ---------------------------------------------------------------- writes: once per attempt

  @ParameterizedTest
  @EnumSource(value = GcpOperation.class, names = {"ADD_SECRET_VERSION", "DELETE_SECRET", "CREATE_SECRET"})
  void aFailingWriteCall_isSentOnce_whateverMaxAttempts(GcpOperation call) {
    try (SecretStore store = TestStores.open(emulator, prefix, "maxAttempts=3&retryDelayMillis=1", CLOCK)) {
      emulator.failNext(call, 1, Failure.UNAVAILABLE);

      StoreUnavailableException failure = catchThrowableOfType(StoreUnavailableException.class, () -> {
        switch (call) {
          case ADD_SECRET_VERSION -> store.update(PG, seeded.revision(), metadata(),
              Map.of("password", SecretValue.ofString("v2")));
          case DELETE_SECRET -> store.delete(PG, seeded.revision());
          default -> store.create(SecretId.of("public", "other"), metadata(),
              Map.of("password", SecretValue.ofString("v1")));
        }
      });

      assertThat(failure.isRetryable()).isTrue();
      assertThat(emulator.calls(call)).isEqualTo(1);
      assertThat(store.read(PG)).map(StoredSecret::revision).contains(seeded.revision());
    }
  }

  @Test
  void theCommitsOwnRetries_afterAMoveThatDidNotHappen_stopAtMaxAttempts() {
    try (SecretStore store = TestStores.open(emulator, prefix, "maxAttempts=3&retryDelayMillis=1", CLOCK)) {
      emulator.failNext(GcpOperation.UPDATE_SECRET, 10, Failure.UNAVAILABLE);

      StoreUnavailableException failure = catchThrowableOfType(StoreUnavailableException.class,
          () -> store.update(PG, seeded.revision(), metadata(), Map.of("password", SecretValue.ofString("v2"))));

      assertThat(failure.getMessage()).contains("UpdateSecret of public:pg failed (UNAVAILABLE)");
      assertThat(emulator.calls(GcpOperation.UPDATE_SECRET)).isEqualTo(3);
      emulator.clearFaults();
      assertThat(store.read(PG)).map(StoredSecret::revision).contains(seeded.revision());
    }
  }

  // ---------------------------------------------------------------- bounded on the real clock

  @Test
  void aPortWhereNothingListens_givesUpWithinSeconds_namingTheEndpoint() throws IOException {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    String endpoint = "127.0.0.1:" + port;
    try (SecretStore store = openTcp(endpoint, "timeoutMillis=500&maxAttempts=3&retryDelayMillis=50")) {
      long start = System.nanoTime();
      StoreUnavailableException failure = catchThrowableOfType(StoreUnavailableException.class, () -> store.read(PG));
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

      assertThat(failure.getMessage()).contains("AccessSecretVersion of public:pg failed (UNAVAILABLE): cannot"
          + " connect to " + endpoint + " (connection refused: ConnectException); retry later");
      assertThat(failure.isRetryable()).isTrue();
      assertThat(elapsed).isLessThan(GIVES_UP_WITHIN);
    }
  }

  @Test
  void aServerSlowerThanTimeoutMillis_givesUpAfterMaxAttemptsTimeouts_withinSeconds() {
    try (SecretStore store = openTcp(emulator.endpoint(), "timeoutMillis=200&maxAttempts=2&retryDelayMillis=10")) {
      emulator.latency(Duration.ofMinutes(10));

      long start = System.nanoTime();
      StoreUnavailableException failure = catchThrowableOfType(StoreUnavailableException.class, () -> store.read(PG));
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

      assertThat(failure.getMessage()).contains("AccessSecretVersion of public:pg failed (DEADLINE_EXCEEDED) at "
          + emulator.endpoint() + " (no answer in time; the store's timeoutMillis sets the limit); retry later");
      assertThat(failure.isRetryable()).isTrue();
      // Not counted at the emulator: a server that is slow to start the second call sees its deadline passed first.
      assertThat(elapsed).as("two attempts, each cut off at timeoutMillis").isBetween(Duration.ofMillis(400),
          GIVES_UP_WITHIN);
    }
  }

  @Test
  void withTheDefaultRetrySettings_aCallThatAlwaysFails_givesUpAfterThreeCalls_inSecondsNotAMinute() {
    try (SecretStore store = openTcp(emulator.endpoint(), "")) {
      emulator.failNext(1_000, Failure.UNAVAILABLE);

      long start = System.nanoTime();
      StoreUnavailableException failure = catchThrowableOfType(StoreUnavailableException.class, () -> store.read(PG));
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

      assertThat(failure.isRetryable()).isTrue();
      assertThat(emulator.calls(GcpOperation.ACCESS_SECRET_VERSION)).as("the default maxAttempts").isEqualTo(3);
      assertThat(elapsed).as("the client's own defaults retry for 60 s").isLessThan(GIVES_UP_WITHIN);
    }
  }

  /** Opens the store through the public provider, plaintext to {@code endpoint}, with {@code parameters}. */
  private SecretStore openTcp(String endpoint, String parameters) {
    return new GcpSecretManagerStoreProvider().open(StoreConfig.parse("gcp-sm://" + TestStores.PROJECT + "?endpoint="
        + endpoint + "&tls=false&prefix=" + prefix + (parameters.isEmpty() ? "" : "&" + parameters), Map.of(), CLOCK));
  }

  private static SecretMetadata metadata() {
    return TestSecrets.metadata("olivia", T0);
  }
}
