package dev.secretkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.memory.InMemorySecretStoreProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link SecretResolver#watch}: a listener hears a real change of values, by key name, and nothing else. */
class WatchTest {
  private static final Duration TTL = Duration.ofMinutes(1);
  private static final SecretId PG = SecretId.of("public", "pg");

  private final String canary = "canary-" + UUID.randomUUID();
  private final ManualTicker ticker = new ManualTicker();
  private final List<SecretChange> changes = new ArrayList<>();
  private final List<SecretException> failures = new ArrayList<>();
  private final SecretListener listener = new SecretListener() {
    @Override
    public void changed(SecretChange change) {
      changes.add(change);
    }

    @Override
    public void failed(SecretException error) {
      failures.add(error);
    }
  };
  private SecretStore raw;
  private CountingStore store;
  private SecretClient writer;
  private DefaultSecretClient client;

  @BeforeEach
  void open() {
    raw = new InMemorySecretStoreProvider().open(StoreConfig.parse("memory:", Map.of(), Clock.systemUTC()));
    store = new CountingStore(raw);
    writer = SecretClient.builder().store(raw).environment(Map.of()).build();
    writer.apply(Manifests.secret("pg", "password", canary, "username", "fake-user"));
    client = client(CachePolicy.defaults().withTtl(TTL), Principal.localUser("app"));
  }

  @AfterEach
  void close() {
    client.close();
    writer.close();
    raw.close();
    assertThat(changes.toString()).doesNotContain(canary);
  }

  private DefaultSecretClient client(CachePolicy policy, Principal principal) {
    SecretClientBuilder builder = SecretClient.builder().store(store).environment(Map.of()).principal(principal)
        .ticker(ticker);
    return (DefaultSecretClient) (policy == null ? builder : builder.cache(policy)).build();
  }

  private void aTtlPasses() {
    ticker.advance(TTL);
    client.pollWatches();
  }

  @Test
  void aChangeOfValues_isHeardOnce_byKeyName_andAnUnchangedSecretCostsOneProbeALook() {
    client.watch(SecretRef.parse("pg"), listener);
    store.resetCounts();

    aTtlPasses();
    aTtlPasses();
    assertThat(changes).isEmpty();
    assertThat(store.calls(Call.PROBE)).isEqualTo(2);
    assertThat(store.total()).isEqualTo(2);

    writer.apply(Manifests.secret("pg", "password", canary + "-2", "username", "fake-user", "host", "db"));
    client.pollWatches();
    assertThat(changes).as("before the TTL").isEmpty();
    aTtlPasses();
    aTtlPasses();

    assertThat(changes).containsExactly(new SecretChange(PG, 2, java.util.Set.of("password", "host")));
  }

  @Test
  void aWatchOfOneKey_hearsOnlyThatKey() {
    client.watch(SecretRef.parse("pg#username"), listener);

    writer.apply(Manifests.secret("pg", "password", canary + "-2", "username", "fake-user"));
    aTtlPasses();
    assertThat(changes).isEmpty();

    writer.apply(Manifests.secret("pg", "password", canary + "-2", "username", "fake-user-2"));
    aTtlPasses();
    assertThat(changes).extracting(SecretChange::changedKeys).containsExactly(java.util.Set.of("username"));
  }

  @Test
  void aMetadataChange_orATtlAlone_isNotAChange() {
    client.watch(SecretRef.parse("pg"), listener);

    writer.grant(PG, "bob", Permission.CAN_USE);
    aTtlPasses();
    aTtlPasses();

    assertThat(changes).isEmpty();
    assertThat(failures).isEmpty();
  }

  @Test
  void aDeletion_isAFailureOnce_andTheSecretComingBackIsAChangeOfEveryKey() {
    client.watch(SecretRef.parse("pg"), listener);

    writer.delete(PG, true);
    aTtlPasses();
    ticker.advance(Duration.ofMinutes(5));
    aTtlPasses();
    assertThat(failures).hasSize(1).first().isInstanceOf(SecretNotFoundException.class);

    writer.apply(Manifests.secret("pg", "password", canary, "username", "fake-user"));
    aTtlPasses();
    assertThat(changes).extracting(SecretChange::changedKeys)
        .containsExactly(java.util.Set.of("password", "username"));
  }

  @Test
  void aTransientOutage_servedStale_isNeitherAChangeNorAFailure() {
    client.watch(SecretRef.parse("pg"), listener);
    store.fail(Call.PROBE, 1, () -> new StoreUnavailableException("memory:", "injected", false, null, null));

    aTtlPasses();

    assertThat(changes).isEmpty();
    assertThat(failures).isEmpty();
  }

  @Test
  void aRevokedGrant_isAFailure() {
    writer.grant(PG, "bob", Permission.CAN_USE);
    client.close();
    client = client(CachePolicy.defaults().withTtl(TTL), Principal.of("bob", Role.DATA_DEVELOPER));
    client.watch(SecretRef.parse("pg"), listener);

    writer.revoke(PG, "bob", Permission.CAN_USE);
    aTtlPasses();

    assertThat(failures).hasSize(1).first().isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void aClosedWatch_isNotCalled_andAWatchWorksWithoutACachePolicy() {
    client.close();
    client = client(null, Principal.localUser("app"));
    SecretWatch watch = client.watch(SecretRef.parse("pg"), listener);
    writer.apply(Manifests.secret("pg", "password", canary + "-2", "username", "fake-user"));
    aTtlPasses();
    assertThat(changes).hasSize(1);

    watch.close();
    watch.close();
    writer.apply(Manifests.secret("pg", "password", canary + "-3", "username", "fake-user"));
    aTtlPasses();
    assertThat(changes).hasSize(1);
  }

  @Test
  void aWatch_ofAPinnedVersion_orOfAMissingSecret_isRefused() {
    assertThatThrownBy(() -> client.watch(SecretRef.parse("pg@1"), listener))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.watch(SecretRef.parse("nope"), listener))
        .isInstanceOf(SecretNotFoundException.class);
  }

  @Test
  void aListenerThatThrows_doesNotStopTheWatch() {
    client.watch(SecretRef.parse("pg"), change -> {
      changes.add(change);
      throw new IllegalStateException("listener bug");
    });

    writer.apply(Manifests.secret("pg", "password", canary + "-2", "username", "fake-user"));
    aTtlPasses();
    writer.apply(Manifests.secret("pg", "password", canary + "-3", "username", "fake-user"));
    aTtlPasses();

    assertThat(changes).hasSize(2);
  }
}
