package dev.secretkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.InvalidReferenceException;
import dev.secretkit.Manifests;
import dev.secretkit.SecretNotFoundException;
import dev.secretkit.SecretRef;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.access.Principal;
import dev.secretkit.client.CountingStore.Call;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.memory.InMemorySecretStoreProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SecretResolver#resolveSecrets}: every key of each secret, from one version, each secret read once. */
class ResolveSecretsTest {
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

  private SecretClient client(CachePolicy policy, String principal) {
    SecretClientBuilder builder = SecretClient.builder().store(store).environment(Map.of())
        .principal(principal == null ? Principal.localUser("app") : Principal.of(principal)).ticker(ticker);
    return (policy == null ? builder : builder.cache(policy)).build();
  }

  private static List<SecretRef> refs(String... texts) {
    return List.of(texts).stream().map(SecretRef::parse).toList();
  }

  private static Map<String, String> texts(SecretSnapshot snapshot) {
    Map<String, String> texts = new TreeMap<>();
    snapshot.values().forEach((key, value) -> texts.put(key, value.asString()));
    return texts;
  }

  @Test
  void withoutACache_everyKeyOfEachSecretComesBack_fromOneBulkRead() {
    try (SecretClient client = client(null, null)) {
      Map<SecretRef, SecretSnapshot> snapshots = client.resolveSecrets(refs("pg", "kafka", "pg"));

      assertThat(snapshots.keySet()).extracting(SecretRef::toString).containsExactly("pg", "kafka");
      SecretSnapshot pg = snapshots.get(SecretRef.parse("pg"));
      assertThat(texts(pg)).containsExactly(Map.entry("password", "fake-pg-password"),
          Map.entry("username", "fake-pg-user"));
      assertThat(pg.id().toString()).isEqualTo("public:pg");
      assertThat(pg.version()).isEqualTo(1);
      assertThat(pg.stale()).isFalse();
      assertThat(pg.toString()).contains("password", "username").doesNotContain("fake-pg");
    }
    assertThat(store.calls(Call.READ_ALL)).isEqualTo(1);
    assertThat(store.total()).isEqualTo(1);
  }

  @Test
  void withACache_hitsCallNothing_andTheCallerOwnsItsCopies() {
    try (SecretClient client = client(POLICY, null)) {
      client.resolveSecrets(refs("pg", "kafka")).values().forEach(SecretSnapshot::destroy);
      store.resetCounts();

      SecretSnapshot pg = client.resolveSecrets(refs("pg")).get(SecretRef.parse("pg"));
      pg.destroy();

      assertThat(store.total()).isZero();
      assertThat(pg.values().get("password").isDestroyed()).isTrue();
      assertThat(client.resolve("pg#password").asString()).isEqualTo("fake-pg-password");
    }
  }

  @Test
  void everySnapshot_holdsBothKeysOfOneVersion_whileAWriterChangesThem() throws Exception {
    writer.apply(Manifests.secret("pair", "left", "0", "right", "0"));
    AtomicBoolean done = new AtomicBoolean();
    Thread writing = new Thread(() -> {
      for (int i = 1; i <= 300; i++) {
        writer.apply(Manifests.secret("pair", "left", String.valueOf(i), "right", String.valueOf(i)));
      }
      done.set(true);
    });
    List<String> mixed = new ArrayList<>();
    int renders = 0;
    try (SecretClient cached = client(POLICY, null); SecretClient uncached = client(null, null)) {
      writing.start();
      while (!done.get() || renders < 50) {
        for (SecretClient client : List.of(cached, uncached)) {
          SecretSnapshot pair = client.resolveSecrets(refs("pair")).get(SecretRef.parse("pair"));
          Map<String, String> values = texts(pair);
          if (!values.get("left").equals(values.get("right"))
              || !values.get("left").equals(String.valueOf(pair.version() - 1))) {
            mixed.add(values + " at version " + pair.version());
          }
          pair.destroy();
        }
        ticker.advance(POLICY.ttl());
        renders++;
      }
      writing.join();
    }
    assertThat(mixed).isEmpty();
  }

  @Test
  void aPinnedVersion_comesBackAsItWas() {
    writer.apply(Manifests.secret("pg", "password", "fake-pg-password-2", "username", "fake-pg-user"));
    try (SecretClient client = client(POLICY, null)) {
      Map<SecretRef, SecretSnapshot> snapshots = client.resolveSecrets(refs("pg@1", "pg"));

      assertThat(texts(snapshots.get(SecretRef.parse("pg@1")))).containsEntry("password", "fake-pg-password");
      assertThat(snapshots.get(SecretRef.parse("pg@1")).version()).isEqualTo(1);
      assertThat(texts(snapshots.get(SecretRef.parse("pg")))).containsEntry("password", "fake-pg-password-2");
      assertThat(snapshots.get(SecretRef.parse("pg")).version()).isEqualTo(2);
    }
  }

  @Test
  void keysFromFiles_comeWithTheirFileNames(@TempDir Path directory) throws Exception {
    Files.writeString(directory.resolve("gsheets-secrets.json"), "{\"fake\": true}");
    Path manifest = directory.resolve("gsheets.yaml");
    Files.writeString(manifest, """
        name: gsheets
        version: v1
        type: secret
        secret:
          type: key-value-properties
          acl: r
          data:
            project: fake-project
          files:
            credentials: gsheets-secrets.json
        """);
    writer.apply(manifest);
    try (SecretClient client = client(null, null)) {
      SecretSnapshot gsheets = client.resolveSecrets(refs("gsheets")).get(SecretRef.parse("gsheets"));

      assertThat(gsheets.fileNames()).containsExactly(Map.entry("credentials", "gsheets-secrets.json"));
      assertThat(texts(gsheets)).containsEntry("credentials", "{\"fake\": true}");
    }
  }

  @Test
  void aReferenceToAKey_isRefused_beforeAnythingIsRead() {
    try (SecretClient client = client(null, null)) {
      assertThatThrownBy(() -> client.resolveSecrets(refs("pg", "kafka#token")))
          .isInstanceOf(InvalidReferenceException.class).hasMessageContaining("names a key");
    }
    assertThat(store.total()).isZero();
  }

  @Test
  void aMissingSecret_failsTheWholeCall_andDestroysWhatWasCopied() {
    try (SecretClient client = client(POLICY, null)) {
      assertThatThrownBy(() -> client.resolveSecrets(refs("pg", "nope")))
          .isInstanceOf(SecretNotFoundException.class).hasMessageContaining("nope");
    }
  }

  @Test
  void aSecretThePrincipalMayNotUse_isDenied_evenWhenCached() {
    try (SecretClient owner = client(POLICY, null); SecretClient stranger = client(POLICY, "user:stranger")) {
      owner.resolveSecrets(refs("pg")).values().forEach(SecretSnapshot::destroy);

      assertThatThrownBy(() -> stranger.resolveSecrets(refs("pg", "kafka")))
          .isInstanceOf(AccessDeniedException.class).hasMessageContaining("pg");
    }
  }

  @Test
  void duringAnOutage_aCachedSecretIsServedStale_andSaysSo() {
    try (SecretClient client = client(POLICY, null)) {
      client.resolveSecrets(refs("pg")).values().forEach(SecretSnapshot::destroy);
      ticker.advance(POLICY.ttl());
      store.fail(Call.PROBE, 1, () -> new StoreUnavailableException("memory:", "injected", false, null, null));

      SecretSnapshot pg = client.resolveSecrets(refs("pg")).get(SecretRef.parse("pg"));

      assertThat(pg.stale()).isTrue();
      assertThat(pg.failure()).containsInstanceOf(StoreUnavailableException.class);
      assertThat(texts(pg)).containsEntry("password", "fake-pg-password");
      assertThat(pg.toString()).contains("stale after StoreUnavailableException");
    }
  }

  @Test
  void aClosedClient_refuses() {
    SecretClient client = client(null, null);
    client.close();
    assertThatThrownBy(() -> client.resolveSecrets(refs("pg"))).isInstanceOf(IllegalStateException.class);
  }
}
