package dev.secretkit.backend.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secretkit.ConflictException;
import dev.secretkit.SecretDataException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.access.Grant;
import dev.secretkit.access.Permission;
import dev.secretkit.access.Principal;
import dev.secretkit.client.SecretClient;
import dev.secretkit.emulator.aws.SecretsManagerEmulator;
import dev.secretkit.emulator.support.CallFault;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretHead;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The aws-sm protocol when another party acts at an exact point of a write (the emulator runs
 * the other party just before a chosen call): racing writers, a commit whose answer is lost while
 * someone else writes, a rotation Lambda that copies the SecretString, late bookkeeping and a
 * secret created again under its name; and the labels that keep retained versions, which must
 * stay within AWS's 20 per secret without ever wedging value writes. Found by hostile reviews;
 * each case failed before its fix.
 */
class AwsStoreRacesTest {
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private static final SecretId PG = SecretId.of("public", "pg");
  private static final String NAME = "races/public/pg";
  private static final Grant MALLORY = new Grant("mallory", Permission.CAN_USE);
  /** The call of an update that commits: after GetSecretValue, the label of the version read and PutSecretValue. */
  private static final int MOVE = 4;

  private final ManualClock clock = new ManualClock(T0);
  private SecretsManagerEmulator emulator;
  private SecretsManagerClient sdk;

  @BeforeEach
  void start() {
    emulator = new SecretsManagerEmulator(clock).start();
    sdk = SecretsManagerClient.builder().endpointOverride(URI.create(emulator.endpoint().toString()))
        .region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDFAKE", "fake")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
  }

  @AfterEach
  void stop() {
    sdk.close();
    emulator.close();
  }

  private SecretStore store(String parameters) {
    return TestStores.open(emulator.endpoint(), "races", parameters, clock);
  }

  @Test
  void valueWritesThatKeepLosingTheirRace_neverExhaustAwsLabels_andTheNextWriteDropsWhatTheyLeft() {
    try (SecretStore a = store("versionsRetained=2"); SecretStore b = store("versionsRetained=2")) {
      StoredSecret current = b.create(PG, metadata(List.of()), password("v1"));
      for (int round = 0; round < 25; round++) {
        StoredSecret read = current;
        emulator.beforeNext(AwsStoreRacesTest::writes, request -> true, () -> {
          StoredSecret next = b.update(PG, read.revision(), metadata(List.of()), password("b" + read.version()));
          b.update(PG, next.revision(), metadata(List.of()), password("c" + read.version()));
        });

        assertThatThrownBy(() -> a.update(PG, read.revision(), metadata(List.of()), password("lost")))
            .isInstanceOf(ConflictException.class);
        current = b.read(PG).orElseThrow();
        assertThat(labelCount()).as("labels after round %d", round).isLessThanOrEqualTo(20);
        assertRetainedVersionsAreKept(b);
      }
      StoredSecret last = b.update(PG, current.revision(), metadata(List.of()), password("last"));

      long oldest = b.versions(PG).get(0).number();
      assertThat(sdk.describeSecret(r -> r.secretId(NAME)).versionIdsToStages().values().stream()
          .flatMap(List::stream).filter(label -> label.startsWith("sk-v"))
          .mapToLong(label -> Long.parseLong(label.substring(4))))
          .as("the write after the races keeps only the labels of retained versions")
          .allMatch(number -> number >= oldest && number < last.version().number());
    }
  }

  @Test
  void aLosingWriter_mayMoveALabel_butOnlyBetweenVersionsHoldingTheSameValues_soOldVersionsStayReadable() {
    try (SecretStore a = store(""); SecretStore b = store("")) {
      StoredSecret v1 = b.create(PG, metadata(List.of()), password("v1"));
      emulator.beforeNext(AwsStoreRacesTest::writes, request -> true, () -> {
        SecretHead meta = b.updateMetadata(PG, v1.revision(), metadata(List.of(MALLORY)));
        b.update(PG, meta.revision(), metadata(List.of(MALLORY)), password("v2"));
      });

      assertThatThrownBy(() -> a.update(PG, v1.revision(), metadata(List.of()), password("lost")))
          .isInstanceOf(ConflictException.class);
      StoredSecret now = b.read(PG).orElseThrow();
      b.updateMetadata(PG, now.revision(), metadata(List.of()));

      assertRetainedVersionsAreKept(b);
      assertThat(b.read(PG, 1).orElseThrow().values().get("password").asString()).isEqualTo("v1");
    }
  }

  @Test
  void aCommitWhoseAnswerIsLost_whileAnotherWriterCommitsOnTop_isAnUnknownOutcome_notANothingWrittenConflict() {
    try (SecretStore a = store("maxAttempts=3&retryDelayMillis=0"); SecretStore b = store("")) {
      StoredSecret v1 = b.create(PG, metadata(List.of()), password("v1"));
      loseTheCommitsAnswer_whileGrantingThrough(b);

      Throwable thrown = catchThrowable(() -> a.update(PG, v1.revision(), metadata(List.of()), password("mine")));

      StoredSecret now = b.read(PG).orElseThrow();
      assertThat(now.version().number()).as("our write committed as version 2").isEqualTo(2);
      assertThat(now.values().get("password").asString()).isEqualTo("mine");
      assertThat(thrown).as("never 'nothing was written' for a committed write")
          .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("may or may not have been committed");
      assertThat(((StoreUnavailableException) thrown).isRetryable()).isTrue();
    }
  }

  @Test
  void aCommitWhoseAnswerIsLost_isNotSentAgainByTheSdk_andStandsWhenItHappened() {
    try (SecretStore a = store("maxAttempts=3&retryDelayMillis=0")) {
      StoredSecret v1 = a.create(PG, metadata(List.of()), password("v1"));
      emulator.resetCalls();
      emulator.failCall(MOVE, CallFault.ERROR_AFTER);

      StoredSecret written = a.update(PG, v1.revision(), metadata(List.of()), password("v2"));

      assertThat(written.version().number()).isEqualTo(2);
      assertThat(a.read(PG).orElseThrow().revision()).isEqualTo(written.revision());
      assertThat(emulator.calls("DescribeSecret")).as("the lost answer is settled by describing, not by"
          + " sending the move again").isPositive();
      assertThat(emulator.calls("UpdateSecretVersionStage")).as("the label of version 1, then the move once"
          + " (the SDK would have sent it again); the tidy finds the label in place").isEqualTo(2);
    }
  }

  @Test
  void aCommitThatFailedBeforeReachingAws_isTriedAgainByTheStore() {
    try (SecretStore a = store("maxAttempts=3&retryDelayMillis=0")) {
      StoredSecret v1 = a.create(PG, metadata(List.of()), password("v1"));
      emulator.resetCalls();
      emulator.failCall(MOVE, CallFault.ERROR_BEFORE);

      StoredSecret written = a.update(PG, v1.revision(), metadata(List.of()), password("v2"));

      assertThat(a.read(PG).orElseThrow().revision()).isEqualTo(written.revision());
      assertThat(a.read(PG).orElseThrow().values().get("password").asString()).isEqualTo("v2");
    }
  }

  @Test
  void aValueWriteWhoseBookkeepingFails_returnsNormally_andLaterMetadataWritesLeaveEveryRetainedVersionKept() {
    try (SecretStore store = store("")) {
      StoredSecret v1 = store.create(PG, metadata(List.of()), password("v1"));
      StoredSecret v2 = store.update(PG, v1.revision(), metadata(List.of()), password("v2"));
      emulator.resetCalls();
      emulator.failCall(MOVE + 1, CallFault.ERROR_BEFORE);

      StoredSecret v3 = store.update(PG, v2.revision(), metadata(List.of()), password("v3"));

      assertThat(store.read(PG).orElseThrow().revision()).as("the tidy's DescribeSecret failed after the commit")
          .isEqualTo(v3.revision());
      SecretHead granted = store.updateMetadata(PG, v3.revision(), metadata(List.of(MALLORY)));
      store.updateMetadata(PG, granted.revision(), metadata(List.of()));
      assertRetainedVersionsAreKept(store);
      assertThat(store.read(PG, 2).orElseThrow().values().get("password").asString()).isEqualTo("v2");
    }
  }

  @Test
  void aCommitOfUnknownOutcome_thenMetadataWrites_leaveEveryRetainedVersionKept() {
    try (SecretStore a = store(""); SecretStore b = store("")) {
      StoredSecret v1 = b.create(PG, metadata(List.of()), password("v1"));
      loseTheCommitsAnswer_whileGrantingThrough(b);
      assertThatThrownBy(() -> a.update(PG, v1.revision(), metadata(List.of()), password("mine")))
          .isInstanceOf(StoreUnavailableException.class);

      StoredSecret now = b.read(PG).orElseThrow();
      SecretHead again = b.updateMetadata(PG, now.revision(), metadata(List.of()));
      b.updateMetadata(PG, again.revision(), metadata(List.of(MALLORY)));

      assertRetainedVersionsAreKept(b);
      assertThat(b.read(PG, 1).orElseThrow().values().get("password").asString()).isEqualTo("v1");
    }
  }

  @Test
  void aRotationLambdaThatCopiesTheSecretString_cannotBringBackARevokedGrant() throws Exception {
    try (SecretStore store = store("")) {
      store.create(PG, metadata(List.of(MALLORY)), password("v1"));
      ObjectMapper json = new ObjectMapper();
      ObjectNode copied = (ObjectNode) json.readTree(sdk.getSecretValue(r -> r.secretId(NAME)).secretString());
      copied.put("password", "rotated");
      String pending = UUID.randomUUID().toString();
      sdk.putSecretValue(r -> r.secretId(NAME).clientRequestToken(pending).secretString(copied.toString())
          .versionStages("AWSPENDING"));
      try (SecretClient admin = client(store, Principal.localUser("olivia"))) {
        admin.revoke(PG, MALLORY.principal(), MALLORY.permission());
      }
      String current = sdk.describeSecret(r -> r.secretId(NAME)).versionIdsToStages().entrySet().stream()
          .filter(e -> e.getValue().contains("AWSCURRENT")).map(Map.Entry::getKey).findFirst().orElseThrow();
      sdk.updateSecretVersionStage(r -> r.secretId(NAME).versionStage("AWSCURRENT").moveToVersionId(pending)
          .removeFromVersionId(current));

      assertThatThrownBy(() -> store.read(PG)).isInstanceOf(SecretDataException.class)
          .hasMessageContaining("not written by SecretKit").hasMessageNotContaining("rotated");
      try (SecretClient mallory = client(store, Principal.of("mallory"))) {
        assertThatThrownBy(() -> mallory.resolve("public:pg#password")).isInstanceOf(SecretDataException.class);
      }
      assertThat(store.list("public", null, 10).unreadable()).singleElement()
          .satisfies(e -> assertThat(e).hasMessageContaining("not written by SecretKit"));
      store.delete(PG, null);
      assertThat(store.read(PG)).isEmpty();
    }
  }

  @Test
  void theMostRetention_withARotationsAwsPending_leavesRoomForEveryValueWrite() {
    try (SecretStore store = store("versionsRetained=" + AwsSecretsManagerStore.MAX_VERSIONS_RETAINED)) {
      StoredSecret s = store.create(PG, metadata(List.of()), password("v1"));
      sdk.putSecretValue(r -> r.secretId(NAME).clientRequestToken(UUID.randomUUID().toString())
          .secretString("{\"password\":\"pending\"}").versionStages("AWSPENDING"));
      for (int i = 2; i <= 25; i++) {
        StoredSecret read = s;
        int n = i;
        Throwable t = catchThrowable(() -> store.update(PG, read.revision(), metadata(List.of()), password("v" + n)));
        assertThat(t).as("value write making version %d (labels now %d)", n, labelCount()).isNull();
        s = store.read(PG).orElseThrow();
      }
    }
  }

  @Test
  void theMostRetention_aFailedTidy_doesNotWedgeLaterValueWrites() {
    try (SecretStore store = store("versionsRetained=" + AwsSecretsManagerStore.MAX_VERSIONS_RETAINED)) {
      StoredSecret s = store.create(PG, metadata(List.of()), password("v1"));
      for (int i = 2; i <= 18; i++) {
        s = store.update(PG, s.revision(), metadata(List.of()), password("v" + i));
      }
      emulator.resetCalls();
      // GetSecretValue, keep, PutSecretValue, move, DescribeSecret, then the tidy's removal of sk-v2.
      emulator.failCall(6, CallFault.ERROR_BEFORE);
      StoredSecret v19 = store.update(PG, s.revision(), metadata(List.of()), password("v19"));
      assertThat(store.read(PG).orElseThrow().revision()).isEqualTo(v19.revision());
      emulator.clearFaults();

      for (int attempt = 1; attempt <= 3; attempt++) {
        StoredSecret read = store.read(PG).orElseThrow();
        Throwable t = catchThrowable(() -> store.update(PG, read.revision(), metadata(List.of()), password("v20")));
        assertThat(t).as("retry %d of the next value write (labels %d)", attempt, labelCount()).isNull();
      }
    }
  }

  @Test
  void aTidyThatRunsLate_putsBackNoDroppedLabel_andLaterValueWritesGoOn() {
    try (SecretStore a = store(""); SecretStore b = store("")) {
      StoredSecret s = b.create(PG, metadata(List.of()), password("v1"));
      for (int i = 2; i <= 11; i++) {
        s = b.update(PG, s.revision(), metadata(List.of()), password("v" + i));
      }
      emulator.beforeNext("DescribeSecret"::equals, request -> true, () -> {
        StoredSecret now = b.read(PG).orElseThrow();
        for (int i = 0; i < 10; i++) {
          now = b.update(PG, now.revision(), metadata(List.of()), password("b" + i));
        }
      });
      a.update(PG, s.revision(), metadata(List.of()), password("a12"));
      assertThat(labelCount()).isLessThanOrEqualTo(20);

      for (int attempt = 1; attempt <= 3; attempt++) {
        StoredSecret read = b.read(PG).orElseThrow();
        Throwable t = catchThrowable(() -> b.update(PG, read.revision(), metadata(List.of()), password("after")));
        assertThat(t).as("retry %d of the next value write (labels %d)", attempt, labelCount()).isNull();
      }
    }
  }

  /**
   * A label another writer moves between a writer's look and its move is looked at again: nothing
   * that matters changed (AWSCURRENT is still the version read), so the write goes through.
   */
  @Test
  void aLabelMovedBetweenALookAndAMove_isLookedAtAgain_andTheWriteGoesThrough() {
    try (SecretStore a = store(""); SecretStore b = store(""); SecretStore c = store("")) {
      StoredSecret v1 = b.create(PG, metadata(List.of()), password("v1"));
      String x0 = v1.revision();
      SecretHead x1 = b.updateMetadata(PG, x0, metadata(List.of()));
      // a reads x1, loses its race to a metadata write: its keep leaves sk-v1 on x1.
      emulator.beforeNext(AwsStoreRacesTest::writes, request -> true,
          () -> b.updateMetadata(PG, x1.revision(), metadata(List.of())));
      assertThatThrownBy(() -> a.update(PG, x1.revision(), metadata(List.of()), password("lost")))
          .isInstanceOf(ConflictException.class);
      StoredSecret x2 = c.read(PG).orElseThrow();
      assertThat(labelsOf("sk-v1")).containsExactly(x1.revision());
      // Just before c's keep moves sk-v1 from x1, a stale writer that read x0 makes the very call its keep makes.
      emulator.beforeNext("UpdateSecretVersionStage"::equals,
          request -> x1.revision().equals(request.path("RemoveFromVersionId").asText(null)),
          () -> sdk.updateSecretVersionStage(r -> r.secretId(NAME).versionStage("sk-v1").moveToVersionId(x0)
              .removeFromVersionId(x1.revision())));

      Throwable t = catchThrowable(() -> c.update(PG, x2.revision(), metadata(List.of()), password("v2")));

      assertThat(b.read(PG).orElseThrow().revision()).as("nobody committed").isEqualTo(
          t == null ? b.read(PG).orElseThrow().revision() : x2.revision());
      assertThat(t).as("c's write: AWSCURRENT was still the version it read").isNull();
    }
  }

  /** A late tidy of a secret deleted and created again under its name never touches the new secret's labels. */
  @Test
  void aLateTidy_afterDeleteAndCreateAgain_neverRemovesTheNewSecretsLabels() {
    try (SecretStore a = store(""); SecretStore b = store("")) {
      StoredSecret s = b.create(PG, metadata(List.of()), password("old1"));
      for (int i = 2; i <= 20; i++) {
        s = b.update(PG, s.revision(), metadata(List.of()), password("old" + i));
      }
      emulator.beforeNext("DescribeSecret"::equals, request -> true, () -> {
        b.delete(PG, null);
        StoredSecret n = b.create(PG, metadata(List.of()), password("new1"));
        for (int i = 2; i <= 6; i++) {
          n = b.update(PG, n.revision(), metadata(List.of()), password("new" + i));
        }
      });
      a.update(PG, s.revision(), metadata(List.of()), password("old21"));

      List<Long> retained = b.versions(PG).stream().map(v -> v.number()).toList();
      assertThat(retained).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
      for (long number : retained.subList(0, retained.size() - 1)) {
        assertThat(labelsOf("sk-v" + number)).as("new secret's version %d still labelled", number).hasSize(1);
      }
    }
  }

  @Test
  void aReadOfAnOldVersion_neverReturnsTheValuesOfASecretCreatedAgainUnderTheName() {
    try (SecretStore a = store(""); SecretStore b = store("")) {
      StoredSecret old = b.create(PG, metadata(List.of(MALLORY)), password("old1"));
      b.update(PG, old.revision(), metadata(List.of(MALLORY)), password("old2"));
      emulator.beforeNext("GetSecretValue"::equals, request -> request.hasNonNull("VersionId"), () -> {
        b.delete(PG, null);
        StoredSecret created = b.create(PG, metadata(List.of()), password("new1-not-for-mallory"));
        b.update(PG, created.revision(), metadata(List.of()), password("new2"));
      });

      try (SecretClient mallory = client(a, Principal.of("mallory"))) {
        Throwable thrown = catchThrowable(() -> mallory.resolve("public:pg#password@1"));
        assertThat(thrown).as("the version read went away with the secret it belonged to")
            .isInstanceOf(dev.secretkit.SecretNotFoundException.class).hasMessageNotContaining("new1");
      }
    }
  }

  @Test
  void aDeleteAfterItsRevisionCheck_neverRemovesASecretCreatedAgainUnderTheName() {
    try (SecretStore a = store(""); SecretStore b = store("")) {
      b.create(PG, metadata(List.of()), password("old"));
      emulator.beforeNext("DeleteSecret"::equals, request -> true, () -> {
        b.delete(PG, null);
        b.create(PG, metadata(List.of()).withDependents(List.of("depot:v2alpha:sales")), password("new"));
      });

      try (SecretClient olivia = client(a, Principal.localUser("olivia"))) {
        Throwable thrown = catchThrowable(() -> olivia.delete(PG, false));
        assertThat(thrown).as("the secret it meant is gone either way: done, or a conflict")
            .satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(ConflictException.class));
      }
      assertThat(b.read(PG)).as("the new secret, which has a dependent, survives a delete aimed at the old one")
          .isPresent();
    }
  }

  @Test
  void aCreateWhoseAnswerIsLost_isNotSentAgainWithItsToken_soASecretDeletedMeanwhileNeverComesBackAsItWas() {
    try (SecretStore a = store("maxAttempts=3&retryDelayMillis=0"); SecretStore b = store("")) {
      String[] deleted = new String[1];
      emulator.resetCalls();
      emulator.failCall(1, CallFault.ERROR_AFTER);
      emulator.beforeNext("DescribeSecret"::equals, request -> true, () -> {
        SecretHead seen = b.head(PG).orElseThrow();
        b.delete(PG, seen.revision());
        deleted[0] = seen.revision();
      });

      StoredSecret created = a.create(PG, metadata(List.of(MALLORY)), password("v1"));

      assertThat(deleted[0]).as("the other writer deleted what the lost create made").isNotNull();
      assertThat(created.revision()).as("a new create, under a revision never seen").isNotEqualTo(deleted[0]);
      assertThat(b.probe(PG)).contains(created.revision());
      assertThat(emulator.calls("CreateSecret")).isEqualTo(2);
    }
  }

  @Test
  void aCreateWhoseAnswerIsLost_standsWhenItHappened_andIsAConflictWhenSomeoneElseCreatedTheSecret() {
    try (SecretStore a = store("maxAttempts=3&retryDelayMillis=0"); SecretStore b = store("")) {
      emulator.failCall(1, CallFault.ERROR_AFTER);
      StoredSecret created = a.create(PG, metadata(List.of()), password("v1"));
      assertThat(b.read(PG).orElseThrow().revision()).isEqualTo(created.revision());

      b.delete(PG, created.revision());
      emulator.failCall(1, CallFault.ERROR_AFTER);
      emulator.beforeNext("DescribeSecret"::equals, request -> true, () -> {
        StoredSecret theirs = b.read(PG).orElseThrow();
        b.delete(PG, theirs.revision());
        b.create(PG, metadata(List.of()), password("theirs"));
      });
      assertThatThrownBy(() -> a.create(PG, metadata(List.of()), password("mine")))
          .isInstanceOfSatisfying(ConflictException.class,
              e -> assertThat(e.reason()).isEqualTo(ConflictException.Reason.EXISTS));
      assertThat(b.read(PG).orElseThrow().values().get("password").asString()).isEqualTo("theirs");
    }
  }

  /**
   * Makes the next update's commit (its stage move) happen with its answer lost, and {@code other}
   * write a grant on top before the writer can look at what happened.
   */
  private void loseTheCommitsAnswer_whileGrantingThrough(SecretStore other) {
    emulator.resetCalls();
    emulator.failCall(MOVE, CallFault.ERROR_AFTER);
    emulator.beforeNext("DescribeSecret"::equals, request -> true, () -> {
      StoredSecret mine = other.read(PG).orElseThrow();
      other.updateMetadata(PG, mine.revision(), metadata(List.of(MALLORY)));
    });
  }

  /** Returns whether {@code operation} changes a secret: the first such call of a write is after its read. */
  private static boolean writes(String operation) {
    return operation.equals("PutSecretValue") || operation.equals("UpdateSecretVersionStage");
  }

  /** Checks that each retained version but the current one has an AWS version labelled sk-vN holding its values. */
  private void assertRetainedVersionsAreKept(SecretStore store) {
    Map<String, List<String>> stages = sdk.describeSecret(r -> r.secretId(NAME)).versionIdsToStages();
    List<Long> retained = store.versions(PG).stream().map(v -> v.number()).toList();
    for (long number : retained.subList(0, retained.size() - 1)) {
      List<String> holders = labelsOf("sk-v" + number);
      assertThat(holders).as("AWS versions labelled sk-v%d", number).hasSize(1);
      String held = sdk.getSecretValue(r -> r.secretId(NAME).versionId(holders.get(0))).secretString();
      String expected = sdk.getSecretValue(r -> r.secretId(NAME).versionId(refOf(number))).secretString();
      assertThat(passwordIn(held)).as("the labelled version holds version %d's values", number)
          .isEqualTo(passwordIn(expected));
      assertThat(stages).containsKey(holders.get(0));
    }
  }

  private static String passwordIn(String secretString) {
    try {
      return new ObjectMapper().readTree(secretString).get("password").asText();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private long labelCount() {
    return sdk.describeSecret(r -> r.secretId(NAME)).versionIdsToStages().values().stream().mapToLong(List::size)
        .sum();
  }

  private List<String> labelsOf(String label) {
    return sdk.describeSecret(r -> r.secretId(NAME)).versionIdsToStages().entrySet().stream()
        .filter(e -> e.getValue().contains(label)).map(Map.Entry::getKey).toList();
  }

  /** Returns the AWS VersionId the current envelope names for SecretKit version {@code number}. */
  private String refOf(long number) {
    try {
      ObjectNode envelope = (ObjectNode) new ObjectMapper().readTree(sdk.getSecretValue(r -> r.secretId(NAME))
          .secretString()).get("_secretkit");
      for (var entry : envelope.get("history")) {
        if (entry.get("number").asLong() == number) {
          return entry.get("ref").asText();
        }
      }
      throw new AssertionError("no history entry " + number);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private SecretClient client(SecretStore store, Principal principal) {
    return SecretClient.builder().store(store).principal(principal).clock(clock).environment(Map.of()).build();
  }

  private static SecretMetadata metadata(List<Grant> grants) {
    return new SecretMetadata("secret", "v1", "key-value-properties", "r", "olivia", List.of(), "d", null, grants,
        List.of(), T0, "olivia", T0, "olivia");
  }

  private static Map<String, SecretValue> password(String value) {
    return Map.of("password", SecretValue.ofString(value));
  }
}
