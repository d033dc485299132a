package dev.secretkit.backend.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.SecretValue;
import dev.secretkit.client.SecretClient;
import dev.secretkit.client.StoreRegistry;
import dev.secretkit.emulator.aws.SecretsManagerEmulator;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.leakcheck.LogRecords;
import dev.secretkit.manifest.SecretManifest;
import dev.secretkit.manifest.SecretSection;
import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * What the aws-sm store logs through {@code System.Logger} while writes meet faults on the emulator: the store
 * opened ({@code DEBUG}), each retry it decides itself ({@code DEBUG}), and each write whose lost answer it found
 * committed ({@code INFO}), naming operations, secrets and exception classes; no record holds a value or the secret
 * access key, both planted canaries.
 */
@ExtendWith(LeakScanner.class)
@ResourceLock("java.util.logging:dev.secretkit")
class AwsStoreLoggingTest {
  /** Held, so that the level set on it is not lost with a collected logger. */
  private static final Logger SECRETKIT = Logger.getLogger("dev.secretkit");

  private final ManualClock clock = new ManualClock();
  private final LogRecords records = new LogRecords();
  private SecretsManagerEmulator emulator;
  private Level before;

  @BeforeEach
  void start() {
    emulator = new SecretsManagerEmulator(clock).start();
    before = SECRETKIT.getLevel();
    SECRETKIT.setLevel(Level.ALL);
    SECRETKIT.addHandler(records);
  }

  @AfterEach
  void stop() {
    SECRETKIT.removeHandler(records);
    SECRETKIT.setLevel(before);
    emulator.close();
  }

  @Test
  void writesThroughFaults_logTheOpenTheRetriesAndTheRepairs_withoutAValueOrACredential(Canaries canaries) {
    String secretKey = canaries.plant();
    List<String> values = List.of(canaries.plant(), canaries.plant(), canaries.plant(), canaries.plant());
    String store = "aws-sm://eu-west-1?endpoint=" + emulator.endpoint() + "&maxAttempts=3&retryDelayMillis=0";
    try (SecretClient client = SecretClient.builder().store(store).clock(clock).environment(Map.of(
        "AWS_ACCESS_KEY_ID", "AKIDFAKE", "AWS_SECRET_ACCESS_KEY", secretKey)).build()) {
      client.apply(manifest("db", values.get(0)));
      atTheCommit(() -> emulator.failNext("UpdateSecretVersionStage", 1));
      client.apply(manifest("db", values.get(1)));
      atTheCommit(() -> emulator.loseResponses("UpdateSecretVersionStage", 1));
      client.apply(manifest("db", values.get(2)));
      emulator.loseResponses("CreateSecret", 1);
      client.apply(manifest("cache", values.get(3)));

      SecretValue stored = client.resolve("public:db#password");
      assertThat(stored.asString()).isEqualTo(values.get(2));
      stored.destroy();
    }

    assertThat(records.at(Level.FINE, StoreRegistry.class)).singleElement().asString()
        .isEqualTo("opened store " + store + " (type aws-sm, provider " + AwsSecretsManagerStoreProvider.class.getName()
            + ")");
    assertThat(records.at(Level.FINE, AwsSecretsManagerStore.class)).containsExactly("store " + store
        + ": UpdateSecretVersionStage of public:db failed (software.amazon.awssdk.services.secretsmanager.model"
        + ".InternalServiceErrorException) at attempt 1; trying again");
    assertThat(records.at(Level.INFO, AwsSecretsManagerStore.class)).containsExactly(
        "store " + store + ": the answer to the commit (UpdateSecretVersionStage) of public:db was lost, and"
            + " AWSCURRENT is on the new version: the write stands (after software.amazon.awssdk.services"
            + ".secretsmanager.model.InternalServiceErrorException)",
        "store " + store + ": the answer to CreateSecret of public:cache was lost, and the secret holds this"
            + " create's version: the create stands (after software.amazon.awssdk.services.secretsmanager.model"
            + ".InternalServiceErrorException)");
    records.all().forEach(text -> canaries.assertAbsent("a log record", text));
  }

  /** Runs {@code fault} just before the next commit, the move of {@code AWSCURRENT}, rather than a label's move. */
  private void atTheCommit(Runnable fault) {
    emulator.beforeNext("UpdateSecretVersionStage"::equals,
        request -> request.path("VersionStage").asText().equals("AWSCURRENT"), fault);
  }

  private static SecretManifest manifest(String name, String password) {
    return new SecretManifest(name, "v1", SecretManifest.TYPE_SECRET, List.of(), null, null, null, null,
        new SecretSection("key-value", "r", Map.of("password", SecretValue.ofString(password)), Map.of()));
  }
}
