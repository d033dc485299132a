package dev.secretkit.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.Manifests;
import dev.secretkit.SecretRef;
import dev.secretkit.access.Principal;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.memory.InMemorySecretStoreProvider;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Acceptance audit of issue 15: what {@link SecretResolver#resolveSecrets} promises about reads and
 * the cache, which no other test held when a planted defect broke it.
 */
class ResolveSecretsAuditTest {
  private final ManualTicker ticker = new ManualTicker();
  private SecretStore raw;
  private CountingStore store;
  private SecretClient writer;

  @BeforeEach
  void open() {
    raw = new InMemorySecretStoreProvider().open(StoreConfig.parse("memory:", Map.of(), Clock.systemUTC()));
    store = new CountingStore(raw);
    writer = SecretClient.builder().store(raw).environment(Map.of()).build();
    writer.apply(Manifests.secret("pg", "password", "fake-pg-password"));
    writer.apply(Manifests.secret("kafka", "token", "fake-kafka-token"));
  }

  @AfterEach
  void close() {
    writer.close();
    raw.close();
  }

  private SecretClient client(CachePolicy policy) {
    SecretClientBuilder builder = SecretClient.builder().store(store).environment(Map.of())
        .principal(Principal.localUser("app")).ticker(ticker);
    return (policy == null ? builder : builder.cache(policy)).build();
  }

  private static List<SecretRef> refs(String... texts) {
    return List.of(texts).stream().map(SecretRef::parse).toList();
  }

  /** pg and public:pg are one secret: one read serves both references, from one version. */
  @Test
  void aSecretNamedTwoWays_isReadOnce() {
    try (SecretClient client = client(null)) {
      Map<SecretRef, SecretSnapshot> snapshots = client.resolveSecrets(refs("pg", "public:pg", "kafka"));

      assertThat(snapshots).hasSize(3);
      snapshots.values().forEach(SecretSnapshot::destroy);
    }
    assertThat(store.total()).as("store calls for two secrets, one of them named twice").isEqualTo(1);
  }

  /** A call for more secrets than the cache holds reads each once, and evicts nothing the cache held. */
  @Test
  void aCallForMoreSecretsThanTheCacheHolds_readsEachOnce_andEvictsNothing() {
    try (SecretClient client = client(CachePolicy.defaults().withJitter(0).withMaxEntries(1))) {
      assertThat(client.resolve("pg#password").asString()).isEqualTo("fake-pg-password");
      store.resetCounts();

      client.resolveSecrets(refs("kafka", "pg")).values().forEach(SecretSnapshot::destroy);
      assertThat(store.total()).as("store calls of a call for two secrets").isEqualTo(1);
      store.resetCounts();

      assertThat(client.resolve("pg#password").asString()).isEqualTo("fake-pg-password");
      assertThat(store.total()).as("store calls for pg, which the cache held before the call").isZero();
    }
  }
}
