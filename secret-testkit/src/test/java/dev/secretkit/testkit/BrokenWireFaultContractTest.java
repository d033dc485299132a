package dev.secretkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.SecretId;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.spi.ForwardingSecretStore;
import dev.secretkit.spi.SecretStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** The wire-fault contract catches a store that reports a write done when its backend call failed. */
class BrokenWireFaultContractTest {

  @Test
  void contract_storeThatSwallowsAFailedDelete_failsTheDeleteTestOnly() {
    EngineExecutionResults results = Fixtures.run(SwallowsFailedDeletesContract.class);

    assertThat(Fixtures.failedTests(results)).containsExactly("delete_anyCallFails_leavesTheSecretOrNothing");
    assertThat(Fixtures.failure(results, "delete_anyCallFails_leavesTheSecretOrNothing"))
        .hasMessageContaining("returned normally, so it is written");
    assertThat(Fixtures.succeededTests(results)).contains("create_anyCallFails_leavesNothingOrTheSecret",
        "revoke_anyCallFails_leavesTheOldOrTheNewGrants");
  }

  /** The contract against a store whose delete returns normally when its call failed. */
  @ExtendWith(FixtureCondition.class)
  static final class SwallowsFailedDeletesContract extends InMemoryWireFaultTest {
    @Override
    SecretStore onTheWire(FaultInjectingStore store) {
      return new ForwardingSecretStore(store) {
        @Override
        public void delete(SecretId id, String expectedRevision) {
          try {
            super.delete(id, expectedRevision);
          } catch (StoreUnavailableException quietly) {
            // The broken part: the caller is told the secret is gone.
          }
        }
      };
    }
  }
}
