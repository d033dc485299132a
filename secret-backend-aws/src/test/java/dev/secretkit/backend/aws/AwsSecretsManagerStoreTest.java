package dev.secretkit.backend.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretkit.AccessDeniedException;
import dev.secretkit.ConflictException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.backend.aws.emulator.SecretsManagerEmulator;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.spi.StoredSecret;
import dev.secretkit.testkit.ManualClock;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** What is specific to the aws-sm store: the AWS shape of what it writes, call counts, and the error mapping. */
class AwsSecretsManagerStoreTest {
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private static final SecretId PG = SecretId.of("public", "pg");

  private final ManualClock clock = new ManualClock(T0);
  private SecretsManagerEmulator emulator;
  private SecretStore store;

  @BeforeEach
  void start() {
    emulator = new SecretsManagerEmulator(clock).start();
    store = open("maxAttempts=1");
  }

  @AfterEach
  void stop() {
    store.close();
    emulator.close();
  }

  private SecretStore open(String parameters) {
    return new AwsSecretsManagerStoreProvider().open(StoreConfig.parse("aws-sm://eu-west-1?endpoint="
        + emulator.endpoint() + "&accessKeyId=AKIDFAKE&secretAccessKey=fake-secret-key&" + parameters, Map.of(),
        clock));
  }

  private static SecretMetadata metadata(String author) {
    return new SecretMetadata("secret", "v1", "key-value-properties", "r", "olivia", List.of("source:postgresql"),
        "sales database", null, List.of(), List.of(), T0, "olivia", T0, author);
  }

  private static Map<String, SecretValue> values(String... keysAndValues) {
    Map<String, SecretValue> values = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      values.put(keysAndValues[i], SecretValue.ofString(keysAndValues[i + 1]));
    }
    return values;
  }

  private SecretsManagerClient plainSdk() {
    return SecretsManagerClient.builder().endpointOverride(URI.create(emulator.endpoint().toString()))
        .region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDFAKE", "fake")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
  }

  @Test
  void whatWeWrite_readsBackThroughAPlainGetSecretValue_asAFlatJsonObject() throws Exception {
    store.create(PG, metadata("olivia"), values("username", "fake-user", "password", "fake-password"));

    try (SecretsManagerClient sdk = plainSdk()) {
      String secretString = sdk.getSecretValue(r -> r.secretId("secretkit/public/pg")).secretString();
      JsonNode json = new ObjectMapper().readTree(secretString);
      assertThat(json.size()).isEqualTo(2);
      assertThat(json.get("username").asText()).isEqualTo("fake-user");
      assertThat(json.get("password").asText()).isEqualTo("fake-password");
      assertThat(sdk.describeSecret(r -> r.secretId("secretkit/public/pg")).description()).isEqualTo("sales database");
    }
  }

  @Test
  void twoRacingUpdates_oneConflicts_andNoWriteIsLost() {
    StoredSecret created = store.create(PG, metadata("olivia"), values("password", "v1"));
    try (SecretStore other = open("maxAttempts=1")) {
      StoredSecret mine = store.update(PG, created.revision(), metadata("alice"), values("password", "alice"));

      assertThatThrownBy(() -> other.update(PG, created.revision(), metadata("bob"), values("password", "bob")))
          .isInstanceOf(ConflictException.class)
          .satisfies(e -> assertThat(((ConflictException) e).reason()).isEqualTo(ConflictException.Reason.CHANGED));
      StoredSecret latest = other.read(PG).orElseThrow();
      assertThat(latest.revision()).isEqualTo(mine.revision());
      assertThat(latest.version().number()).isEqualTo(2);
      assertThat(latest.values().get("password").asString()).isEqualTo("alice");
      assertThat(other.read(PG, 1).orElseThrow().values().get("password").asString()).isEqualTo("v1");
    }
  }

  @Test
  void aStageMoveLost_toAnotherWriter_isAConflict_evenWhenTheRevisionCheckPassed() {
    StoredSecret created = store.create(PG, metadata("olivia"), values("password", "v1"));
    try (SecretsManagerClient sdk = plainSdk()) {
      // Another tool writes a new current version: AWSCURRENT moves, the tags stay.
      sdk.putSecretValue(r -> r.secretId("secretkit/public/pg").secretString("{\"password\":\"outside\"}"));
    }

    assertThatThrownBy(() -> store.update(PG, created.revision(), metadata("alice"), values("password", "alice")))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void aCreateWhoseResponseWasLost_isRetriedIdempotently_withOneSecretAndOneVersion() {
    try (SecretStore retrying = open("maxAttempts=2&retryDelayMillis=0")) {
      emulator.loseResponses("CreateSecret", 1);

      StoredSecret created = retrying.create(PG, metadata("olivia"), values("password", "v1"));

      assertThat(emulator.calls("CreateSecret")).isEqualTo(2);
      assertThat(retrying.read(PG).orElseThrow().revision()).isEqualTo(created.revision());
      assertThat(retrying.versions(PG)).hasSize(1);
    }
    try (SecretsManagerClient sdk = plainSdk()) {
      assertThat(sdk.listSecretVersionIds(r -> r.secretId("secretkit/public/pg")).versions()).hasSize(1);
    }
  }

  @Test
  void aStageMoveWhoseAnswerWasLost_stillCounts_asTheWriteItWas() {
    StoredSecret created = store.create(PG, metadata("olivia"), values("password", "v1"));
    try (SecretStore retrying = open("maxAttempts=2&retryDelayMillis=0")) {
      emulator.loseResponses("UpdateSecretVersionStage", 1);

      StoredSecret updated = retrying.update(PG, created.revision(), metadata("alice"), values("password", "v2"));

      StoredSecret read = retrying.read(PG).orElseThrow();
      assertThat(read.revision()).isEqualTo(updated.revision());
      assertThat(read.values().get("password").asString()).isEqualTo("v2");
      assertThat(read.metadata().updatedBy()).isEqualTo("alice");
    }
  }

  @Test
  void metadataOverTheTagLimit_isRefusedWithNothingWritten() {
    StoredSecret created = store.create(PG, metadata("olivia"), values("password", "v1"));
    List<String> dependents = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      dependents.add("workflow:v1:nightly-job-number-" + i);
    }
    SecretMetadata huge = metadata("alice").withDependents(dependents);
    emulator.resetCalls();

    assertThatThrownBy(() -> store.update(PG, created.revision(), huge, values("password", "v2")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AWS allows 50");
    assertThatThrownBy(() -> store.updateMetadata(PG, created.revision(), huge))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(emulator.calls("PutSecretValue")).isZero();
    StoredSecret read = store.read(PG).orElseThrow();
    assertThat(read.revision()).isEqualTo(created.revision());
    assertThat(read.values().get("password").asString()).isEqualTo("v1");
  }

  @Test
  void manyWrites_keepTheSecretWithinAwsLabelLimits() {
    StoredSecret current = store.create(PG, metadata("olivia"), values("password", "v1"));
    try (SecretsManagerClient sdk = plainSdk()) {
      sdk.putSecretValue(r -> r.secretId("secretkit/public/pg").secretString("{\"password\":\"x\"}")
          .versionStages("sk-pending-deadbeef"));
      for (int i = 2; i <= 15; i++) {
        current = store.update(PG, current.revision(), metadata("olivia"), values("password", "v" + i));
      }

      List<String> labels = new ArrayList<>();
      sdk.describeSecret(r -> r.secretId("secretkit/public/pg")).versionIdsToStages().values().forEach(labels::addAll);
      assertThat(labels).filteredOn(label -> label.startsWith("sk-v")).hasSize(AwsSecretsManagerStore.VERSIONS_RETAINED);
      assertThat(labels).noneMatch(label -> label.startsWith("sk-pending-"));
      assertThat(labels.size()).isLessThanOrEqualTo(20);
    }
    assertThat(store.versions(PG)).extracting(v -> v.number()).containsExactly(6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L,
        15L);
    assertThat(store.read(PG, 5)).isEmpty();
  }

  @Test
  void aValueOver65536Bytes_isRefusedBeforeAnyCall() {
    emulator.resetCalls();

    assertThatThrownBy(() -> store.create(PG, metadata("olivia"), values("blob", "x".repeat(65_537))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65537 bytes");
    assertThat(emulator.totalCalls()).isZero();
  }

  @Test
  void readingFortyFiveSecrets_takesThreeBatchCalls() {
    List<SecretId> ids = new ArrayList<>();
    for (int i = 0; i < 45; i++) {
      SecretId id = SecretId.of("public", "s" + i);
      store.create(id, metadata("olivia"), values("password", "p" + i));
      ids.add(id);
    }
    ids.add(SecretId.of("public", "missing"));
    emulator.resetCalls();

    Map<SecretId, StoredSecret> read = store.readAll(ids);

    assertThat(emulator.calls("BatchGetSecretValue")).isEqualTo(3);
    assertThat(emulator.calls("GetSecretValue")).isZero();
    assertThat(read).hasSize(45);
    assertThat(read.get(SecretId.of("public", "s44")).values().get("password").asString()).isEqualTo("p44");
  }

  @Test
  void summary_isOneDescribeCall_withoutReadingTheValue() {
    store.create(PG, metadata("olivia"), values("password", "v1"));
    emulator.resetCalls();

    assertThat(store.summary(PG).orElseThrow().keys()).containsExactly("password");
    assertThat(emulator.totalCalls()).isEqualTo(1);
    assertThat(emulator.calls("DescribeSecret")).isEqualTo(1);
  }

  @Test
  void errors_mapToSecretKitsExceptions() {
    StoredSecret created = store.create(PG, metadata("olivia"), values("password", "v1"));

    assertThat(store.read(SecretId.of("public", "nope"))).isEmpty();
    assertThatThrownBy(() -> store.create(PG, metadata("x"), values("k", "v")))
        .isInstanceOf(ConflictException.class).hasMessageContaining("already exists");

    emulator.deny("GetSecretValue");
    assertThatThrownBy(() -> store.read(PG)).isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("AccessDeniedException").hasMessageContaining("secretsmanager:GetSecretValue");
    emulator.clearFaults();

    emulator.failDecryption("secretkit/public/pg");
    assertThatThrownBy(() -> store.read(PG)).isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("kms:Decrypt");
    emulator.clearFaults();

    emulator.throttleNext("DescribeSecret", 1);
    assertThatThrownBy(() -> store.read(PG)).isInstanceOf(StoreUnavailableException.class)
        .satisfies(e -> assertThat(((StoreUnavailableException) e).throttled()).isTrue());

    emulator.failNext("DescribeSecret", 1);
    assertThatThrownBy(() -> store.read(PG)).isInstanceOf(StoreUnavailableException.class)
        .satisfies(e -> assertThat(((StoreUnavailableException) e).throttled()).isFalse())
        .hasMessageContaining("InternalServiceError");

    try (SecretsManagerClient sdk = plainSdk()) {
      sdk.deleteSecret(r -> r.secretId("secretkit/public/pg").recoveryWindowInDays(7L));
    }
    assertThat(store.read(PG)).as("a secret scheduled for deletion reads as gone").isEmpty();
    assertThatThrownBy(() -> store.create(PG, metadata("x"), values("k", "v")))
        .isInstanceOf(ConflictException.class).hasMessageContaining("scheduled for deletion");
    assertThatThrownBy(() -> store.delete(PG, created.revision())).isInstanceOf(ConflictException.class);
  }

  @Test
  void throttling_isRetriedWithinTheAttemptsGiven() {
    store.create(PG, metadata("olivia"), values("password", "v1"));
    try (SecretStore retrying = open("maxAttempts=3&retryDelayMillis=0")) {
      emulator.resetCalls();
      emulator.throttleNext("DescribeSecret", 2);
      assertThat(retrying.read(PG)).isPresent();
      assertThat(emulator.calls("DescribeSecret")).isEqualTo(3);

      emulator.resetCalls();
      emulator.throttleNext("DescribeSecret", 3);
      assertThatThrownBy(() -> retrying.read(PG)).isInstanceOf(StoreUnavailableException.class);
      assertThat(emulator.calls("DescribeSecret")).isEqualTo(3);
    }
  }

  @Test
  void aWriterThatDiedBetweenTheMoveAndItsTags_blocksOthersBriefly_thenIsRepaired() {
    StoredSecret created = store.create(PG, metadata("olivia"), values("password", "v1"));
    String stuck;
    try (SecretsManagerClient sdk = plainSdk()) {
      stuck = sdk.putSecretValue(r -> r.secretId("secretkit/public/pg").secretString("{\"password\":\"v2\"}"))
          .versionId();
    }
    StoredSecret read = store.read(PG).orElseThrow();
    assertThat(read.values().get("password").asString()).as("the new value is current").isEqualTo("v2");
    assertThat(read.version().number()).isEqualTo(2);
    assertThat(read.revision()).isNotEqualTo(created.revision()).startsWith(stuck);

    assertThatThrownBy(() -> store.update(PG, read.revision(), metadata("alice"), values("password", "v3")))
        .as("the tags may still be on their way").isInstanceOf(ConflictException.class);

    clock.advance(java.time.Duration.ofMinutes(2));
    StoredSecret repaired = store.update(PG, read.revision(), metadata("alice"), values("password", "v3"));
    assertThat(repaired.version().number()).isEqualTo(3);
    assertThat(store.versions(PG)).extracting(v -> v.number()).containsExactly(1L, 2L, 3L);
    assertThat(store.read(PG, 2).orElseThrow().values().get("password").asString()).isEqualTo("v2");
  }
}
