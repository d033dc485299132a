package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretkit.SecretId;
import dev.secretkit.client.SecretClient;
import dev.secretkit.emulator.aws.AwsEmulatorExtension;
import dev.secretkit.emulator.aws.SecretsManagerEmulator;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
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
 * embedded store, with nothing from the SDK on stderr; a manifest printed with {@code --reveal}
 * applies back unchanged; AWS's own API reads what was written as a flat JSON object; and the
 * process's AWS variables reach the store's credential lookup.
 *
 * <p>What secretctl says on aws-sm runs the same in-process and is checked in AwsStoreCommandsTest:
 * empty listings and what was meant, throttling, no credentials, a profile named in the store URI,
 * an unreachable endpoint and an IAM refusal, with {@code --debug}. SecretCtlProcessIT checks that
 * the packaged jar lists the aws-sm store.
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
    store = "aws-sm://eu-west-1?endpoint=" + emulator.endpoint() + "&maxAttempts=1";
  }

  @AfterEach
  void stop() {
    emulator.close();
    process.assertNothingLeaked(canaries);
  }

  @Test
  void applyGetResolveDelete_andARevealedManifestAppliesBack_onAwsSecretsManager() throws Exception {
    String password = canaries.plant();
    Path manifests = Files.writeString(home.resolve("three.yaml"), """
        name: pg-r
        version: v1
        type: secret
        tags: [source:postgresql]
        secret:
          type: key-value-properties
          acl: r
          data:
            username: fake-user
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

    ProcessRun apply = secretctl("apply", "-f", manifests.toString(), "--store", store);
    assertThat(apply.exitCode()).as(apply.stderr()).isZero();
    assertThat(apply.out()).isEqualTo("created public:pg-r (secret v1, version 1)\ncreated instance:pg"
        + " (instance-secret v1, version 1)\ncreated sales:pg (secret v2alpha, version 1)\n");
    assertThat(apply.stderr()).as("no SLF4J or SDK noise").isEmpty();

    ProcessRun get = secretctl("get", "-A", "-o", "json", "--store", store);
    assertThat(get.exitCode()).as(get.stderr()).isZero();
    JsonNode listed = new ObjectMapper().readTree(get.stdout());
    assertThat(listed).extracting(node -> node.get("id").asText())
        .containsExactly("instance:pg", "public:pg-r", "sales:pg");
    assertThat(listed.get(1).get("keys")).extracting(JsonNode::asText).containsExactly("username", "password");

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

    ProcessRun revealed = secretctl("get", "-A", "-o", "manifest", "--reveal", "--store", store);
    assertThat(revealed.exitCode()).as(revealed.stderr()).isZero();
    Path backup = Files.writeString(home.resolve("backup.yaml"), revealed.out());
    assertThat(secretctl("apply", "-f", backup.toString(), "--store", store).out())
        .isEqualTo("unchanged instance:pg (instance-secret v1, version 1)\nunchanged public:pg-r (secret v1,"
            + " version 1)\nunchanged sales:pg (secret v2alpha, version 1)\n");

    ProcessRun delete = secretctl("delete", "-n", "pg-r", "--store", store);
    assertThat(delete.exitCode()).as(delete.stderr()).isZero();
    assertThat(delete.out()).isEqualTo("deleted public:pg-r\n");
    try (SecretClient client = process.clientInProcess(AwsEmulatorExtension.credentials(), store, null)) {
      assertThat(client.ids()).as("the other two are still there")
          .containsExactlyInAnyOrder(SecretId.of("instance", "pg"), SecretId.of("sales", "pg"));
    }
  }

  @Test
  void theProcesssAwsVariables_reachTheCredentialLookup_andAnUnknownProfileIsExit2() throws Exception {
    String secretKey = canaries.plant();
    Path credentials = Files.writeString(home.resolve("team-credentials"), "[dev]\naws_access_key_id = AKIDDEV\n"
        + "aws_secret_access_key = " + secretKey + "\n");
    String bare = "aws-sm://eu-west-1?endpoint=" + emulator.endpoint() + "&maxAttempts=1";

    ProcessRun get = secretctl(Map.of("AWS_PROFILE", "ops", "AWS_SHARED_CREDENTIALS_FILE", credentials.toString()),
        "get", "--store", bare);

    assertThat(get.exitCode()).as(get.stderr()).isEqualTo(Failures.USAGE);
    assertThat(get.stderr()).contains("there is no profile 'ops' (named by AWS_PROFILE) in " + credentials + " or "
        + home.resolve(".aws/config") + " (" + home.resolve(".aws/config") + " does not exist); the profiles there"
        + " are dev").contains("hint: fix the credentials").doesNotContain("AKIDDEV");
    assertThat(get.out()).isEmpty();
    assertThat(emulator.totalCalls()).as("nothing was sent").isZero();
  }

  /** Runs secretctl with the emulator's fake credentials where a user keeps them: in the environment. */
  private ProcessRun secretctl(String... args) throws Exception {
    return secretctl(AwsEmulatorExtension.credentials(), args);
  }

  /** Runs secretctl with no AWS_ variables but {@code aws}, and HOME a temporary folder. */
  private ProcessRun secretctl(Map<String, String> aws, String... args) throws Exception {
    return process.run(aws, args);
  }
}
