package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretkit.emulator.vault.TokenSpec;
import dev.secretkit.emulator.vault.VaultEmulator;
import dev.secretkit.emulator.vault.VaultOperation;
import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import dev.secretkit.testkit.ManualClock;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.nio.file.Files;
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
 * get, resolve, history, grant and delete work as on the embedded store, and Vault's own API reads the keys
 * as plain fields.
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

  private Path manifest(String password) throws Exception {
    return Files.writeString(home.resolve("pg.yaml"), """
        name: pg-r
        version: v1
        type: secret
        tags: [source:postgresql]
        secret:
          type: key-value-properties
          acl: r
          data:
            username: fake-user
            password: "%s"
        """.formatted(password));
  }

  @Test
  void applyGetResolveHistoryGrantDelete_onVault() throws Exception {
    String first = canaries.plant();
    String second = canaries.plant();

    ProcessRun apply = secretctl("apply", "-f", manifest(first).toString(), "--store", store);
    assertThat(apply.exitCode()).as(apply.stderr()).isZero();
    assertThat(apply.out()).isEqualTo("created public:pg-r (secret v1, version 1)\n");
    assertThat(apply.stderr()).as("no driver noise").isEmpty();
    ProcessRun update = secretctl("apply", "-f", manifest(second).toString(), "--store", store);
    assertThat(update.exitCode()).as(update.stderr()).isZero();
    assertThat(update.out()).contains("public:pg-r").contains("version 2");

    ProcessRun get = secretctl("get", "-o", "json", "--store", store);
    JsonNode listed = new ObjectMapper().readTree(get.stdout());
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("id").asText()).isEqualTo("public:pg-r");
    assertThat(listed.get(0).get("keys")).extracting(JsonNode::asText).containsExactly("username", "password");

    assertThat(secretctl("resolve", "pg-r#password", "--store", store).out()).isEqualTo(second);
    assertThat(secretctl("resolve", "pg-r#password@1", "--store", store).out()).isEqualTo(first);

    ProcessRun history = secretctl("history", "-n", "pg-r", "-o", "json", "--store", store);
    assertThat(history.exitCode()).as(history.stderr()).isZero();
    assertThat(new ObjectMapper().readTree(history.stdout()).findValuesAsText("version")).containsExactly("1", "2");

    String[] asCarol = {"resolve", "pg-r#password", "--principal", "carol", "--store", store};
    assertThat(secretctl(asCarol).exitCode()).isEqualTo(Failures.ACCESS_DENIED);
    assertThat(secretctl("grant", "-n", "pg-r", "--to", "carol", "--permission", "can-use", "--store", store).out())
        .isEqualTo("granted can-use on public:pg-r to carol\n");
    assertThat(secretctl(asCarol).out()).isEqualTo(second);

    JsonNode data = kvGet("secret/data/secretkit/public/pg-r").get("data").get("data");
    assertThat(data.get("username").asText()).isEqualTo("fake-user");
    assertThat(data.get("password").asText()).isEqualTo(second);
    assertThat(data.get("_secretkit").get("envelope").get("metadata").get("grants").findValuesAsText("principal"))
        .contains("carol");

    ProcessRun delete = secretctl("delete", "-n", "pg-r", "--store", store);
    assertThat(delete.out()).isEqualTo("deleted public:pg-r\n");
    assertThat(secretctl("get", "-n", "pg-r", "--store", store).exitCode()).isEqualTo(Failures.NOT_FOUND);
    assertThat(vault.calls(VaultOperation.DELETE_METADATA)).isEqualTo(1);
  }

  @Test
  void noToken_isExit2_sayingWhereItLooked() throws Exception {
    ProcessRun get = process.run(Map.of(), "get", "--store", store);

    assertThat(get.exitCode()).as(get.stderr()).isEqualTo(Failures.USAGE);
    assertThat(get.stderr()).contains("cannot find a Vault token for store").contains(home.resolve(".vault-token")
        + " does not exist; VAULT_TOKEN is not set; log in with 'vault login'");
    assertThat(vault.totalCalls()).isZero();
  }

  @Test
  void aTokenInTheUri_isRefused_withoutEchoingIt() throws Exception {
    String token = canaries.plant("hvs.fake");

    ProcessRun get = secretctl("get", "--store", store + "&token=" + token);

    assertThat(get.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(get.stderr()).contains("token would put a credential in the store URI").contains("set VAULT_TOKEN");
  }

  @Test
  void aSealedVault_isExit7() throws Exception {
    vault.failNext(VaultOperation.LIST_KEYS, 5, VaultEmulator.Failure.SEALED);

    ProcessRun get = secretctl("get", "--store", store);

    assertThat(get.exitCode()).as(get.stderr()).isEqualTo(Failures.STORE_UNAVAILABLE);
    assertThat(get.stderr()).contains("Vault is sealed or a standby").contains("hint:");
  }

  @Test
  void aPolicyRefusal_isExit5_namingTheCapability() throws Exception {
    vault.policy("reader", "path \"secret/data/secretkit/*\" { capabilities = [\"read\"] }");
    String token = vault.createToken(TokenSpec.of("reader"));

    ProcessRun apply = process.run(Map.of("VAULT_TOKEN", token), "apply", "-f", manifest("fake-pw").toString(),
        "--store", store);

    assertThat(apply.exitCode()).as(apply.stderr()).isEqualTo(Failures.ACCESS_DENIED);
    assertThat(apply.stderr()).contains("its policies need the \"read\" capability on"
        + " \"secret/metadata/secretkit/public/pg-r\"");
  }

  @Test
  void stores_listsVault() throws Exception {
    assertThat(secretctl("stores").out()).contains(" vault ").contains("vault://HOST:PORT/MOUNT");
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
