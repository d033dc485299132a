package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretkit.emulator.aws.AwsEmulatorExtension;
import dev.secretkit.emulator.aws.SecretsManagerEmulator;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * secretctl on {@code aws-sm} against the Secrets Manager emulator, in-process: what an empty
 * listing and a "not found" say there, and each way AWS can fail (throttling, no credentials, an
 * unknown profile, an unreachable endpoint, an IAM refusal) gets its exit code, a message naming
 * what was looked at and a hint, and {@code --debug} the SDK's frames and causes. AwsStoreProcessIT
 * runs the store through the packaged jar. A planted canary is never printed.
 */
@ExtendWith(LeakScanner.class)
class AwsStoreCommandsTest {
  @TempDir
  Path home;

  private SecretsManagerEmulator emulator;
  private String store;
  private Canaries canaries;
  private final ScannedRuns runs = new ScannedRuns();

  @BeforeEach
  void start(Canaries planted) {
    canaries = planted;
    emulator = new SecretsManagerEmulator(new ManualClock()).start();
    store = "aws-sm://eu-west-1?endpoint=" + emulator.endpoint() + "&maxAttempts=1";
  }

  @AfterEach
  void stop() {
    emulator.close();
    runs.assertNothingLeaked(canaries);
  }

  /** Runs secretctl with the emulator's fake credentials where a user keeps them: in the environment. */
  private CliRun secretctl(String... args) {
    return secretctl(AwsEmulatorExtension.credentials(), args);
  }

  /** Runs secretctl as tester, HOME the temporary folder, with no AWS_ variable but {@code aws}. */
  private CliRun secretctl(Map<String, String> aws, String... args) {
    Map<String, String> environment = new HashMap<>(aws);
    environment.put("HOME", home.toString());
    environment.put("USER", "tester");
    return runs.scanned(CliRun.secretctl(environment, args));
  }

  @Test
  void anEmptyListing_andANotFound_sayWhereTheSecretsAre_onAwsSecretsManager() throws IOException {
    String password = canaries.plant();
    Path manifests = Files.writeString(home.resolve("three.yaml"), """
        name: pg-r
        version: v1
        type: secret
        workspace: engineering
        secret:
          type: key-value
          acl: r
          data:
            password: "%1$s"
        ---
        name: pg
        version: v1
        type: instance-secret
        instance-secret:
          type: key-value
          acl: r
          data:
            password: "%1$s"
        ---
        name: pg
        version: v2alpha
        type: secret
        workspace: sales
        secret:
          type: key-value
          data:
            password: "%1$s"
        """.formatted(password));
    assertThat(secretctl("apply", "-f", manifests.toString(), "--store", store).exitCode()).isZero();

    CliRun all = secretctl("get", "-A", "-o", "json", "--store", store);
    assertThat(all.exitCode()).as(all.err()).isZero();
    assertThat(new ObjectMapper().readTree(all.out())).extracting(node -> node.get("id").asText())
        .containsExactly("engineering:pg-r", "instance:pg", "sales:pg");
    CliRun empty = secretctl("get", "--store", store);
    assertThat(empty.exitCode()).isZero();
    assertThat(empty.out()).isEmpty();
    assertThat(empty.err()).isEqualTo("secretctl get: no secrets in workspace public; there are secrets in:"
        + " engineering (1), instance (1), sales (1); use -w WORKSPACE, -t instance-secret or -A\n");
    CliRun meant = secretctl("get", "-n", "pg", "-w", "engineering", "--store", store);
    assertThat(meant.exitCode()).isEqualTo(Failures.NOT_FOUND);
    assertThat(meant.err()).contains("secret not found: engineering:pg in store aws-sm://eu-west-1")
        .contains("; there is instance:pg (-t instance-secret) and sales:pg (-w sales); did you mean pg-r?\n");
  }

  @Test
  void aThrottlingStore_isExit7_withAHint() {
    emulator.throttleNext(5);

    CliRun get = secretctl("get", "--store", store);

    assertThat(get.exitCode()).isEqualTo(Failures.STORE_UNAVAILABLE);
    assertThat(get.err()).contains("is throttling requests").contains("hint:");
  }

  @Test
  void noCredentialsAnywhere_isExit2_sayingWhereItLooked_andHintsToFixTheCredentials() {
    String bare = "aws-sm://eu-west-1?endpoint=" + emulator.endpoint() + "&maxAttempts=1";

    CliRun get = secretctl(Map.of("AWS_EC2_METADATA_DISABLED", "true"), "get", "--store", bare);

    assertThat(get.exitCode()).as(get.err()).isEqualTo(Failures.USAGE);
    assertThat(get.err()).contains("secretctl get: no AWS credentials for store " + bare + ": AWS_ACCESS_KEY_ID is"
        + " not set; AWS_PROFILE is not set and there is no profile 'default' in " + home.resolve(".aws/credentials")
        + " or " + home.resolve(".aws/config") + " (neither file exists); no container or instance role")
        .contains("hint: fix the credentials").doesNotContain("retry");
    assertThat(emulator.totalCalls()).as("nothing was sent").isZero();

    CliRun debug = secretctl(Map.of("AWS_EC2_METADATA_DISABLED", "true"), "get", "--store", bare, "--debug");
    assertThat(debug.err()).as("--debug: the whole story, with the SDK's frames")
        .contains("dev.secretkit.CredentialsException: no AWS credentials for store")
        .contains("at software.amazon.awssdk.services.secretsmanager.DefaultSecretsManagerClient.listSecrets");
  }

  @Test
  void anUnknownProfile_isExit2_namingItAndTheFilesLookedIn() throws IOException {
    String secretKey = canaries.plant();
    Path credentials = Files.writeString(home.resolve("team-credentials"), "[dev]\naws_access_key_id = AKIDDEV\n"
        + "aws_secret_access_key = " + secretKey + "\n");
    String bare = "aws-sm://eu-west-1?endpoint=" + emulator.endpoint() + "&maxAttempts=1";

    CliRun get = secretctl(Map.of("AWS_PROFILE", "ops", "AWS_SHARED_CREDENTIALS_FILE", credentials.toString()),
        "get", "--store", bare);
    CliRun uri = secretctl(Map.of("AWS_SHARED_CREDENTIALS_FILE", credentials.toString()), "get", "--store",
        bare + "&profile=ops");

    assertThat(get.exitCode()).as(get.err()).isEqualTo(Failures.USAGE);
    assertThat(get.err()).contains("there is no profile 'ops' (named by AWS_PROFILE) in " + credentials + " or "
        + home.resolve(".aws/config") + " (" + home.resolve(".aws/config") + " does not exist); the profiles there"
        + " are dev").contains("hint: fix the credentials").doesNotContain("AKIDDEV");
    assertThat(uri.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(uri.err()).contains("there is no profile 'ops' (named by the store URI's profile parameter)")
        .doesNotContain("AKIDDEV");
  }

  @Test
  void credentialsInTheStoreUri_areExit2_beforeAnyCall_sayingWhereTheyGo_withoutRepeatingThem() {
    String secretKey = canaries.plant();

    CliRun get = secretctl("get", "--store", store + "&accessKeyId=AKIDINARGV&secretAccessKey=" + secretKey);

    assertThat(get.exitCode()).as(get.err()).isEqualTo(Failures.USAGE);
    assertThat(get.err()).contains("parameters accessKeyId, secretAccessKey would put credentials in the store URI,"
        + " which shell history, process lists and logs see").contains("set AWS_ACCESS_KEY_ID and"
        + " AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) in the environment").doesNotContain("AKIDINARGV");
    assertThat(emulator.totalCalls()).as("nothing was sent").isZero();
  }

  @Test
  void anUnreachableEndpoint_isExit7_namingTheEndpoint_andDebugShowsTheSdkCauses() {
    String unreachable = "aws-sm://eu-west-1?endpoint=http://127.0.0.1:1&maxAttempts=1";

    CliRun get = secretctl("get", "--store", unreachable, "--debug");

    assertThat(get.exitCode()).as(get.err()).isEqualTo(Failures.STORE_UNAVAILABLE);
    assertThat(get.err()).contains("cannot connect to http://127.0.0.1:1 (connection refused: ConnectException)")
        .contains("hint: check that the store is reachable, then retry")
        .contains("Caused by: software.amazon.awssdk.core.exception.SdkClientException (message withheld)")
        .contains("Caused by: java.net.ConnectException (message withheld)");
  }

  @Test
  void anIamRefusal_isExit5_namingAwsCode_withTheIamHint() {
    String accessKeyId = canaries.plant("AKIDREFUSED");
    emulator.deny("ListSecrets");

    CliRun get = secretctl(Map.of("AWS_ACCESS_KEY_ID", accessKeyId, "AWS_SECRET_ACCESS_KEY", "fake-secret-key"),
        "get", "--store", store);

    assertThat(get.exitCode()).as(get.err()).isEqualTo(Failures.ACCESS_DENIED);
    assertThat(get.err()).contains("AWS refused ListSecrets (AccessDeniedException) to the credentials from"
        + " AWS_ACCESS_KEY_ID: their IAM policy does not allow secretsmanager:ListSecrets")
        .contains("hint: the store refused this client's own credentials: fix the IAM policy or the credentials")
        .doesNotContain("is not authorized");
  }
}
