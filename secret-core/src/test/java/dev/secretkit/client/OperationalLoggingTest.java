package dev.secretkit.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.Manifests;
import dev.secretkit.SecretRef;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.access.Principal;
import dev.secretkit.client.CountingStore.Call;
import dev.secretkit.leakcheck.LogRecords;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.memory.InMemorySecretStoreProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * What the client logs through {@code System.Logger} (which, with no binding, is {@code java.util.logging}): a store
 * opened, at {@code DEBUG}, and stale serves, a {@code WARNING} per failed refresh and a {@code DEBUG} line per serve,
 * each naming the store and the secret and a failure by its class, never a value or a credential, even when the
 * failure's own message holds one.
 */
@ResourceLock("java.util.logging:dev.secretkit")
class OperationalLoggingTest {
  /** Held, so that the level set on it is not lost with a collected logger. */
  private static final Logger SECRETKIT = Logger.getLogger("dev.secretkit");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC);
  private static final Duration TTL = Duration.ofSeconds(60);

  private final String canary = "fake-canary-" + UUID.randomUUID();
  private final LogRecords records = new LogRecords();
  private Level before;

  @BeforeEach
  void capture() {
    before = SECRETKIT.getLevel();
    // DEBUG is JUL's FINE, which the root logger's default INFO drops before any handler sees it.
    SECRETKIT.setLevel(Level.ALL);
    SECRETKIT.addHandler(records);
  }

  @AfterEach
  void release() {
    SECRETKIT.removeHandler(records);
    SECRETKIT.setLevel(before);
    assertThat(records.all()).as("no record holds the canary").noneMatch(text -> text.contains(canary));
  }

  @Test
  void openingAStore_isLoggedAtDebug_withItsTypeAndDescription_andNoCredential() {
    try (SecretStore store = StoreRegistry.builder().build().open("memory:?maxKeys=9",
        Map.of("SECRETKIT_MASTER_KEY", canary), CLOCK)) {
      assertThat(store.description()).isEqualTo("memory:?maxKeys=9");
      assertThat(records.at(Level.FINE, StoreRegistry.class)).containsExactly("opened store memory:?maxKeys=9 (type"
          + " memory, provider dev.secretkit.store.memory.InMemorySecretStoreProvider)");
    }
  }

  @Test
  void aStaleServe_isAWarningPerFailedRefresh_andDebugPerServe_namingTheFailureByClassOnly() {
    ManualTicker ticker = new ManualTicker();
    try (SecretStore raw = new InMemorySecretStoreProvider().open(StoreConfig.parse("memory:", Map.of(), CLOCK));
        SecretClient writer = SecretClient.builder().store(raw).environment(Map.of()).clock(CLOCK).build()) {
      writer.apply(Manifests.secret("pg", "password", canary));
      CountingStore store = new CountingStore(raw);
      try (SecretClient client = SecretClient.builder().store(store).environment(Map.of())
          .principal(Principal.localUser("app")).cache(CachePolicy.defaults().withTtl(TTL)
              .withStaleIfError(Duration.ofMinutes(10))).ticker(ticker).build()) {
        SecretRef password = SecretRef.parse("pg#password");
        client.resolve(password).destroy();
        assertThat(records.at(Level.WARNING, SecretCache.class)).as("a fresh hit logs nothing").isEmpty();
        ticker.advance(TTL);
        store.fail(Call.PROBE, 100, () -> new StoreUnavailableException("memory:", "an outage whose message quotes "
            + canary, false, null, null));

        for (int i = 0; i < 3; i++) {
          client.resolve(password).destroy();
        }
      }
    }

    assertThat(records.at(Level.WARNING, SecretCache.class)).containsExactly("store memory:: refreshing public:pg"
        + " failed (dev.secretkit.StoreUnavailableException, failure 1 in a row); the cached version is served stale"
        + " while the store fails, for at most the cache's staleIfError");
    assertThat(records.at(Level.FINE, SecretCache.class)).hasSize(3).allMatch(line -> line.equals("store memory::"
        + " served public:pg stale: refreshing it failed (dev.secretkit.StoreUnavailableException)"));
  }
}
