package dev.secretkit.backend.gcp;

import dev.secretkit.emulator.gcp.GcpSecretManagerEmulator;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.testkit.ManualClock;
import dev.secretkit.testkit.SecretStoreContract;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract on an implementation of the API without version aliases or etags, such as the independent Go
 * emulators ({@link WithoutAliasesOrEtags} makes the emulator behave like one): the store commits through its
 * annotation there, and everything holds but what needs a compare-and-set, which such an implementation cannot give:
 * the contract's six races are left out, since racing writers may overwrite each other there (the README says so).
 */
class GcpWithoutAliasesContractTest extends SecretStoreContract {
  private static final Set<String> RACES = Set.of("update_concurrentWriters_loseNoUpdate",
      "updateMetadata_concurrentWriters_exactlyOneWinsEachRound",
      "delete_racingUpdateMetadata_exactlyOneWinsNeverAThirdState",
      "delete_racingUpdate_exactlyOneWinsNeverAThirdState",
      "clientGrantAndRevoke_concurrentPrincipals_loseNoGrantAndKeepNoRevokedOne",
      "clientApply_concurrentWriters_versionsMatchSuccesses");
  private static final AtomicInteger TESTS = new AtomicInteger();
  private static GcpSecretManagerEmulator emulator;

  @RegisterExtension
  static final ExecutionCondition NO_RACES = context -> context.getTestMethod()
      .filter(method -> RACES.contains(method.getName()))
      .map(method -> ConditionEvaluationResult.disabled("no etags, so no compare-and-set to win a race with"))
      .orElse(ConditionEvaluationResult.enabled("needs no compare-and-set"));

  private String prefix;

  @BeforeAll
  static void startEmulator() {
    emulator = new GcpSecretManagerEmulator(new ManualClock()).start();
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  @Override
  protected SecretStore openStore() {
    if (prefix == null) {
      prefix = "lite" + TESTS.incrementAndGet() + "-";
    }
    return new GcpSecretManagerStoreProvider(() -> new WithoutAliasesOrEtags(emulator.openChannel()),
        TestStores.noWait(), () -> 0.5).open(StoreConfig.parse(TestStores.uri("in-process:1", prefix, ""), Map.of(),
        new ManualClock()));
  }

  @Override
  protected SecretStore reopenStore() {
    return openStore();
  }
}
