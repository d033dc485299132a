package dev.secretkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** The contract kit catches stores that each break one rule, and names the tests that say which. */
class BrokenStoreContractTest {

  @Test
  void contract_storeThatIgnoresRevisions_failsTheStaleWriteTests() {
    EngineExecutionResults results = Fixtures.run(BrokenStores.LosesUpdatesContract.class);

    assertThat(Fixtures.failedTests(results)).contains(
        "update_staleRevision_throwsChangedAndWritesNothing",
        "updateMetadata_staleRevision_throwsChangedAndWritesNothing",
        "delete_staleRevision_throwsChangedAndKeepsTheSecret",
        "revision_neverReusedAfterDeleteAndRecreate",
        "update_concurrentWriters_loseNoUpdate",
        "updateMetadata_concurrentWriters_exactlyOneWinsEachRound");
    assertThat(Fixtures.succeededTests(results)).contains("create_textValues_readBackByteForByte",
        "list_manySecrets_pagesInNameOrder");
  }

  @Test
  void contract_storeThatSharesValueInstances_failsTheFreshCopyTest() {
    EngineExecutionResults results = Fixtures.run(BrokenStores.SharesValuesContract.class);

    assertThat(Fixtures.failedTests(results)).contains("read_returnsFreshCopiesTheCallerMayDestroy");
    assertThat(Fixtures.succeededTests(results)).contains("update_staleRevision_throwsChangedAndWritesNothing");
  }

  @Test
  void contract_storeThatIgnoresItsLimits_failsEveryLimitTest() {
    EngineExecutionResults results = Fixtures.run(BrokenStores.IgnoresLimitsContract.class);

    assertThat(Fixtures.failedTests(results)).contains(
        "create_overValueLimit_isRefusedAndWritesNothing",
        "create_overKeyLimit_isRefusedAndWritesNothing",
        "create_overTotalLimit_isRefusedAndWritesNothing",
        "update_overLimits_isRefusedAndKeepsTheSecret");
    assertThat(Fixtures.succeededTests(results)).contains("create_valueExactlyAtLimit_succeeds",
        "create_keysExactlyAtLimit_succeeds");
  }

  @Test
  void contract_storeThatPutsValuesInMessages_failsOnTheLeakWithoutRepeatingIt() {
    EngineExecutionResults results = Fixtures.run(BrokenStores.LeaksValuesContract.class);

    Set<String> failed = Fixtures.failedTests(results);
    assertThat(failed).contains("create_overValueLimit_isRefusedAndWritesNothing",
        "messagesAndToStrings_neverContainValues");
    Throwable failure = Fixtures.failure(results, "create_overValueLimit_isRefusedAndWritesNothing");
    assertThat(failure).hasMessageContaining("LeakScanner").hasMessageContaining("canary#")
        .hasMessageContaining("a value over the limit").hasMessageNotContaining("canary-");
  }

  @Test
  void contract_storeThatReusesRevisions_failsTheRevisionTest() {
    EngineExecutionResults results = Fixtures.run(BrokenStores.ReusesRevisionsContract.class);

    assertThat(Fixtures.failedTests(results)).contains("revision_neverReusedAfterDeleteAndRecreate");
    assertThat(Fixtures.succeededTests(results)).contains("update_staleRevision_throwsChangedAndWritesNothing");
  }

  @Test
  void fixtures_outsideEngineTestKit_areDisabled() {
    EngineExecutionResults results = org.junit.platform.testkit.engine.EngineTestKit.engine("junit-jupiter")
        .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(
            BrokenStores.LosesUpdatesContract.class))
        .execute();

    assertThat(results.testEvents().failed().count()).isZero();
    assertThat(results.testEvents().started().count()).isZero();
  }
}
