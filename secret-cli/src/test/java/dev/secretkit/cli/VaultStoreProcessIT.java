package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretkit.client.SecretClient;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.emulator.vault.VaultEmulator;
import dev.secretkit.emulator.vault.VaultOperation;
import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged {@code secretctl} as a process against the Vault emulator through
 * {@code --store 'vault://127.0.0.1:PORT/secret?tls=false'} with the token in {@code VAULT_TOKEN}: apply,
 * get, resolve, history, grant and delete work as on the embedded store, with nothing from the driver on
 * stderr; Vault's own API reads the keys as plain fields; and without a token in the process's
 * environment or home, the store says where it looked.
 *
 * <p>What secretctl says on vault runs the same in-process and is checked in VaultStoreCommandsTest: old
 * versions, who may resolve before and after a grant, a token in the store URI, a sealed Vault and a policy
 * refusal. SecretCtlProcessIT checks that the packaged jar lists the vault store.
 */
@ExtendWith(LeakScanner.class)
class VaultStoreProcessIT {

  @TempDir
  Path home;

  private VaultEmulator vault;
  private String store;
  private PackagedSecretctl process;
  private Canaries canaries;

  @BeforeEach
  void start(Canaries planted) {
    process = new PackagedSecretctl(home);
    canaries = planted;
    vault = new VaultEmulator(new ManualClock()).start();
    store = "vault://127.0.0.1:" + vault.address().getPort() + "/secret?tls=false&maxAttempts=1";
  }

  @AfterEach
  void stop() {
    vault.close();
    process.assertNothingLeaked(canaries);
  }

  private ProcessRun secretctl(String... args) throws Exception {
    return process.run(Map.of("VAULT_TOKEN", vault.rootToken()), args);
  }

  @Test
  void applyGetResolveHistoryGrantDelete_onVault() throws Exception {
    String first = canaries.plant();
    String second = canaries.plant();
    try (SecretClient client = process.clientInProcess(Map.of("VAULT_TOKEN", vault.rootToken()), store, null)) {
      client.apply(PgManifest.writeTagged(home, first));
    }

    ProcessRun update = secretctl("apply", "-f", PgManifest.writeTagged(home, second).toString(), "--store", store);
    assertThat(update.exitCode()).as(update.stderr()).isZero();
    assertThat(update.out()).isEqualTo("updated public:pg-r (secret v1, version 2)\n");
    assertThat(update.stderr()).as("no driver noise").isEmpty();

    ProcessRun get = secretctl("get", "-o", "json", "--store", store);
    JsonNode listed = new ObjectMapper().readTree(get.stdout());
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("id").asText()).isEqualTo("public:pg-r");
    assertThat(listed.get(0).get("keys")).extracting(JsonNode::asText).containsExactly("username", "password");

    assertThat(secretctl("resolve", "pg-r#password", "--store", store).out()).isEqualTo(second);

    ProcessRun history = secretctl("history", "-n", "pg-r", "-o", "json", "--store", store);
    assertThat(history.exitCode()).as(history.stderr()).isZero();
    assertThat(new ObjectMapper().readTree(history.stdout()).findValuesAsText("version")).containsExactly("1", "2");

    assertThat(secretctl("grant", "-n", "pg-r", "--to", "carol", "--permission", "can-use", "--store", store).out())
        .isEqualTo("granted can-use on public:pg-r to carol\n");

    JsonNode data = kvGet("secret/data/secretkit/public/pg-r").get("data").get("data");
    assertThat(data.get("username").asText()).isEqualTo("fake-user");
    assertThat(data.get("password").asText()).isEqualTo(second);
    assertThat(data.get("_secretkit").get("envelope").get("metadata").get("grants").findValuesAsText("principal"))
        .contains("carol");

    ProcessRun delete = secretctl("delete", "-n", "pg-r", "--store", store);
    assertThat(delete.exitCode()).as(delete.stderr()).isZero();
    assertThat(delete.out()).isEqualTo("deleted public:pg-r\n");
    assertThat(vault.calls(VaultOperation.DELETE_METADATA)).isEqualTo(1);
    try (SecretClient client = process.clientInProcess(Map.of("VAULT_TOKEN", vault.rootToken()), store, null)) {
      assertThat(client.ids()).isEmpty();
    }
  }

  @Test
  void noToken_isExit2_sayingWhereItLooked() throws Exception {
    ProcessRun get = process.run(Map.of(), "get", "--store", store);

    assertThat(get.exitCode()).as(get.stderr()).isEqualTo(Failures.USAGE);
    assertThat(get.stderr()).contains("cannot find a Vault token for store").contains(home.resolve(".vault-token")
        + " does not exist; VAULT_TOKEN is not set; log in with 'vault login'");
    assertThat(vault.totalCalls()).isZero();
  }

  /** Reads {@code path} as {@code curl -H "X-Vault-Token: ..."} would. */
  private JsonNode kvGet(String path) throws Exception {
    HttpURLConnection connection = (HttpURLConnection) vault.address().resolve("/v1/" + path).toURL().openConnection();
    connection.setRequestProperty("X-Vault-Token", vault.rootToken());
    try (InputStream in = connection.getInputStream()) {
      return new ObjectMapper().readTree(in);
    } finally {
      connection.disconnect();
    }
  }
}
