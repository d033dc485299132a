package dev.secretkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.ConflictException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.spi.ForwardingSecretStore;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** The fault soak catches a store that serves one secret's values for another, and one that drops writes. */
class BrokenFaultSoakContractTest {
  private static final String SOAK = "soak_mixedOperationsUnderFaults_serveNoWrongValueAndLoseNoWrite";

  @Test
  void soak_storeThatServesAnotherSecretsValues_failsOnWrongValues() {
    EngineExecutionResults results = Fixtures.run(ServesAnotherSecretContract.class);

    assertThat(Fixtures.failedTests(results)).containsExactly(SOAK);
    assertThat(Fixtures.failure(results, SOAK)).hasMessageContaining("wrong values:")
        .hasMessageContaining("a value no write to it made");
  }

  @Test
  void soak_storeThatAcknowledgesWritesItNeverMakes_failsOnLostWrites() {
    EngineExecutionResults results = Fixtures.run(DropsUpdatesContract.class);

    assertThat(Fixtures.failedTests(results)).containsExactly(SOAK);
    assertThat(Fixtures.failure(results, SOAK)).hasMessageContaining("lost writes:")
        .hasMessageContaining("that came after it returned normally");
  }

  /** The soak against a store whose reads of any secret return the first secret. */
  @ExtendWith(FixtureCondition.class)
  static final class ServesAnotherSecretContract extends InMemoryFaultSoakTest {
    @Override
    SecretStore inFront(FaultInjectingStore injector) {
      return new ForwardingSecretStore(injector) {
        @Override
        public Optional<StoredSecret> read(SecretId id) {
          return super.read(SecretId.of(id.scope(), "soak-0"));
        }
      };
    }
  }

  /** The soak against a store whose updates return the secret as it was and whose deletes return, doing nothing. */
  @ExtendWith(FixtureCondition.class)
  static final class DropsUpdatesContract extends InMemoryFaultSoakTest {
    @Override
    SecretStore inFront(FaultInjectingStore injector) {
      return new ForwardingSecretStore(injector) {
        @Override
        public StoredSecret update(SecretId id, String expectedRevision, SecretMetadata metadata,
            Map<String, SecretValue> values) {
          return super.read(id).orElseThrow(() -> ConflictException.changed(id, description()));
        }

        @Override
        public void delete(SecretId id, String expectedRevision) {
          // The broken part: the caller is told the secret is gone.
        }
      };
    }
  }
}
