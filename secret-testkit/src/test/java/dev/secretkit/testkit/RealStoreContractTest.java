package dev.secretkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.ForwardingSecretStore;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.memory.InMemorySecretStoreProvider;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The real-store contract skips, with what to set, where nothing is configured; else cleans up after each test. */
class RealStoreContractTest {
  /** The "service" of the configured fixture: one in-memory store per prefix, outliving each session. */
  static final Map<String, SecretStore> SERVICE = new ConcurrentHashMap<>();

  @Test
  void unconfigured_everyTestIsSkippedWithWhatToSet() {
    EngineExecutionResults results = Fixtures.run(UnconfiguredContract.class);

    assertThat(results.testEvents().failed().count()).isZero();
    assertThat(results.testEvents().succeeded().count()).isZero();
    assertThat(results.testEvents().aborted().list()).isNotEmpty().allSatisfy(event -> assertThat(
        event.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable()
            .orElseThrow()).hasMessageContaining("set FAKE_SERVICE_ADDR"));
  }

  @Test
  void configured_aTestRunsUnderAPrefixOfItsOwn_andDeletesWhatItWrote() {
    SERVICE.clear();

    EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
        .configurationParameter(FixtureCondition.ENABLED, "true")
        .selectors(selectMethod(ConfiguredContract.class, "create_textValues_readBackByteForByte"))
        .execute();

    assertThat(results.testEvents().succeeded().count()).isEqualTo(1);
    assertThat(SERVICE.keySet()).singleElement().asString().matches("secretkit-it/[0-9a-f]{8}");
    assertThat(SERVICE.values()).singleElement()
        .satisfies(service -> assertThat(service.listIds(null, 10).items()).as("what the test wrote").isEmpty());
  }

  /** A real-store run where the environment names no service. */
  @ExtendWith(FixtureCondition.class)
  static final class UnconfiguredContract extends RealStoreContract {
    @Override
    protected Optional<String> missingConfiguration(Map<String, String> environment) {
      return Optional.of("set FAKE_SERVICE_ADDR to run against a fake service");
    }

    @Override
    protected SecretStore openStore(Map<String, String> environment, String prefix) {
      throw new AssertionError("an unconfigured run opens no store");
    }
  }

  /** A real-store run against {@link #SERVICE}. */
  @ExtendWith(FixtureCondition.class)
  static final class ConfiguredContract extends RealStoreContract {
    @Override
    protected Optional<String> missingConfiguration(Map<String, String> environment) {
      return Optional.empty();
    }

    @Override
    protected SecretStore openStore(Map<String, String> environment, String prefix) {
      return new ForwardingSecretStore(SERVICE.computeIfAbsent(prefix, p -> new InMemorySecretStoreProvider().open(
          StoreConfig.parse("memory:", Map.of(), new ManualClock())))) {
        @Override
        public void close() {
          // The service outlives the session.
        }
      };
    }
  }
}
