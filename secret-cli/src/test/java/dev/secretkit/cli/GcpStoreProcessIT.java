package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretkit.access.Principal;
import dev.secretkit.client.SecretClient;
import dev.secretkit.emulator.gcp.GcpEmulatorExtension;
import dev.secretkit.emulator.gcp.GcpOperation;
import dev.secretkit.emulator.gcp.GcpSecretManagerEmulator;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged {@code secretctl} as a process against the Secret Manager emulator through
 * {@code --store 'gcp-sm://PROJECT?endpoint=127.0.0.1:PORT&tls=false'}: apply (a create), get, resolve, history,
 * grant and delete work as on the embedded store, each with its exit code, its answer on stdout and nothing from gRPC or
 * Google's client on stderr; and an IAM refusal of a resolve prints no value, exits 5 and names the permission.
 *
 * <p>What secretctl says on gcp-sm runs the same in-process and is checked in GcpStoreCommandsTest, with what
 * Google's own client reads of what apply wrote. Each run here is a JVM start, so there are few of them.
 */
@ExtendWith(LeakScanner.class)
class GcpStoreProcessIT {
  @RegisterExtension
  final GcpEmulatorExtension gcpExtension = new GcpEmulatorExtension().withClock(new ManualClock()).withTcp();

  @TempDir
  Path home;

  private GcpSecretManagerEmulator gcp;
  private String store;
  private PackagedSecretctl process;
  private Canaries canaries;

  @BeforeEach
  void start(GcpSecretManagerEmulator emulator, Canaries planted) {
    gcp = emulator;
    canaries = planted;
    process = new PackagedSecretctl(home);
    store = "gcp-sm://process-it?endpoint=" + gcp.endpoint() + "&tls=false";
  }

  @AfterEach
  void scan() {
    process.assertNothingLeaked(canaries);
  }

  private ProcessRun secretctl(String... args) throws Exception {
    return process.run(args);
  }

  @Test
  void applyGetResolveHistoryGrantDelete_onSecretManager() throws Exception {
    String first = canaries.plant();
    String second = canaries.plant();

    ProcessRun create = secretctl("apply", "-f", PgManifest.writeTagged(home, first).toString(), "--store", store);
    assertThat(create.exitCode()).as(create.stderr()).isZero();
    assertThat(create.out()).isEqualTo("created public:pg-r (secret v1, version 1)\n");
    assertThat(create.stderr()).as("no gRPC or client noise").isEmpty();
    // The update, the same command's other path, runs in process (GcpStoreCommandsTest runs both through the CLI).
    process.applyInProcess(store, PgManifest.writeTagged(home, second));

    ProcessRun get = secretctl("get", "-o", "json", "--store", store);
    assertThat(get.exitCode()).as(get.stderr()).isZero();
    assertThat(get.stderr()).isEmpty();
    JsonNode listed = new ObjectMapper().readTree(get.stdout());
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("id").asText()).isEqualTo("public:pg-r");
    assertThat(listed.get(0).get("keys")).extracting(JsonNode::asText).containsExactly("username", "password");

    ProcessRun resolve = secretctl("resolve", "pg-r#password", "--store", store);
    assertThat(resolve.exitCode()).as(resolve.stderr()).isZero();
    assertThat(resolve.out()).isEqualTo(second);
    assertThat(resolve.stderr()).isEmpty();

    ProcessRun history = secretctl("history", "-n", "pg-r", "-o", "json", "--store", store);
    assertThat(history.exitCode()).as(history.stderr()).isZero();
    assertThat(new ObjectMapper().readTree(history.stdout()).findValuesAsText("version")).containsExactly("1", "2");

    ProcessRun grant = secretctl("grant", "-n", "pg-r", "--to", "carol", "--permission", "can-use", "--store", store);
    assertThat(grant.exitCode()).as(grant.stderr()).isZero();
    assertThat(grant.out()).isEqualTo("granted can-use on public:pg-r to carol\n");
    try (SecretClient carol = process.clientInProcess(store, Principal.of("carol", Set.of()))) {
      assertThat(carol.resolve("pg-r#password").asString()).isEqualTo(second);
    }

    ProcessRun delete = secretctl("delete", "-n", "pg-r", "--store", store);
    assertThat(delete.exitCode()).as(delete.stderr()).isZero();
    assertThat(delete.out()).isEqualTo("deleted public:pg-r\n");
    assertThat(gcp.calls(GcpOperation.DELETE_SECRET)).isEqualTo(1);
    try (SecretClient client = process.clientInProcess(store, null)) {
      assertThat(client.ids()).isEmpty();
    }
  }

  @Test
  void anIamRefusal_isExit5_withNoValueOnStdout_namingThePermission() throws Exception {
    process.applyInProcess(store, PgManifest.writeTagged(home, canaries.plant()));
    gcp.deny(GcpOperation.ACCESS_SECRET_VERSION);

    ProcessRun resolve = secretctl("resolve", "pg-r#password", "--store", store + "&maxAttempts=1");

    assertThat(resolve.exitCode()).as(resolve.stderr()).isEqualTo(Failures.ACCESS_DENIED);
    assertThat(resolve.stdout()).isEmpty();
    assertThat(resolve.stderr()).startsWith("secretctl resolve: access denied")
        .contains("Secret Manager refused AccessSecretVersion (PERMISSION_DENIED)")
        .contains("they lack the IAM permission secretmanager.versions.access").doesNotContain("\tat ");
    process.printed(resolve.out());
  }
}
