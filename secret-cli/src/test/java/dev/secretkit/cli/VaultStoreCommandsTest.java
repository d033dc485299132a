package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.emulator.vault.TokenSpec;
import dev.secretkit.emulator.vault.VaultEmulator;
import dev.secretkit.emulator.vault.VaultOperation;
import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * secretctl on {@code vault} against the Vault emulator, in-process: old versions resolve, a grant
 * changes who may resolve, a token in the store URI is refused without being echoed, and a sealed
 * Vault and a policy refusal get their exit codes and say why. VaultStoreProcessIT runs the store
 * through the packaged jar. A planted canary is never printed where no value was asked for.
 */
@ExtendWith(LeakScanner.class)
class VaultStoreCommandsTest {
  @TempDir
  Path home;

  private VaultEmulator vault;
  private String store;
  private Canaries canaries;
  private final ScannedRuns runs = new ScannedRuns();

  @BeforeEach
  void start(Canaries planted) {
    canaries = planted;
    vault = new VaultEmulator(new ManualClock()).start();
    store = "vault://127.0.0.1:" + vault.address().getPort() + "/secret?tls=false&maxAttempts=1";
  }

  @AfterEach
  void stop() {
    vault.close();
    runs.assertNothingLeaked(canaries);
  }

  private CliRun secretctl(String... args) {
    return secretctlWithToken(vault.rootToken(), args);
  }

  private CliRun secretctlWithToken(String token, String... args) {
    return runs.scanned(CliRun.secretctl(Map.of("HOME", home.toString(), "USER", "tester", "VAULT_TOKEN", token),
        args));
  }

  /** Runs {@code resolve}, whose stdout is the value asked for and so is not scanned. */
  private CliRun resolve(String... args) {
    List<String> command = new ArrayList<>(List.of("resolve"));
    command.addAll(List.of(args));
    return runs.revealing(CliRun.secretctl(Map.of("HOME", home.toString(), "USER", "tester", "VAULT_TOKEN",
        vault.rootToken()), command.toArray(String[]::new)));
  }

  @Test
  void anOldVersionResolves_andAGrantChangesWhoMayResolve() throws IOException {
    String first = canaries.plant();
    String second = canaries.plant();
    assertThat(secretctl("apply", "-f", PgManifest.write(home, first).toString(), "--store", store).exitCode())
        .isZero();
    assertThat(secretctl("apply", "-f", PgManifest.write(home, second).toString(), "--store", store).out())
        .isEqualTo("updated public:pg-r (secret v1, version 2)\n");

    assertThat(resolve("pg-r#password@1", "--store", store).out()).isEqualTo(first);
    assertThat(resolve("pg-r#password", "--store", store).out()).isEqualTo(second);
    CliRun denied = resolve("pg-r#password", "--principal", "carol", "--store", store);
    assertThat(denied.exitCode()).isEqualTo(Failures.ACCESS_DENIED);
    assertThat(denied.err()).startsWith("secretctl resolve: access denied: carol (no roles) may not use secret"
        + " public:pg-r");
    assertThat(secretctl("grant", "-n", "pg-r", "--to", "carol", "--permission", "can-use", "--store", store).out())
        .isEqualTo("granted can-use on public:pg-r to carol\n");
    assertThat(resolve("pg-r#password", "--principal", "carol", "--store", store).out()).isEqualTo(second);
  }

  @Test
  void aTokenInTheUri_isRefused_withoutEchoingIt() {
    String token = canaries.plant("hvs.fake");

    CliRun get = secretctl("get", "--store", store + "&token=" + token);

    assertThat(get.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(get.err()).contains("token would put a credential in the store URI").contains("set VAULT_TOKEN");
    assertThat(vault.totalCalls()).isZero();
  }

  @Test
  void aSealedVault_isExit7() {
    vault.failNext(VaultOperation.LIST_KEYS, 5, VaultEmulator.Failure.SEALED);

    CliRun get = secretctl("get", "--store", store);

    assertThat(get.exitCode()).as(get.err()).isEqualTo(Failures.STORE_UNAVAILABLE);
    assertThat(get.err()).contains("Vault is sealed or a standby").contains("hint:");
  }

  @Test
  void aPolicyRefusal_isExit5_namingTheCapability() throws IOException {
    vault.policy("reader", "path \"secret/data/secretkit/*\" { capabilities = [\"read\"] }");
    String token = vault.createToken(TokenSpec.of("reader"));

    CliRun apply = secretctlWithToken(token, "apply", "-f", PgManifest.write(home, "fake-pw").toString(), "--store",
        store);

    assertThat(apply.exitCode()).as(apply.err()).isEqualTo(Failures.ACCESS_DENIED);
    assertThat(apply.err()).contains("its policies need the \"read\" capability on"
        + " \"secret/metadata/secretkit/public/pg-r\"");
  }
}
