package dev.secretkit.backend.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.emulator.aws.SecretsManagerEmulator;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.spi.support.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store's own retries, of the calls it sends once (a create, the commit's move): they wait as the backoff says,
 * through the provider's sleeper, never more often than {@code maxAttempts}, and an interrupt ends them.
 */
class AwsStoreBackoffTest {
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private static final SecretId PG = SecretId.of("public", "pg");

  private final ManualClock clock = new ManualClock(T0);
  private final List<Duration> waits = new CopyOnWriteArrayList<>();
  private SecretsManagerEmulator emulator;

  @BeforeEach
  void start() {
    emulator = new SecretsManagerEmulator(clock).start();
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private SecretStore open(String parameters, Backoff.Sleeper sleeper) {
    // Jitter at half the bound: each wait is half of min(20 x base, base x 2^(n-1)).
    return new AwsSecretsManagerStoreProvider(sleeper, () -> 0.5).open(StoreConfig.parse("aws-sm://eu-west-1"
        + "?endpoint=" + emulator.endpoint() + "&" + parameters, TestStores.CREDENTIALS, clock));
  }

  private static SecretMetadata metadata() {
    return new SecretMetadata("secret", "v1", "key-value-properties", "r", "olivia", List.of(), null, null, List.of(),
        List.of(), T0, "olivia", T0, "olivia");
  }

  private static Map<String, SecretValue> values() {
    return Map.of("password", SecretValue.ofString("v1"));
  }

  @Test
  void aThrottledCreate_isTriedAgainAfterTheBackoff_upToMaxAttempts() {
    try (SecretStore store = open("maxAttempts=3&retryDelayMillis=100", waits::add)) {
      emulator.throttleNext("CreateSecret", 2);

      store.create(PG, metadata(), values());

      assertThat(emulator.calls("CreateSecret")).isEqualTo(3);
      assertThat(waits).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
    }
  }

  @Test
  void aCreateThrottledAtEveryAttempt_failsAfterMaxAttempts_havingWaitedBetweenThem() {
    try (SecretStore store = open("maxAttempts=3", waits::add)) {
      emulator.throttleNext("CreateSecret", 3);

      Throwable thrown = catchThrowable(() -> store.create(PG, metadata(), values()));

      assertThat(thrown).isInstanceOf(StoreUnavailableException.class);
      assertThat(emulator.calls("CreateSecret")).isEqualTo(3);
      assertThat(waits).as("the default base delay, 100 ms").containsExactly(Duration.ofMillis(50),
          Duration.ofMillis(100));
    }
  }

  @Test
  void anInterruptWhileWaiting_endsTheRetries_andKeepsTheThreadInterrupted() {
    try (SecretStore store = open("maxAttempts=3&retryDelayMillis=100", wait -> {
      throw new InterruptedException();
    })) {
      emulator.throttleNext("CreateSecret", 1);

      Throwable thrown = catchThrowable(() -> store.create(PG, metadata(), values()));
      boolean interrupted = Thread.interrupted();

      assertThat(thrown).isInstanceOf(StoreUnavailableException.class);
      assertThat(interrupted).isTrue();
      assertThat(emulator.calls("CreateSecret")).isEqualTo(1);
    }
  }
}
