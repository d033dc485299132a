package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretManagerServiceSettings;
import com.google.cloud.secretmanager.v1.SecretVersionName;
import dev.secretkit.emulator.gcp.GcpEmulatorExtension;
import dev.secretkit.emulator.gcp.GcpOperation;
import dev.secretkit.emulator.gcp.GcpSecretManagerEmulator;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * secretctl on {@code gcp-sm} against the Secret Manager emulator on a loopback port, in-process: every store
 * command works there as on the embedded store, Google's own client reads what apply wrote as a flat JSON object of
 * the user's keys, a corrupted secret is named with its hint while get lists the others, and an unreachable endpoint,
 * an IAM refusal and a bad store URI each get their exit code and say what to do. GcpStoreProcessIT runs the store
 * through the packaged jar. One emulator serves the whole class; each test has its own project. A planted canary is
 * never printed where no value was asked for.
 */
@ExtendWith(LeakScanner.class)
class GcpStoreCommandsTest {
  @RegisterExtension
  static final GcpEmulatorExtension GCP = new GcpEmulatorExtension().withClock(new ManualClock()).withTcp();

  private static GcpSecretManagerEmulator gcp;

  @TempDir
  Path home;

  private Canaries canaries;
  private final ScannedRuns runs = new ScannedRuns();

  @BeforeAll
  static void startOnce(GcpSecretManagerEmulator emulator) {
    gcp = emulator;
  }

  @BeforeEach
  void plant(Canaries planted) {
    canaries = planted;
  }

  @AfterEach
  void scan() {
    gcp.clearFaults();
    runs.assertNothingLeaked(canaries);
  }

  /** Returns the store URI of {@code project} on the emulator, one attempt per call. */
  private static String store(String project) {
    return "gcp-sm://" + project + "?endpoint=" + gcp.endpoint() + "&tls=false&maxAttempts=1";
  }

  private CliRun secretctl(String... args) {
    return runs.scanned(CliRun.secretctl(Map.of("HOME", home.toString(), "USER", "tester"), args));
  }

  /** Runs a command that was asked to print values, whose stdout is therefore not scanned. */
  private CliRun revealing(String... args) {
    return runs.revealing(CliRun.secretctl(Map.of("HOME", home.toString(), "USER", "tester"), args));
  }

  @Test
  void everyStoreCommand_worksOnSecretManager_andGcloudReadsTheUsersKeys() throws IOException {
    String store = store("cli-commands");
    String first = canaries.plant();
    String second = canaries.plant();

    assertThat(secretctl("apply", "-f", PgManifest.write(home, first).toString(), "--store", store).out())
        .isEqualTo("created public:pg-r (secret v1, version 1)\n");
    CliRun update = secretctl("apply", "-f", PgManifest.write(home, second).toString(), "--store", store);
    assertThat(update.exitCode()).as(update.err()).isZero();
    assertThat(update.out()).isEqualTo("updated public:pg-r (secret v1, version 2)\n");
    assertThat(update.err()).isEmpty();

    CliRun list = secretctl("get", "-o", "json", "--store", store);
    assertThat(list.exitCode()).as(list.err()).isZero();
    JsonNode listed = new ObjectMapper().readTree(list.out());
    assertThat(listed).extracting(node -> node.get("id").asText()).containsExactly("public:pg-r");
    assertThat(listed.get(0).get("keys")).extracting(JsonNode::asText).containsExactly("username", "password");
    assertThat(revealing("resolve", "pg-r#password@1", "--store", store).out()).isEqualTo(first);
    assertThat(revealing("resolve", "pg-r#password", "--store", store).out()).isEqualTo(second);
    assertThat(revealing("env", "pg-r", "--reveal", "--store", store).out())
        .isEqualTo("# public:pg-r, version 2\nusername='fake-user'\npassword='" + second + "'\n");
    CliRun history = secretctl("history", "-n", "pg-r", "-o", "json", "--store", store);
    assertThat(history.exitCode()).as(history.err()).isZero();
    assertThat(new ObjectMapper().readTree(history.out()).findValuesAsText("version")).containsExactly("1", "2");

    List<String> asCarol = List.of("resolve", "pg-r#password", "--principal", "carol", "--store", store);
    assertThat(revealing(asCarol.toArray(String[]::new)).exitCode()).isEqualTo(Failures.ACCESS_DENIED);
    assertThat(secretctl("grant", "-n", "pg-r", "--to", "carol", "--permission", "can-use", "--store", store).out())
        .isEqualTo("granted can-use on public:pg-r to carol\n");
    assertThat(revealing(asCarol.toArray(String[]::new)).out()).isEqualTo(second);
    assertThat(secretctl("revoke", "-n", "pg-r", "--to", "carol", "--permission", "can-use", "--store", store).out())
        .isEqualTo("revoked can-use on public:pg-r from carol\n");
    assertThat(revealing(asCarol.toArray(String[]::new)).exitCode()).isEqualTo(Failures.ACCESS_DENIED);

    JsonNode latest = new ObjectMapper().readTree(accessLatest("cli-commands", "secretkit-public_pg-r"));
    assertThat(latest.get("username").asText()).isEqualTo("fake-user");
    assertThat(latest.get("password").asText()).isEqualTo(second);
    assertThat(latest.get("_secretkit").isObject()).isTrue();
    List<String> members = new ArrayList<>();
    latest.fieldNames().forEachRemaining(members::add);
    assertThat(members).as("a flat object of the user's keys, and SecretKit's own member")
        .containsExactlyInAnyOrder("username", "password", "_secretkit");

    assertThat(secretctl("delete", "-n", "pg-r", "--store", store).out()).isEqualTo("deleted public:pg-r\n");
    CliRun empty = secretctl("get", "--store", store);
    assertThat(empty.exitCode()).isZero();
    assertThat(empty.out()).isEmpty();
    CliRun gone = secretctl("get", "-n", "pg-r", "--store", store);
    assertThat(gone.exitCode()).isEqualTo(Failures.NOT_FOUND);
    assertThat(gone.err()).contains("secret not found: public:pg-r in store gcp-sm://cli-commands");
  }

  @Test
  void aCorruptedSecret_isNamedOnStderrWithItsHint_whileGetListsTheOthers_exit8() throws IOException {
    String store = store("cli-corrupted");
    Path three = Files.writeString(home.resolve("three.yaml"), """
        name: pg-a
        version: v1
        type: secret
        secret:
          type: key-value
          acl: r
          data:
            password: "%s"
        ---
        name: pg-b
        version: v1
        type: secret
        secret:
          type: key-value
          acl: r
          data:
            password: "%s"
        ---
        name: pg-c
        version: v1
        type: secret
        secret:
          type: key-value
          acl: r
          data:
            password: "%s"
        """.formatted(canaries.plant(), canaries.plant(), canaries.plant()));
    CliRun apply = secretctl("apply", "-f", three.toString(), "--store", store);
    assertThat(apply.exitCode()).as(apply.err()).isZero();
    gcp.corruptPayload("projects/cli-corrupted/secrets/secretkit-public_pg-b/versions/1");

    CliRun get = secretctl("get", "--store", store);

    assertThat(get.exitCode()).as(get.err()).isEqualTo(Failures.DATA_ERROR);
    assertThat(get.out().lines().skip(2).map(line -> line.substring(0, line.indexOf('|')).strip()))
        .as("the rows under the header and its rule").containsExactly("pg-a", "pg-c");
    assertThat(get.err()).contains("cannot read secret public:pg-b in store " + store).contains("CRC32C")
        .contains("hint: the record will read the same every time: restore it from a backup, or remove it with"
            + " secretctl delete -n pg-b -w public --force").doesNotContain("pg-a", "pg-c");
    CliRun json = secretctl("get", "-o", "json", "--store", store);
    assertThat(json.exitCode()).isEqualTo(Failures.DATA_ERROR);
    assertThat(new ObjectMapper().readTree(json.out())).extracting(node -> node.get("id").asText())
        .containsExactly("public:pg-a", "public:pg-c");

    CliRun delete = secretctl("delete", "-n", "pg-b", "-w", "public", "--force", "--store", store);
    assertThat(delete.exitCode()).as(delete.err()).isZero();
    CliRun after = secretctl("get", "--store", store);
    assertThat(after.exitCode()).as(after.err()).isZero();
    assertThat(after.err()).isEmpty();
    assertThat(after.out()).contains(" pg-a ", " pg-c ");
  }

  @Test
  void anUnreachableEndpoint_isExit7_namingTheEndpoint_andSayingToRetry() {
    String unreachable = "gcp-sm://cli-unreachable?endpoint=127.0.0.1:1&tls=false&maxAttempts=1";

    CliRun get = secretctl("get", "--store", unreachable);

    assertThat(get.exitCode()).as(get.err()).isEqualTo(Failures.STORE_UNAVAILABLE);
    assertThat(get.err()).startsWith("secretctl get: store " + unreachable + " is unavailable: ListSecrets of scope"
        + " public failed (UNAVAILABLE): cannot connect to 127.0.0.1:1").contains("retry later")
        .contains("hint: check that the store is reachable, then retry");
  }

  @Test
  void anIamRefusal_isExit5_namingThePermission_andTheRolesThatHaveIt() throws IOException {
    String store = store("cli-denied");
    assertThat(secretctl("apply", "-f", PgManifest.write(home, canaries.plant()).toString(), "--store", store)
        .exitCode()).isZero();
    gcp.deny(GcpOperation.ACCESS_SECRET_VERSION);

    CliRun resolve = revealing("resolve", "pg-r#password", "--store", store);

    assertThat(resolve.exitCode()).as(resolve.err()).isEqualTo(Failures.ACCESS_DENIED);
    assertThat(resolve.out()).isEmpty();
    assertThat(resolve.err()).contains("Secret Manager refused AccessSecretVersion (PERMISSION_DENIED) to the"
        + " credentials from nowhere (tls=false sends none): they lack the IAM permission"
        + " secretmanager.versions.access").contains("roles/secretmanager.secretAccessor to read");
  }

  @Test
  void aBadStoreUri_isExit2_listingEveryProblem_beforeAnyCall() {
    gcp.resetCalls();
    String bad = "gcp-sm://My_Project?endpoint=http://127.0.0.1:1&tls=no&maxAttempts=0&prefix=bad.prefix&colour=red";

    CliRun get = secretctl("get", "--store", bad);

    assertThat(get.exitCode()).as(get.err()).isEqualTo(Failures.USAGE);
    assertThat(get.err()).startsWith("secretctl get: cannot open store " + bad + ": the location must be //PROJECT,"
        + " a GCP project id").contains("; unknown parameter colour; gcp-sm: accepts endpoint, tls, credentialsFile,")
        .contains("; parameter endpoint must be HOST:PORT, such as 127.0.0.1:8085, without a scheme")
        .contains("; parameter tls must be true or false")
        .contains("; parameter prefix must be letters, digits, _ and -")
        .contains("; parameter maxAttempts must be a whole number from 1 to 10\n");
    assertThat(gcp.totalCalls()).as("nothing was sent").isZero();
  }

  /** Returns the payload of {@code secretId}'s {@code latest} version, read as gcloud does, with Google's client. */
  private static String accessLatest(String project, String secretId) throws IOException {
    SecretManagerServiceSettings settings = SecretManagerServiceSettings.newBuilder()
        .setTransportChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(
            gcp.openChannel())))
        .setCredentialsProvider(NoCredentialsProvider.create()).build();
    try (SecretManagerServiceClient client = SecretManagerServiceClient.create(settings)) {
      return client.accessSecretVersion(SecretVersionName.of(project, secretId, "latest")).getPayload().getData()
          .toStringUtf8();
    }
  }
}
