package dev.secretkit.backend.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretkit.AccessDeniedException;
import dev.secretkit.ConfigurationException;
import dev.secretkit.ConflictException;
import dev.secretkit.SecretDataException;
import dev.secretkit.SecretFilter;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretRef;
import dev.secretkit.SecretValue;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.access.Grant;
import dev.secretkit.access.Permission;
import dev.secretkit.access.Principal;
import dev.secretkit.client.CachePolicy;
import dev.secretkit.client.SecretClient;
import dev.secretkit.emulator.aws.SecretsManagerEmulator;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.manifest.InvalidManifestException;
import dev.secretkit.spi.Capability;
import dev.secretkit.spi.Page;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.spi.StoredSecret;
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
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** What is specific to the aws-sm store: the AWS shape of what it writes, call budgets, retention, and the error mapping. */
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
        + emulator.endpoint() + "&" + parameters, TestStores.CREDENTIALS, clock));
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

  private SecretClient client(SecretStore backing) {
    return SecretClient.builder().store(backing).principal(Principal.localUser("olivia")).clock(clock)
        .environment(Map.of()).build();
  }

  private SecretsManagerClient plainSdk() {
    return SecretsManagerClient.builder().endpointOverride(URI.create(emulator.endpoint().toString()))
        .region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDFAKE", "fake")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
  }

  @Test
  void resolveAll_ofAHundredSecrets_takesFiveBatchCalls_andACachedClientNoMoreAfterwards() {
    List<SecretRef> refs = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      SecretId id = SecretId.of("public", "s" + i);
      store.create(id, metadata("olivia"), values("password", "fake-value-" + i)).values().values()
          .forEach(SecretValue::destroy);
      refs.add(SecretRef.to(id, "password"));
    }
    emulator.resetCalls();
    try (SecretClient client = SecretClient.builder().store(store).environment(Map.of())
        .cache(CachePolicy.defaults()).build()) {
      Map<SecretRef, SecretValue> values = client.resolveAll(refs);

      assertThat(values.get(refs.get(57)).asString()).isEqualTo("fake-value-57");
      assertThat(emulator.calls("BatchGetSecretValue")).isEqualTo(5);
      assertThat(emulator.totalCalls()).isEqualTo(5);

      client.resolveAll(refs);
      assertThat(emulator.totalCalls()).isEqualTo(5);
    }
  }
  @Test
  void whatWeWrite_readsBackThroughAPlainGetSecretValue_asAFlatJsonObjectWithOneReservedMember() throws Exception {
    StoredSecret created = store.create(PG, metadata("olivia"), values("username", "fake-user", "password",
        "fake-password"));

    try (SecretsManagerClient sdk = plainSdk()) {
      var response = sdk.getSecretValue(r -> r.secretId("secretkit/public/pg"));
      JsonNode json = new ObjectMapper().readTree(response.secretString());
      assertThat(json.fieldNames()).toIterable().containsExactly("username", "password", "_secretkit");
      assertThat(json.get("username").asText()).isEqualTo("fake-user");
      assertThat(json.get("password").asText()).isEqualTo("fake-password");
      JsonNode envelope = json.get("_secretkit");
      assertThat(envelope.get("metadata").get("owner").asText()).isEqualTo("olivia");
      assertThat(envelope.get("history").get(0).get("number").asLong()).isEqualTo(1);
      assertThat(envelope.get("history").get(0).get("ref").asText()).isEqualTo(response.versionId());
      assertThat(created.revision()).isEqualTo(response.versionId());
      var described = sdk.describeSecret(r -> r.secretId("secretkit/public/pg"));
      assertThat(described.tags()).as("nothing outside the SecretString").isEmpty();
      assertThat(described.description()).isNull();
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
  void aCreateWhoseResponseWasLost_isSettledByDescribingIt_notSentAgain_withOneSecretAndOneVersion() {
    try (SecretStore retrying = open("maxAttempts=2&retryDelayMillis=0")) {
      emulator.loseResponses("CreateSecret", 1);

      StoredSecret created = retrying.create(PG, metadata("olivia"), values("password", "v1"));

      assertThat(emulator.calls("CreateSecret")).isEqualTo(1);
      assertThat(emulator.calls("DescribeSecret")).isEqualTo(1);
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
  void metadataOverTheSecretStringLimit_isRefusedAsAnInvalidManifest_withNothingWritten() {
    StoredSecret created = store.create(PG, metadata("olivia"), values("password", "v1"));
    List<String> dependents = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      dependents.add("workflow:v1:nightly-job-number-" + i);
    }
    SecretMetadata huge = metadata("alice").withDependents(dependents);
    assertThat(store.problems(huge, values("password", "v2"))).isNotEmpty();
    emulator.resetCalls();

    assertThatThrownBy(() -> store.update(PG, created.revision(), huge, values("password", "v2")))
        .isInstanceOf(InvalidManifestException.class);
    assertThat(emulator.totalCalls()).as("refused before any call").isZero();
    assertThatThrownBy(() -> store.updateMetadata(PG, created.revision(), huge))
        .isInstanceOf(InvalidManifestException.class);
    assertThat(emulator.calls("PutSecretValue")).isZero();
    StoredSecret read = store.read(PG).orElseThrow();
    assertThat(read.revision()).isEqualTo(created.revision());
    assertThat(read.values().get("password").asString()).isEqualTo("v1");
  }

  @Test
  void manyWrites_keepTheRetainedVersionsReadable_andTheSecretWithinAwsLabelLimits() {
    StoredSecret current = store.create(PG, metadata("olivia"), values("password", "v1"));
    try (SecretClient client = client(store)) {
      for (int i = 2; i <= 15; i++) {
        current = store.update(PG, current.revision(), metadata("olivia"), values("password", "v" + i));
        client.grant(PG, "user" + i, Permission.CAN_USE);
        current = store.read(PG).orElseThrow();
      }
    }
    try (SecretsManagerClient sdk = plainSdk()) {
      List<String> labels = new ArrayList<>();
      sdk.describeSecret(r -> r.secretId("secretkit/public/pg")).versionIdsToStages().values().forEach(labels::addAll);
      assertThat(labels).filteredOn(label -> label.startsWith("sk-v"))
          .hasSize(AwsSecretsManagerStore.DEFAULT_VERSIONS_RETAINED - 1);
      assertThat(labels).filteredOn(label -> label.startsWith("sk-pending")).hasSize(1);
      assertThat(labels.size()).isLessThanOrEqualTo(20);
    }
    assertThat(current.version().number()).as("grants make no version").isEqualTo(15);
    assertThat(store.versions(PG)).extracting(v -> v.number()).containsExactly(6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L,
        14L, 15L);
    assertThat(store.read(PG, 5)).isEmpty();
    StoredSecret six = store.read(PG, 6).orElseThrow();
    assertThat(six.values().get("password").asString()).isEqualTo("v6");
    assertThat(six.revision()).isEqualTo(current.revision());
    assertThat(six.metadata().grants()).contains(new Grant("user15", Permission.CAN_USE));
  }

  @Test
  void versionsRetained_isConfigurable() {
    try (SecretStore three = open("maxAttempts=1&versionsRetained=3")) {
      assertThat(three.capabilities().versionsRetained()).isEqualTo(3);
      StoredSecret current = three.create(PG, metadata("olivia"), values("password", "v1"));
      for (int i = 2; i <= 5; i++) {
        current = three.update(PG, current.revision(), metadata("olivia"), values("password", "v" + i));
      }
      assertThat(three.versions(PG)).extracting(v -> v.number()).containsExactly(3L, 4L, 5L);
      assertThat(three.read(PG, 3).orElseThrow().values().get("password").asString()).isEqualTo("v3");
    }
    assertThat(new AwsSecretsManagerStoreProvider().validate(StoreConfig.parse(
        "aws-sm://eu-west-1?versionsRetained=17", Map.of(), clock))).hasSize(1);
  }

  @Test
  void valuesNearTheSizeLimit_dropTheOldestHistoryEntries_ratherThanFail() {
    try (SecretStore large = open("maxAttempts=1&maxValueBytes=65536&maxSecretBytes=65536")) {
      SecretMetadata longAuthor = metadata("a".repeat(128));
      int size = 60_000;
      while (large.problems(longAuthor, values("blob", "x".repeat(size + 100))).isEmpty()) {
        size += 100;
      }
      String big = "x".repeat(size - 2);
      StoredSecret current = large.create(PG, longAuthor, values("blob", big + "01"));
      for (int i = 10; i <= 30; i++) {
        current = large.update(PG, current.revision(), longAuthor, values("blob", big + i));
      }

      assertThat(current.version().number()).isEqualTo(22);
      assertThat(large.read(PG).orElseThrow().values().get("blob").asString()).endsWith("30");
      List<Long> kept = large.versions(PG).stream().map(v -> v.number()).toList();
      assertThat(kept).endsWith(22L).hasSizeLessThan(AwsSecretsManagerStore.DEFAULT_VERSIONS_RETAINED);
    }
  }

  @Test
  void aValueOverTheLimit_orASecretStringOverAwsLimit_isRefusedBeforeAnyCall_andAValueAtTheLimitFits() {
    emulator.resetCalls();

    assertThatThrownBy(() -> store.create(PG, metadata("olivia"), values("blob", "x".repeat(61_441))))
        .isInstanceOf(InvalidManifestException.class).hasMessageContaining("61441 bytes");
    assertThatThrownBy(() -> store.create(PG, metadata("olivia"), values("blob", "\u0001".repeat(20_000))))
        .as("the value fits, its JSON escapes in the SecretString do not")
        .isInstanceOf(InvalidManifestException.class).hasMessageContaining("SecretString");
    assertThat(emulator.totalCalls()).isZero();

    store.create(PG, metadata("olivia"), values("blob", "x".repeat(61_440)));
    assertThat(store.read(PG).orElseThrow().values().get("blob").length()).isEqualTo(61_440);
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
  void callBudgets_perOperation_asTheEmulatorCountsThem() {
    store.create(PG, metadata("olivia"), values("password", "v1"));
    try (SecretClient client = client(store)) {
      emulator.resetCalls();
      assertThat(client.resolve("public:pg#password").asString()).isEqualTo("v1");
      assertThat(emulator.totalCalls()).as("resolve").isEqualTo(1);

      emulator.resetCalls();
      store.head(PG).orElseThrow();
      assertThat(emulator.totalCalls()).as("head").isEqualTo(1);

      emulator.resetCalls();
      store.probe(PG).orElseThrow();
      assertThat(emulator.totalCalls()).as("probe").isEqualTo(1);
      assertThat(emulator.calls("DescribeSecret")).isEqualTo(1);
      assertThat(emulator.calls("GetSecretValue")).as("probe reads no value").isZero();

      emulator.resetCalls();
      client.grant(PG, "mallory", Permission.CAN_USE);
      assertThat(emulator.totalCalls()).as("grant").isEqualTo(4);
      assertThat(emulator.calls("GetSecretValue")).as("grant: the head, then the values to write again")
          .isEqualTo(2);
      assertThat(emulator.calls("PutSecretValue")).isEqualTo(1);
      assertThat(emulator.calls("UpdateSecretVersionStage")).isEqualTo(1);

      emulator.resetCalls();
      client.revoke(PG, "mallory", Permission.CAN_USE);
      assertThat(emulator.totalCalls()).as("revoke").isEqualTo(4);
      assertThat(emulator.calls("GetSecretValue")).isEqualTo(2);

      emulator.resetCalls();
      assertThat(client.similar(SecretId.of("public", "pgx"))).containsExactly(PG);
      assertThat(emulator.totalCalls()).as("what a not-found may have meant: one ListSecrets, no value").isEqualTo(1);
      assertThat(emulator.calls("ListSecrets")).isEqualTo(1);

      emulator.resetCalls();
      assertThat(client.listAll(SecretFilter.ALL)).hasSize(1);
      assertThat(emulator.totalCalls()).as("every scope: the names, then a list of the one scope").isEqualTo(3);
      assertThat(emulator.calls("ListSecrets")).isEqualTo(2);

      emulator.resetCalls();
      client.delete(PG, false);
      assertThat(emulator.totalCalls()).as("delete").isEqualTo(3);
      assertThat(emulator.calls("GetSecretValue")).isEqualTo(1);
      assertThat(emulator.calls("DeleteSecret")).isEqualTo(1);
    }
  }

  @Test
  void aMetadataWrite_withoutAHeadBefore_readsTheValuesOnce() {
    StoredSecret created = store.create(PG, metadata("olivia"), values("password", "v1"));
    emulator.resetCalls();

    store.updateMetadata(PG, created.revision(), metadata("alice"));

    assertThat(emulator.totalCalls()).isEqualTo(3);
    assertThat(emulator.calls("GetSecretValue")).isEqualTo(1);
    assertThat(store.read(PG).orElseThrow().metadata().updatedBy()).isEqualTo("alice");
  }

  @Test
  void listIds_isOneListSecretsPer100Names_readsNoValue_andKeepsForeignNamesThatAreTaken() {
    List<SecretId> ours = new ArrayList<>();
    for (int i = 0; i < 110; i++) {
      ours.add(SecretId.of(i % 2 == 0 ? "public" : "engineering", String.format("s-%03d", i)));
    }
    ours.add(SecretId.of(SecretId.INSTANCE_SCOPE, "git-r"));
    ours.forEach(id -> store.create(id, metadata("olivia"), values("password", "p")));
    try (SecretsManagerClient sdk = plainSdk()) {
      sdk.createSecret(r -> r.name("secretkit/public/foreign").secretString("{\"user\":\"foreign\"}"));
      for (String notAnId : List.of("secretkit/Public/x", "secretkit/public/a/b", "secretkit/public", "secretkit-x/public/c",
          "other/public/d")) {
        sdk.createSecret(r -> r.name(notAnId).secretString("{}"));
      }
    }
    emulator.resetCalls();

    List<SecretId> listed = new ArrayList<>();
    String token = null;
    do {
      Page<SecretId> page = store.listIds(token, 100);
      listed.addAll(page.items());
      token = page.nextPageToken();
    } while (token != null);

    assertThat(emulator.calls("ListSecrets")).isEqualTo(2);
    assertThat(emulator.totalCalls()).as("names only: no value read").isEqualTo(2);
    List<SecretId> expected = new ArrayList<>(ours);
    expected.add(SecretId.of("public", "foreign"));
    assertThat(listed).containsExactlyInAnyOrderElementsOf(expected);
    assertThatThrownBy(() -> store.read(SecretId.of("public", "foreign")))
        .as("a listed foreign name reads as a data error, as the SPI says").isInstanceOf(SecretDataException.class);
  }

  @Test
  void list_isOneListSecretsAndOneBatchPerPage_andSkipsForeignSecrets() {
    store.create(SecretId.of("public", "a"), metadata("olivia"), values("password", "a"));
    store.create(SecretId.of("public", "c"), metadata("olivia"), values("password", "c"));
    try (SecretsManagerClient sdk = plainSdk()) {
      sdk.createSecret(r -> r.name("secretkit/public/b").secretString("{\"user\":\"foreign\"}"));
    }
    emulator.resetCalls();

    var page = store.list("public", null, 10);

    assertThat(page.items()).extracting(s -> s.id().name()).containsExactly("a", "c");
    assertThat(emulator.calls("ListSecrets")).isEqualTo(1);
    assertThat(emulator.calls("BatchGetSecretValue")).isEqualTo(1);
    assertThat(emulator.totalCalls()).isEqualTo(2);
    assertThat(store.capabilities().all()).contains(Capability.BULK_READ, Capability.CHEAP_PROBE,
        Capability.ATOMIC_METADATA).doesNotContain(Capability.CONDITIONAL_DELETE);
  }

  @Test
  void foreignSecrets_binaryUnreadableOrWithoutAValue_areDataErrors_andAForcedDeleteRemovesThem() {
    SecretId foreign = SecretId.of("public", "foreign");
    SecretId binary = SecretId.of("public", "binary");
    SecretId unreadable = SecretId.of("public", "unreadable");
    SecretId empty = SecretId.of("public", "empty");
    try (SecretsManagerClient sdk = plainSdk()) {
      sdk.createSecret(r -> r.name("secretkit/public/foreign").secretString("{\"user\":\"x\"}"));
      sdk.createSecret(r -> r.name("secretkit/public/binary").secretBinary(SdkBytes.fromUtf8String("raw")));
      sdk.createSecret(r -> r.name("secretkit/public/unreadable").secretString("not json"));
      sdk.createSecret(r -> r.name("secretkit/public/empty"));
    }

    assertThatThrownBy(() -> store.read(foreign)).isInstanceOf(SecretDataException.class)
        .satisfies(e -> assertThat(((SecretDataException) e).isRetryable()).isFalse());
    assertThatThrownBy(() -> store.head(binary)).isInstanceOf(SecretDataException.class);
    assertThatThrownBy(() -> store.read(unreadable)).isInstanceOf(SecretDataException.class)
        .hasMessageContaining("its SecretString cannot be read");
    assertThatThrownBy(() -> store.versions(empty)).isInstanceOf(SecretDataException.class)
        .hasMessageContaining("the AWS secret has no AWSCURRENT version");
    assertThatThrownBy(() -> store.probe(empty)).isInstanceOf(SecretDataException.class);
    try (SecretClient client = client(store)) {
      for (SecretId id : List.of(foreign, binary, unreadable, empty)) {
        client.delete(id, true);
      }
    }
    assertThat(store.probe(foreign)).isEmpty();
    assertThat(store.probe(binary)).isEmpty();
    assertThat(store.probe(empty)).isEmpty();
  }

  @Test
  void errors_mapToSecretKitsExceptions() {
    StoredSecret created = store.create(PG, metadata("olivia"), values("password", "v1"));

    assertThat(store.read(SecretId.of("public", "nope"))).isEmpty();
    assertThatThrownBy(() -> store.create(PG, metadata("x"), values("k", "v")))
        .isInstanceOf(ConflictException.class).hasMessageContaining("already exists");

    emulator.deny("GetSecretValue");
    assertThatThrownBy(() -> store.read(PG)).isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("AccessDeniedException").hasMessageContaining("secretsmanager:GetSecretValue")
        .as("AWS's own text is not quoted").hasMessageNotContaining("is not authorized");
    emulator.clearFaults();

    emulator.failDecryption("secretkit/public/pg");
    assertThatThrownBy(() -> store.read(PG)).isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("kms:Decrypt");
    emulator.clearFaults();

    emulator.throttleNext("GetSecretValue", 1);
    assertThatThrownBy(() -> store.read(PG)).isInstanceOf(StoreUnavailableException.class)
        .hasMessageNotContaining("Rate exceeded")
        .satisfies(e -> assertThat(((StoreUnavailableException) e).throttled()).isTrue());

    emulator.failNext("GetSecretValue", 1);
    assertThatThrownBy(() -> store.read(PG)).isInstanceOf(StoreUnavailableException.class)
        .satisfies(e -> assertThat(((StoreUnavailableException) e).throttled()).isFalse())
        .hasMessageContaining("InternalServiceError");

    try (SecretStore longPrefix = open("maxAttempts=1&prefix=" + "p".repeat(600))) {
      assertThatThrownBy(() -> longPrefix.create(PG, metadata("x"), values("k", "v")))
          .as("an unknown 4xx is permanent").isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("ValidationException").hasMessageNotContaining("failed to satisfy")
          .satisfies(e -> assertThat(((ConfigurationException) e).isRetryable()).isFalse());
    }

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
      emulator.throttleNext("GetSecretValue", 2);
      assertThat(retrying.read(PG)).isPresent();
      assertThat(emulator.calls("GetSecretValue")).isEqualTo(3);

      emulator.resetCalls();
      emulator.throttleNext("GetSecretValue", 3);
      assertThatThrownBy(() -> retrying.read(PG)).isInstanceOf(StoreUnavailableException.class);
      assertThat(emulator.calls("GetSecretValue")).isEqualTo(3);
    }
  }
}
