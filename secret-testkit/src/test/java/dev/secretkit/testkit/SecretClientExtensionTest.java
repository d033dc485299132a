package dev.secretkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.ApplyResult;
import dev.secretkit.SecretFilter;
import dev.secretkit.SecretId;
import dev.secretkit.SecretValue;
import dev.secretkit.client.SecretClient;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.manifest.SecretManifest;
import dev.secretkit.manifest.SecretSection;
import dev.secretkit.spi.SecretStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
    assertThatThrownBy(() -> store.read(SecretId.of("public", "db")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void extension_constructorParameter_eachTestGetsItsOwnEmptyStore_closedAfterIt() {
    EngineExecutionResults results = Fixtures.run(ByConstructor.class);

    assertThat(Fixtures.failedTests(results)).as("tests that saw the other's secret").isEmpty();
    assertThat(Fixtures.succeededTests(results)).containsExactly("first", "second");
    assertThat(ByConstructor.STORES).as("the javadoc: the next test gets new ones").hasSize(2)
        .doesNotHaveDuplicates();
    assertClosed(ByConstructor.STORES);
  }

  @Test
  void extension_beforeAll_sharesOneStoreAcrossTheClass_closedAfterIt() {
    assertOneStoreForTheClass(SharedByClass.class, SharedByClass.STORES);
  }

  @Test
  void extension_constructorParameterOfAPerClassInstance_sharesOneStoreAcrossTheClass_closedAfterIt() {
    assertOneStoreForTheClass(PerClassByConstructor.class, PerClassByConstructor.STORES);
  }

  /** Runs {@code fixture} and checks that its class-wide store and both tests' were one, closed at the end. */
  private static void assertOneStoreForTheClass(Class<? extends RecordsItsStores> fixture, List<SecretStore> stores) {
    EngineExecutionResults results = Fixtures.run(fixture);

    assertThat(Fixtures.succeededTests(results)).containsExactly("first", "second");
    assertThat(stores).hasSize(3).containsOnly(stores.get(0));
    assertClosed(stores);
  }

  private static void assertClosed(List<SecretStore> stores) {
    for (SecretStore store : stores) {
      assertThatThrownBy(() -> store.read(SecretId.of("public", "db")))
          .isInstanceOf(IllegalStateException.class);
    }
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

  /**
   * Takes the client in its constructor, as JUnit 5 allows; a new instance is made for each test,
   * and each test finds the store empty though the other wrote to its own.
   */
  @ExtendWith({FixtureCondition.class, SecretClientExtension.class})
  static final class ByConstructor {
    static final List<SecretStore> STORES = new CopyOnWriteArrayList<>();

    private final SecretClient client;

    ByConstructor(SecretClient client, SecretStore store) {
      this.client = client;
      STORES.add(store);
    }

    @Test
    void first() {
      assertThat(client.list("public", SecretFilter.ALL)).isEmpty();
      client.apply(manifest("db", "first"));
    }

    @Test
    void second() {
      assertThat(client.list("public", SecretFilter.ALL)).isEmpty();
      client.apply(manifest("db", "second"));
    }
  }

  /** Records the store each of its two tests gets, for the classes below that share one across the class. */
  abstract static class RecordsItsStores {
    @Test
    void first(SecretStore store) {
      stores().add(store);
    }

    @Test
    void second(SecretStore store) {
      stores().add(store);
    }

    abstract List<SecretStore> stores();
  }

  /** A class whose @BeforeAll takes the store, so every test shares it. */
  @ExtendWith({FixtureCondition.class, SecretClientExtension.class})
  static final class SharedByClass extends RecordsItsStores {
    static final List<SecretStore> STORES = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start(SecretStore store) {
      STORES.add(store);
    }

    @Override
    List<SecretStore> stores() {
      return STORES;
    }
  }

  /** One instance for the whole class, so its constructor's store is the class's, as a @BeforeAll's is. */
  @ExtendWith({FixtureCondition.class, SecretClientExtension.class})
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static final class PerClassByConstructor extends RecordsItsStores {
    static final List<SecretStore> STORES = new CopyOnWriteArrayList<>();

    PerClassByConstructor(SecretStore store) {
      STORES.add(store);
    }

    @Override
    List<SecretStore> stores() {
      return STORES;
    }
  }
}
