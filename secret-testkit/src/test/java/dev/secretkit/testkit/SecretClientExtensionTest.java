package dev.secretkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.ApplyResult;
import dev.secretkit.SecretFilter;
import dev.secretkit.SecretId;
import dev.secretkit.SecretValue;
import dev.secretkit.client.SecretClient;
import dev.secretkit.manifest.SecretManifest;
import dev.secretkit.manifest.SecretSection;
import dev.secretkit.spi.SecretStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;

@ExtendWith(SecretClientExtension.class)
class SecretClientExtensionTest {
  private SecretClient clientBefore;
  private ManualClock clockBefore;

  @BeforeEach
  void remember(SecretClient client, ManualClock clock) {
    clientBefore = client;
    clockBefore = clock;
  }

  @Test
  void resolve_inBeforeEachAndTest_givesTheSameInstances(SecretClient client, ManualClock clock, SecretStore store) {
    assertThat(client).isSameAs(clientBefore);
    assertThat(clock).isSameAs(clockBefore);
    assertThat(client.store()).isEqualTo(store.description()).isEqualTo("memory:");
  }

  @Test
  void client_defaults_localTestUserInPublicScope(SecretClient client, ManualClock clock) {
    assertThat(client.principal().id()).isEqualTo(SecretClientExtension.DEFAULT_PRINCIPAL);
    assertThat(client.principal().unrestricted()).isTrue();
    assertThat(client.defaultScope()).isEqualTo("public");
    assertThat(clock.instant()).isEqualTo(Instant.parse(ManualClock.DEFAULT_START_TEXT));
  }

  @Test
  void client_usesTheManualClock(SecretClient client, ManualClock clock) {
    client.apply(manifest("db", "first"));
    clock.advance(Duration.ofHours(1));
    ApplyResult updated = client.apply(manifest("db", "second"));

    assertThat(updated.version()).isEqualTo(2);
    assertThat(client.versions(SecretId.of("public", "db"))).extracting(v -> v.createdAt())
        .containsExactly(Instant.parse(ManualClock.DEFAULT_START_TEXT), clock.instant());
  }

  @Test
  void store_eachTest_startsEmpty(SecretClient client) {
    assertThat(client.list("public", SecretFilter.ALL)).isEmpty();
    client.apply(manifest("db", "value"));
  }

  @Test
  void store_eachOtherTest_startsEmptyToo(SecretClient client) {
    assertThat(client.list("public", SecretFilter.ALL)).isEmpty();
    client.apply(manifest("db", "value"));
  }

  @Test
  void extension_afterTheTest_closesTheStore() {
    EngineExecutionResults results = Fixtures.run(RemembersItsStore.class);

    assertThat(results.testEvents().succeeded().count()).isEqualTo(1);
    SecretStore store = RemembersItsStore.STORE.get();
    assertThat(store).isNotNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.read(SecretId.of("public", "db")))
        .isInstanceOf(IllegalStateException.class);
  }

  static SecretManifest manifest(String name, String value) {
    return new SecretManifest(name, "v1", SecretManifest.TYPE_SECRET, List.of(), null, null, null, null,
        new SecretSection("key-value", "r", Map.of("password", SecretValue.ofString(value)), Map.of()));
  }

  /** Hands its store out, so the test above can check the extension closed it. */
  @ExtendWith({FixtureCondition.class, SecretClientExtension.class})
  static final class RemembersItsStore {
    static final AtomicReference<SecretStore> STORE = new AtomicReference<>();

    @Test
    void remember(SecretStore store, SecretClient client) {
      client.apply(manifest("db", "value"));
      STORE.set(store);
    }
  }
}
