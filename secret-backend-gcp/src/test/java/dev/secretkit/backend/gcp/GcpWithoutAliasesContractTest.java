package dev.secretkit.backend.gcp;

import dev.secretkit.emulator.gcp.GcpSecretManagerEmulator;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import java.util.Set;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract on an implementation of the API without version aliases or etags, such as the independent Go
 * emulators ({@link WithoutAliasesOrEtags} makes the emulator behave like one): the store commits through its
 * annotation there, and everything holds but what needs a compare-and-set, which such an implementation cannot give:
 * the contract's six races are left out, since racing writers may overwrite each other there (the README says so).
 * Each test gets its own emulator, as in {@link GcpStoreContractTest}.
 */
class GcpWithoutAliasesContractTest extends GcpStoreContractTest {
  private static final Set<String> RACES = Set.of("update_concurrentWriters_loseNoUpdate",
      "updateMetadata_concurrentWriters_exactlyOneWinsEachRound",
      "delete_racingUpdateMetadata_exactlyOneWinsNeverAThirdState",
      "delete_racingUpdate_exactlyOneWinsNeverAThirdState",
      "clientGrantAndRevoke_concurrentPrincipals_loseNoGrantAndKeepNoRevokedOne",
      "clientApply_concurrentWriters_versionsMatchSuccesses");

  @RegisterExtension
  static final ExecutionCondition NO_RACES = context -> context.getTestMethod()
      .filter(method -> RACES.contains(method.getName()))
      .map(method -> ConditionEvaluationResult.disabled("no etags, so no compare-and-set to win a race with"))
      .orElse(ConditionEvaluationResult.enabled("needs no compare-and-set"));

  /** Takes the test's own emulator. */
  GcpWithoutAliasesContractTest(GcpSecretManagerEmulator emulator) {
    super(emulator);
  }

  @Override
  String prefix() {
    return "lite-";
  }

  @Override
  protected SecretStore openStore() {
    return TestStores.openWithoutAliases(emulator, prefix(), "", new ManualClock());
  }
}
