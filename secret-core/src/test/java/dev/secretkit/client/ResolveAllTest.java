package dev.secretkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.InvalidReferenceException;
import dev.secretkit.Manifests;
import dev.secretkit.SecretNotFoundException;
import dev.secretkit.SecretRef;
import dev.secretkit.SecretValue;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.access.Principal;
import dev.secretkit.client.CountingStore.Call;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.memory.InMemorySecretStoreProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link SecretResolver#resolveAll}: each secret read once, in bulk where the store can, else several at once. */
class ResolveAllTest {
  private static final CachePolicy POLICY = CachePolicy.defaults().withJitter(0);

  private final ManualTicker ticker = new ManualTicker();
  private SecretStore raw;
  private CountingStore store;
  private SecretClient writer;

  @BeforeEach
  void open() {
    raw = new InMemorySecretStoreProvider().open(StoreConfig.parse("memory:", Map.of(), Clock.systemUTC()));
    store = new CountingStore(raw);
    writer = SecretClient.builder().store(raw).environment(Map.of()).build();
    writer.apply(Manifests.secret("pg", "password", "fake-pg-password", "username", "fake-pg-user"));
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

  private static Map<String, String> texts(Map<SecretRef, SecretValue> values) {
    Map<String, String> texts = new java.util.LinkedHashMap<>();
    values.forEach((ref, value) -> texts.put(ref.toString(), value.asString()));
    return texts;
  }

  @Test
  void withoutACache_eachSecretIsReadOnce_inOneBulkRead() {
    try (SecretClient client = client(null)) {
      Map<SecretRef, SecretValue> values = client.resolveAll(refs("pg#username", "kafka#token", "pg#password",
          "pg#username"));

      assertThat(texts(values)).containsExactly(Map.entry("pg#username", "fake-pg-user"),
          Map.entry("kafka#token", "fake-kafka-token"), Map.entry("pg#password", "fake-pg-password"));
    }
    assertThat(store.calls(Call.READ_ALL)).isEqualTo(1);
    assertThat(store.total()).isEqualTo(1);
  }

  @Test
  void withACache_missesAreReadInBulk_andHitsCallNothing() {
    try (SecretClient client = client(POLICY)) {
      client.resolve(SecretRef.parse("pg#password")).destroy();
      store.resetCounts();

      assertThat(texts(client.resolveAll(refs("kafka#token", "pg#password")))).containsEntry("kafka#token",
          "fake-kafka-token");
      assertThat(store.total()).as("one cached, one missing: a single read").isEqualTo(1);

      store.resetCounts();
      client.resolveAll(refs("kafka#token", "pg#password", "pg#username"));
      assertThat(store.total()).isZero();

      ticker.advance(POLICY.ttl());
      writer.apply(Manifests.secret("kafka", "token", "fake-kafka-token-2"));
      assertThat(texts(client.resolveAll(refs("kafka#token", "pg#password")))).containsEntry("kafka#token",
          "fake-kafka-token-2");
      assertThat(store.calls(Call.READ_ALL)).isEqualTo(1);
      assertThat(store.total()).isEqualTo(1);
    }
  }

  @Test
  void aStoreWithoutBulkReads_isReadSixteenSecretsAtOnce() {
    List<SecretRef> refs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      writer.apply(Manifests.secret("s" + i, "k", "v" + i));
      refs.add(SecretRef.parse("s" + i + "#k"));
    }
    store.withoutBulkReads().holdReads(new CountDownLatch(16));
    store.resetCounts();
    try (SecretClient client = client(null)) {
      Map<SecretRef, SecretValue> values = client.resolveAll(refs);

      assertThat(values).hasSize(40);
      assertThat(values.get(refs.get(39)).asString()).isEqualTo("v39");
    }
    assertThat(store.calls(Call.READ)).isEqualTo(40);
    assertThat(store.mostConcurrentReads()).isEqualTo(16);
  }

  @Test
  void aMissingSecret_failsTheWholeCall_andAReferenceWithoutAKeyReadsNothing() {
    try (SecretClient client = client(POLICY)) {
      assertThatThrownBy(() -> client.resolveAll(refs("pg#password", "nope#k")))
          .isInstanceOf(SecretNotFoundException.class);
      store.resetCounts();
      assertThatThrownBy(() -> client.resolveAll(refs("pg#password", "kafka")))
          .isInstanceOf(InvalidReferenceException.class);
      assertThat(store.total()).isZero();
    }
  }

  @Test
  void aTransientBulkFailure_isRememberedOnEverySecret_andServedStaleWhereItCan() {
    try (SecretClient client = client(POLICY)) {
      client.resolve(SecretRef.parse("pg#password")).destroy();
      ticker.advance(POLICY.ttl());
      store.fail(Call.READ_ALL, 1, () -> new StoreUnavailableException("memory:", "injected", false, null, null));
      store.resetCounts();

      assertThatThrownBy(() -> client.resolveAll(refs("pg#password", "kafka#token")))
          .isInstanceOf(StoreUnavailableException.class);
      assertThat(store.total()).as("one bulk read, then the failure remembered for both").isEqualTo(1);
      assertThat(client.lookup(SecretRef.parse("pg#password")).stale()).isTrue();
      assertThat(store.total()).isEqualTo(1);

      ticker.advance(Duration.ofMinutes(2));
      assertThat(client.resolveAll(refs("pg#password", "kafka#token"))).hasSize(2);
    }
  }
}
