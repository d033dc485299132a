package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretkit.emulator.aws.SecretsManagerEmulator;
import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import dev.secretkit.testkit.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Runs the packaged {@code secretctl} as a process against the Secrets Manager emulator through
 * {@code --store aws-sm://...?endpoint=...}: apply, get, resolve and delete work as on the
 * embedded store, and AWS's own API reads what was written as a flat JSON object.
 */
@ExtendWith(LeakScanner.class)
class AwsStoreProcessIT {

  @TempDir
  Path home;

  private SecretsManagerEmulator emulator;
  private String store;
  private PackagedSecretctl process;
  private Canaries canaries;

  @BeforeEach
  void start(Canaries planted) {
    process = new PackagedSecretctl(home);
    canaries = planted;
    emulator = new SecretsManagerEmulator(new ManualClock()).start();
    store = "aws-sm://eu-west-1?endpoint=" + emulator.endpoint() + "&accessKeyId=AKIDFAKE"
        + "&secretAccessKey=fake-secret-key&maxAttempts=1";
  }

  @AfterEach
  void stop() {
    emulator.close();
    process.assertNothingLeaked(canaries);
  }

  @Test
  void applyGetResolveDelete_onAwsSecretsManager() throws Exception {
    String password = canaries.plant();
    Path manifest = Files.writeString(home.resolve("pg.yaml"), """
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

    ProcessRun apply = secretctl("apply", "-f", manifest.toString(), "--store", store);
    assertThat(apply.exitCode()).as(apply.stderr()).isZero();
    assertThat(apply.out()).isEqualTo("created public:pg-r (secret v1, version 1)\n");
    assertThat(apply.stderr()).as("no SLF4J or SDK noise").isEmpty();

    ProcessRun get = secretctl("get", "-o", "json", "--store", store);
    JsonNode listed = new ObjectMapper().readTree(get.stdout());
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("id").asText()).isEqualTo("public:pg-r");
    assertThat(listed.get(0).get("keys")).extracting(JsonNode::asText).containsExactly("username", "password");

    ProcessRun resolve = secretctl("resolve", "pg-r#password", "--store", store);
    assertThat(resolve.exitCode()).as(resolve.stderr()).isZero();
    assertThat(resolve.out()).isEqualTo(password);

    try (SecretsManagerClient aws = SecretsManagerClient.builder().endpointOverride(emulator.endpoint())
        .region(Region.EU_WEST_1).httpClientBuilder(UrlConnectionHttpClient.builder())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDFAKE", "fake")))
        .build()) {
      JsonNode raw = new ObjectMapper().readTree(aws.getSecretValue(r -> r.secretId("secretkit/public/pg-r"))
          .secretString());
      assertThat(raw.get("password").asText()).isEqualTo(password);
    }

    ProcessRun delete = secretctl("delete", "-n", "pg-r", "--store", store);
    assertThat(delete.out()).isEqualTo("deleted public:pg-r\n");
    assertThat(secretctl("get", "-n", "pg-r", "--store", store).exitCode()).isEqualTo(Failures.NOT_FOUND);
  }

  @Test
  void everyWorkspace_whereSecretsAre_andWhatWasMeant_onAwsSecretsManager() throws Exception {
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
    process.applyInProcess(store, manifests);

    ProcessRun all = secretctl("get", "-A", "-o", "json", "--store", store);
    assertThat(all.exitCode()).as(all.stderr()).isZero();
    assertThat(new ObjectMapper().readTree(all.stdout())).extracting(node -> node.get("id").asText())
        .containsExactly("engineering:pg-r", "instance:pg", "sales:pg");
    ProcessRun empty = secretctl("get", "--store", store);
    assertThat(empty.out()).isEmpty();
    assertThat(empty.stderr()).isEqualTo("secretctl get: no secrets in workspace public; there are secrets in:"
        + " engineering (1), instance (1), sales (1); use -w WORKSPACE, -t instance-secret or -A\n");
    ProcessRun meant = secretctl("get", "-n", "pg", "-w", "engineering", "--store", store);
    assertThat(meant.exitCode()).isEqualTo(Failures.NOT_FOUND);
    assertThat(meant.stderr()).contains("secret not found: engineering:pg in store aws-sm://eu-west-1")
        .contains("; there is instance:pg (-t instance-secret) and sales:pg (-w sales); did you mean pg-r?\n");

    ProcessRun revealed = secretctl("get", "-A", "-o", "manifest", "--reveal", "--store", store);
    Path backup = Files.writeString(home.resolve("backup.yaml"), revealed.out());
    assertThat(secretctl("apply", "-f", backup.toString(), "--store", store).out())
        .isEqualTo("unchanged engineering:pg-r (secret v1, version 1)\nunchanged instance:pg (instance-secret v1,"
            + " version 1)\nunchanged sales:pg (secret v2alpha, version 1)\n");
  }

  @Test
  void aThrottlingStore_isExit7_withAHint() throws Exception {
    emulator.throttleNext(5);

    ProcessRun get = secretctl("get", "--store", store);

    assertThat(get.exitCode()).isEqualTo(Failures.STORE_UNAVAILABLE);
    assertThat(get.stderr()).contains("is throttling requests").contains("hint:");
  }

  @Test
  void noCredentialsAnywhere_isExit2_sayingWhereItLooked_andHintsToFixTheCredentials() throws Exception {
    String bare = "aws-sm://eu-west-1?endpoint=" + emulator.endpoint() + "&maxAttempts=1";

    ProcessRun get = secretctl(Map.of("AWS_EC2_METADATA_DISABLED", "true"), "get", "--store", bare);

    assertThat(get.exitCode()).as(get.stderr()).isEqualTo(Failures.USAGE);
    assertThat(get.stderr()).contains("secretctl get: no AWS credentials for store " + bare + ": AWS_ACCESS_KEY_ID is"
        + " not set; AWS_PROFILE is not set and there is no profile 'default' in " + home.resolve(".aws/credentials")
        + " or " + home.resolve(".aws/config") + " (neither file exists); no container or instance role")
        .contains("hint: fix the credentials").doesNotContain("retry");
    assertThat(emulator.totalCalls()).as("nothing was sent").isZero();

    ProcessRun debug = secretctl(Map.of("AWS_EC2_METADATA_DISABLED", "true"), "get", "--store", bare, "--debug");
    assertThat(debug.stderr()).as("--debug: the whole story, with the SDK's frames")
        .contains("dev.secretkit.CredentialsException: no AWS credentials for store")
        .contains("at software.amazon.awssdk.services.secretsmanager.DefaultSecretsManagerClient.listSecrets");
  }

  @Test
  void anUnknownProfile_isExit2_namingItAndTheFilesLookedIn() throws Exception {
    String secretKey = canaries.plant();
    Path credentials = Files.writeString(home.resolve("team-credentials"), "[dev]\naws_access_key_id = AKIDDEV\n"
        + "aws_secret_access_key = " + secretKey + "\n");
    String bare = "aws-sm://eu-west-1?endpoint=" + emulator.endpoint() + "&maxAttempts=1";

    ProcessRun get = secretctl(Map.of("AWS_PROFILE", "ops", "AWS_SHARED_CREDENTIALS_FILE", credentials.toString()),
        "get", "--store", bare);
    ProcessRun uri = secretctl(Map.of("AWS_SHARED_CREDENTIALS_FILE", credentials.toString()), "get", "--store",
        bare + "&profile=ops");

    assertThat(get.exitCode()).as(get.stderr()).isEqualTo(Failures.USAGE);
    assertThat(get.stderr()).contains("there is no profile 'ops' (named by AWS_PROFILE) in " + credentials + " or "
        + home.resolve(".aws/config") + " (" + home.resolve(".aws/config") + " does not exist); the profiles there"
        + " are dev").contains("hint: fix the credentials").doesNotContain("AKIDDEV");
    assertThat(uri.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(uri.stderr()).contains("there is no profile 'ops' (named by the store URI's profile parameter)");
  }

  @Test
  void anUnreachableEndpoint_isExit7_namingTheEndpoint_andDebugShowsTheSdkCauses() throws Exception {
    String unreachable = "aws-sm://eu-west-1?endpoint=http://127.0.0.1:1&accessKeyId=AKIDFAKE"
        + "&secretAccessKey=fake-secret-key&maxAttempts=1";

    ProcessRun get = secretctl("get", "--store", unreachable, "--debug");

    assertThat(get.exitCode()).as(get.stderr()).isEqualTo(Failures.STORE_UNAVAILABLE);
    assertThat(get.stderr()).contains("cannot connect to http://127.0.0.1:1 (connection refused: ConnectException)")
        .contains("hint: check that the store is reachable, then retry")
        .contains("Caused by: software.amazon.awssdk.core.exception.SdkClientException (message withheld)")
        .contains("Caused by: java.net.ConnectException (message withheld)");
  }

  @Test
  void anIamRefusal_isExit5_namingAwsCode_withTheIamHint() throws Exception {
    String accessKeyId = canaries.plant("AKIDREFUSED");
    emulator.deny("ListSecrets");

    ProcessRun get = secretctl("get", "--store", "aws-sm://eu-west-1?endpoint=" + emulator.endpoint()
        + "&accessKeyId=" + accessKeyId + "&secretAccessKey=fake-secret-key&maxAttempts=1");

    assertThat(get.exitCode()).as(get.stderr()).isEqualTo(Failures.ACCESS_DENIED);
    assertThat(get.stderr()).contains("AWS refused ListSecrets (AccessDeniedException) to the credentials from"
        + " accessKeyId in the store URI: their IAM policy does not allow secretsmanager:ListSecrets")
        .contains("hint: the store refused this client's own credentials: fix the IAM policy or the credentials")
        .doesNotContain("is not authorized");
  }

  @Test
  void stores_listsAwsSm() throws Exception {
    assertThat(secretctl("stores").out()).contains(" aws-sm ").contains("aws-sm://REGION");
  }

  private ProcessRun secretctl(String... args) throws Exception {
    return secretctl(Map.of(), args);
  }

  /** Runs secretctl with no AWS_ variables but {@code aws}, and HOME a temporary folder. */
  private ProcessRun secretctl(Map<String, String> aws, String... args) throws Exception {
    return process.run(aws, args);
  }
}
