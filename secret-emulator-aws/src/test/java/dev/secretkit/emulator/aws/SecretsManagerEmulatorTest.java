package dev.secretkit.emulator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.emulator.support.RandomFaults;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.APIErrorType;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DecryptionFailureException;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InternalServiceErrorException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidNextTokenException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.LimitExceededException;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsRequest;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.secretsmanager.model.SortOrderType;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/** Drives {@link SecretsManagerEmulator} through the real AWS SDK v2 client only. */
class SecretsManagerEmulatorTest {
  private static final String PREVIOUS = "AWSPREVIOUS";
  private static final String CURRENT = "AWSCURRENT";
  private static final String PENDING = "AWSPENDING";
  private static final String MARKED_FOR_DELETION =
      "You can't perform this operation on the secret because it was marked for deletion.";
  private static final String TOKEN_1 = "11111111-1111-1111-1111-111111111111";
  private static final String TOKEN_2 = "22222222-2222-2222-2222-222222222222";

  private final ManualClock clock = new ManualClock();
  private final List<Duration> slept = new CopyOnWriteArrayList<>();
  private SecretsManagerEmulator emulator;
  private SecretsManagerClient client;

  @BeforeEach
  void start() {
    emulator = new SecretsManagerEmulator(clock, slept::add).start();
    client = client(Region.EU_WEST_1, AwsRetryStrategy.doNotRetry(), credentials("AKIDFAKE"));
  }

  @AfterEach
  void stop() {
    client.close();
    emulator.close();
  }

  // ---- create and read --------------------------------------------------------------------

  @Test
  void getSecretValue_afterCreate_returnsTheValueAsCurrent() {
    CreateSecretResponse created = client.createSecret(r -> r.name("db/password").secretString("s3cret"));

    GetSecretValueResponse value = client.getSecretValue(r -> r.secretId("db/password"));

    assertThat(created.arn()).matches(
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db/password-[A-Za-z0-9]{6}");
    assertThat(value.secretString()).isEqualTo("s3cret");
    assertThat(value.versionId()).isEqualTo(created.versionId());
    assertThat(value.versionStages()).containsExactly(CURRENT);
    assertThat(value.arn()).isEqualTo(created.arn());
    assertThat(value.createdDate()).isEqualTo(clock.instant());
  }

  @Test
  void getSecretValue_byFullOrPartialArn_findsTheSecret() {
    String arn = client.createSecret(r -> r.name("api-key").secretString("v")).arn();
    String partialArn = arn.substring(0, arn.length() - 7);

    assertThat(client.getSecretValue(r -> r.secretId(arn)).secretString()).isEqualTo("v");
    assertThat(client.getSecretValue(r -> r.secretId(partialArn)).secretString()).isEqualTo("v");
  }

  @Test
  void getSecretValue_binarySecret_roundTripsTheBytes() {
    byte[] bytes = {0, 1, 2, (byte) 0xff};
    client.createSecret(r -> r.name("blob").secretBinary(SdkBytes.fromByteArray(bytes)));

    GetSecretValueResponse value = client.getSecretValue(r -> r.secretId("blob"));

    assertThat(value.secretBinary().asByteArray()).containsExactly(bytes);
    assertThat(value.secretString()).isNull();
  }

  @Test
  void getSecretValue_missingSecretOrVersion_throwsResourceNotFound() {
    client.createSecret(r -> r.name("empty"));

    assertThatThrownBy(() -> client.getSecretValue(r -> r.secretId("nope")))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("Secrets Manager can't find the specified secret.");
    assertThatThrownBy(() -> client.getSecretValue(r -> r.secretId("empty")))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("staging label: AWSCURRENT");
    assertThatThrownBy(() -> client.getSecretValue(r -> r.secretId("empty").versionId(TOKEN_1)))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("VersionId: " + TOKEN_1);
  }

  @Test
  void getSecretValue_versionIdWithoutThatStage_throwsInvalidRequest() {
    String versionId = client.createSecret(r -> r.name("s").secretString("v")).versionId();

    assertThat(client.getSecretValue(r -> r.secretId("s").versionId(versionId).versionStage(CURRENT))
        .secretString()).isEqualTo("v");
    assertThatThrownBy(() -> client.getSecretValue(
        r -> r.secretId("s").versionId(versionId).versionStage(PENDING)))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void createSecret_existingName_throwsResourceExists() {
    client.createSecret(r -> r.name("dup").secretString("a"));

    assertThatThrownBy(() -> client.createSecret(r -> r.name("dup").secretString("b")))
        .isInstanceOf(ResourceExistsException.class)
        .hasMessageContaining("dup already exists");
  }

  @Test
  void createSecret_retriedWithSameToken_returnsTheFirstVersion() {
    CreateSecretResponse first = client.createSecret(
        r -> r.name("idem").secretString("a").clientRequestToken(TOKEN_1));

    CreateSecretResponse retried = client.createSecret(
        r -> r.name("idem").secretString("a").clientRequestToken(TOKEN_1));

    assertThat(retried.versionId()).isEqualTo(first.versionId()).isEqualTo(TOKEN_1);
    assertThat(retried.arn()).isEqualTo(first.arn());
    assertThatThrownBy(() -> client.createSecret(
        r -> r.name("idem").secretString("b").clientRequestToken(TOKEN_1)))
        .isInstanceOf(ResourceExistsException.class);
  }

  @Test
  void createSecret_stringAndBinary_throwsInvalidParameter() {
    assertThatThrownBy(() -> client.createSecret(r -> r.name("both").secretString("a")
        .secretBinary(SdkBytes.fromUtf8String("b"))))
        .isInstanceOf(InvalidParameterException.class);
  }

  @Test
  void putSecretValue_valueAtAndOverTheLimit_acceptsAndRejectsWithValidationException() {
    client.createSecret(r -> r.name("big"));
    String limit = "x".repeat(65_536);

    client.putSecretValue(r -> r.secretId("big").secretString(limit));

    assertThat(client.getSecretValue(r -> r.secretId("big")).secretString()).hasSize(65_536);
    assertThatThrownBy(() -> client.putSecretValue(r -> r.secretId("big").secretString(limit + "x")))
        .isInstanceOfSatisfying(SecretsManagerException.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e).hasMessageContaining("less than or equal to 65536");
        });
  }

  // ---- versions and staging labels --------------------------------------------------------

  @Test
  void putSecretValue_withoutStages_movesCurrentAndPrevious() {
    String v1 = client.createSecret(r -> r.name("rot").secretString("one")).versionId();
    String v2 = client.putSecretValue(r -> r.secretId("rot").secretString("two")).versionId();
    PutSecretValueResponse third = client.putSecretValue(r -> r.secretId("rot").secretString("three"));

    assertThat(third.versionStages()).containsExactly(CURRENT);
    assertThat(client.getSecretValue(r -> r.secretId("rot")).secretString()).isEqualTo("three");
    assertThat(client.getSecretValue(r -> r.secretId("rot").versionStage(PREVIOUS)).secretString())
        .isEqualTo("two");
    assertThat(client.describeSecret(r -> r.secretId("rot")).versionIdsToStages())
        .containsOnly(Map.entry(third.versionId(), List.of(CURRENT)), Map.entry(v2, List.of(PREVIOUS)))
        .doesNotContainKey(v1);
    assertThat(client.getSecretValue(r -> r.secretId("rot").versionId(v1)).secretString())
        .isEqualTo("one");
  }

  @Test
  void putSecretValue_withPendingStage_leavesCurrentAlone() {
    String v1 = client.createSecret(r -> r.name("rot").secretString("one")).versionId();

    PutSecretValueResponse pending = client.putSecretValue(
        r -> r.secretId("rot").secretString("two").versionStages(PENDING));

    assertThat(pending.versionStages()).containsExactly(PENDING);
    assertThat(client.getSecretValue(r -> r.secretId("rot")).versionId()).isEqualTo(v1);
    assertThat(client.getSecretValue(r -> r.secretId("rot").versionStage(PENDING)).secretString())
        .isEqualTo("two");
  }

  @Test
  void putSecretValue_firstVersion_becomesCurrentWhateverTheStages() {
    client.createSecret(r -> r.name("fresh"));

    PutSecretValueResponse first = client.putSecretValue(
        r -> r.secretId("fresh").secretString("v").versionStages(PENDING));

    assertThat(first.versionStages()).containsExactlyInAnyOrder(PENDING, CURRENT);
  }

  @Test
  void putSecretValue_retriedWithSameToken_isIdempotentAndRejectsAnotherValue() {
    client.createSecret(r -> r.name("idem").secretString("one"));
    client.putSecretValue(r -> r.secretId("idem").secretString("two").clientRequestToken(TOKEN_2));

    PutSecretValueResponse retried = client.putSecretValue(
        r -> r.secretId("idem").secretString("two").clientRequestToken(TOKEN_2));

    assertThat(retried.versionId()).isEqualTo(TOKEN_2);
    assertThat(client.listSecretVersionIds(r -> r.secretId("idem")).versions()).hasSize(2);
    assertThatThrownBy(() -> client.putSecretValue(
        r -> r.secretId("idem").secretString("other").clientRequestToken(TOKEN_2)))
        .isInstanceOf(ResourceExistsException.class);
    assertThat(client.getSecretValue(r -> r.secretId("idem")).secretString()).isEqualTo("two");
  }

  @Test
  void updateSecret_descriptionOnly_createsNoVersion() {
    String v1 = client.createSecret(r -> r.name("u").secretString("one")).versionId();
    clock.advance(Duration.ofMinutes(5));

    var updated = client.updateSecret(r -> r.secretId("u").description("the db").kmsKeyId("alias/k"));

    assertThat(updated.versionId()).isNull();
    DescribeSecretResponse described = client.describeSecret(r -> r.secretId("u"));
    assertThat(described.description()).isEqualTo("the db");
    assertThat(described.kmsKeyId()).isEqualTo("alias/k");
    assertThat(described.lastChangedDate()).isEqualTo(clock.instant());
    assertThat(described.versionIdsToStages()).containsOnlyKeys(v1);
  }

  @Test
  void updateSecret_withValue_addsACurrentVersion() {
    String v1 = client.createSecret(r -> r.name("u").secretString("one")).versionId();

    String v2 = client.updateSecret(r -> r.secretId("u").secretString("two")).versionId();

    assertThat(v2).isNotNull().isNotEqualTo(v1);
    assertThat(client.getSecretValue(r -> r.secretId("u")).secretString()).isEqualTo("two");
    assertThat(client.getSecretValue(r -> r.secretId("u").versionStage(PREVIOUS)).versionId())
        .isEqualTo(v1);
  }

  @Test
  void updateSecret_retriedWithSameToken_isIdempotentAndRejectsAnotherValue() {
    client.createSecret(r -> r.name("u").secretString("one"));
    client.updateSecret(r -> r.secretId("u").secretString("two").clientRequestToken(TOKEN_1));

    String retried = client.updateSecret(
        r -> r.secretId("u").secretString("two").clientRequestToken(TOKEN_1)).versionId();

    assertThat(retried).isEqualTo(TOKEN_1);
    assertThat(client.listSecretVersionIds(r -> r.secretId("u")).versions()).hasSize(2);
    assertThatThrownBy(() -> client.updateSecret(
        r -> r.secretId("u").secretString("three").clientRequestToken(TOKEN_1)))
        .isInstanceOf(ResourceExistsException.class);
  }

  @Test
  void listSecretVersionIds_smallPages_followNextToken() {
    client.createSecret(r -> r.name("v").secretString("one"));
    client.putSecretValue(r -> r.secretId("v").secretString("two"));
    client.putSecretValue(r -> r.secretId("v").secretString("three").versionStages(PENDING));

    List<String> ids = new ArrayList<>();
    client.listSecretVersionIdsPaginator(r -> r.secretId("v").maxResults(1))
        .forEach(page -> page.versions().forEach(version -> ids.add(version.versionId())));

    assertThat(ids).hasSize(3).doesNotHaveDuplicates();
    assertThat(emulator.calls("ListSecretVersionIds")).isEqualTo(3);
    assertThatThrownBy(() -> client.listSecretVersionIds(r -> r.secretId("v").nextToken("x")))
        .isInstanceOf(InvalidNextTokenException.class);
  }

  @Test
  void updateSecretVersionStage_promotingPending_makesOldCurrentPrevious() {
    String v1 = client.createSecret(r -> r.name("r").secretString("one")).versionId();
    String v2 = client.putSecretValue(r -> r.secretId("r").secretString("two")).versionId();
    String v3 = client.putSecretValue(
        r -> r.secretId("r").secretString("three").versionStages(PENDING)).versionId();

    client.updateSecretVersionStage(
        r -> r.secretId("r").versionStage(CURRENT).moveToVersionId(v3).removeFromVersionId(v2));
    client.updateSecretVersionStage(
        r -> r.secretId("r").versionStage(PENDING).removeFromVersionId(v3));

    assertThat(client.describeSecret(r -> r.secretId("r")).versionIdsToStages())
        .containsOnly(Map.entry(v3, List.of(CURRENT)), Map.entry(v2, List.of(PREVIOUS)));
    assertThat(client.listSecretVersionIds(r -> r.secretId("r")).versions())
        .extracting(SecretVersionsListEntry::versionId).containsExactly(v2, v3);
    assertThat(client.listSecretVersionIds(r -> r.secretId("r").includeDeprecated(true)).versions())
        .extracting(SecretVersionsListEntry::versionId).containsExactly(v1, v2, v3);
  }

  @Test
  void updateSecretVersionStage_rollingBackToPrevious_swapsTheLabels() {
    String v1 = client.createSecret(r -> r.name("r").secretString("one")).versionId();
    String v2 = client.putSecretValue(r -> r.secretId("r").secretString("two")).versionId();

    client.updateSecretVersionStage(
        r -> r.secretId("r").versionStage(CURRENT).moveToVersionId(v1).removeFromVersionId(v2));

    assertThat(client.describeSecret(r -> r.secretId("r")).versionIdsToStages())
        .containsOnly(Map.entry(v1, List.of(CURRENT)), Map.entry(v2, List.of(PREVIOUS)));
  }

  @Test
  void updateSecretVersionStage_labelHeldElsewhere_needsTheRightRemoveFromVersionId() {
    String v1 = client.createSecret(r -> r.name("r").secretString("one")).versionId();
    String v2 = client.putSecretValue(
        r -> r.secretId("r").secretString("two").versionStages(PENDING)).versionId();

    assertThatThrownBy(() -> client.updateSecretVersionStage(
        r -> r.secretId("r").versionStage(CURRENT).moveToVersionId(v2)))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("currently attached to version " + v1);
    assertThatThrownBy(() -> client.updateSecretVersionStage(
        r -> r.secretId("r").versionStage(CURRENT).moveToVersionId(v2).removeFromVersionId(v2)))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(() -> client.updateSecretVersionStage(
        r -> r.secretId("r").versionStage(CURRENT).removeFromVersionId(v1)))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(() -> client.updateSecretVersionStage(
        r -> r.secretId("r").versionStage("CUSTOM").moveToVersionId(TOKEN_1)))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  // ---- describe, list ---------------------------------------------------------------------

  @Test
  void describeSecret_reportsMetadataAndTimes() {
    Instant created = clock.instant();
    client.createSecret(r -> r.name("d").description("desc").kmsKeyId("alias/k").secretString("v")
        .tags(Tag.builder().key("team").value("core").build()));
    clock.advance(Duration.ofDays(2).plusHours(3));
    client.getSecretValue(r -> r.secretId("d"));

    DescribeSecretResponse described = client.describeSecret(r -> r.secretId("d"));

    assertThat(described.name()).isEqualTo("d");
    assertThat(described.description()).isEqualTo("desc");
    assertThat(described.kmsKeyId()).isEqualTo("alias/k");
    assertThat(described.tags()).containsExactly(Tag.builder().key("team").value("core").build());
    assertThat(described.createdDate()).isEqualTo(created);
    assertThat(described.lastChangedDate()).isEqualTo(created);
    assertThat(described.lastAccessedDate()).isEqualTo(Instant.parse("2024-01-03T00:00:00Z"));
    assertThat(described.deletedDate()).isNull();
    assertThat(described.versionIdsToStages()).hasSize(1);
  }

  @Test
  void listSecrets_manySecrets_pagesWithOpaqueTokens() {
    createSecrets("app/", 25);

    ListSecretsResponse first = client.listSecrets(r -> r.maxResults(10));
    List<String> names = new ArrayList<>();
    client.listSecretsPaginator(r -> r.maxResults(10))
        .forEach(page -> page.secretList().forEach(entry -> names.add(entry.name())));

    assertThat(first.secretList()).hasSize(10);
    assertThat(first.nextToken()).isNotBlank().doesNotContain("10");
    assertThat(names).hasSize(25).doesNotHaveDuplicates().startsWith("app/00", "app/01");
    assertThat(emulator.calls("ListSecrets")).isEqualTo(4);
    assertThatThrownBy(() -> client.listSecrets(r -> r.nextToken("bogus")))
        .isInstanceOf(InvalidNextTokenException.class);
    assertThatThrownBy(() -> client.listSecrets(r -> r.nextToken(first.nextToken())
        .filters(filter(FilterNameStringType.NAME, "app/"))))
        .isInstanceOf(InvalidNextTokenException.class);
  }

  @Test
  void listSecrets_maxResultsOutOfRange_isRejected() {
    assertThatThrownBy(() -> client.listSecrets(r -> r.maxResults(101)))
        .isInstanceOfSatisfying(SecretsManagerException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
  }

  @Test
  void listSecrets_filters_matchByPrefixWithNegation() {
    client.createSecret(r -> r.name("prod/db").description("Primary Database")
        .tags(Tag.builder().key("team").value("payments").build()));
    client.createSecret(r -> r.name("prod/cache").description("redis cache")
        .tags(Tag.builder().key("owner").value("platform").build()));
    client.createSecret(r -> r.name("dev/db").description("primary database, dev"));

    assertThat(names(r -> r.filters(filter(FilterNameStringType.NAME, "prod/"))))
        .containsExactly("prod/db", "prod/cache");
    assertThat(names(r -> r.filters(filter(FilterNameStringType.NAME, "Prod/")))).isEmpty();
    assertThat(names(r -> r.filters(filter(FilterNameStringType.NAME, "prod/", "!prod/c"))))
        .containsExactly("prod/db");
    assertThat(names(r -> r.filters(filter(FilterNameStringType.DESCRIPTION, "PRIMARY"))))
        .containsExactly("prod/db", "dev/db");
    assertThat(names(r -> r.filters(filter(FilterNameStringType.TAG_KEY, "tea"))))
        .containsExactly("prod/db");
    assertThat(names(r -> r.filters(filter(FilterNameStringType.TAG_VALUE, "plat"))))
        .containsExactly("prod/cache");
    assertThat(names(r -> r.filters(filter(FilterNameStringType.NAME, "!dev/"),
        filter(FilterNameStringType.DESCRIPTION, "primary"))))
        .containsExactly("prod/db");
    assertThat(names(r -> r.filters(filter(FilterNameStringType.ALL, "REDIS platform"))))
        .containsExactly("prod/cache");
    assertThat(names(r -> r.sortOrder(SortOrderType.DESC)))
        .containsExactly("dev/db", "prod/cache", "prod/db");
  }

  // ---- batch ------------------------------------------------------------------------------

  @Test
  void batchGetSecretValue_idList_returnsValuesAndPerSecretErrors() {
    client.createSecret(r -> r.name("a").secretString("A"));
    client.createSecret(r -> r.name("locked").secretString("L"));
    client.createSecret(r -> r.name("gone").secretString("G"));
    client.deleteSecret(r -> r.secretId("gone"));
    emulator.failDecryption("locked");

    BatchGetSecretValueResponse batch = client.batchGetSecretValue(
        r -> r.secretIdList("a", "missing", "locked", "gone"));

    assertThat(batch.secretValues()).extracting(SecretValueEntry::name, SecretValueEntry::secretString)
        .containsExactly(tuple("a", "A"));
    assertThat(batch.errors()).extracting(APIErrorType::secretId, APIErrorType::errorCode)
        .containsExactly(
            tuple("missing", "ResourceNotFoundException"),
            tuple("locked", "DecryptionFailure"),
            tuple("gone", "InvalidRequestException"));
  }

  @Test
  void batchGetSecretValue_deniedGetSecretValue_reportsAccessDeniedPerSecret() {
    client.createSecret(r -> r.name("a").secretString("A"));
    emulator.deny("GetSecretValue");

    BatchGetSecretValueResponse batch = client.batchGetSecretValue(r -> r.secretIdList("a"));

    assertThat(batch.secretValues()).isEmpty();
    assertThat(batch.errors()).extracting(APIErrorType::errorCode).containsExactly("AccessDeniedException");
  }

  @Test
  void batchGetSecretValue_filters_reads45SecretsIn3Calls() {
    createSecrets("svc/", 45);
    client.createSecret(r -> r.name("other").secretString("x"));
    emulator.resetCalls();

    List<String> values = new ArrayList<>();
    client.batchGetSecretValuePaginator(r -> r.filters(filter(FilterNameStringType.NAME, "svc/")))
        .forEach(page -> page.secretValues().forEach(v -> values.add(v.secretString())));

    assertThat(values).hasSize(45).contains("value-00", "value-44");
    assertThat(emulator.calls("BatchGetSecretValue")).isEqualTo(3);
  }

  @Test
  void batchGetSecretValue_badArguments_areRejected() {
    assertThatThrownBy(() -> client.batchGetSecretValue(r -> r.secretIdList("a")
        .filters(filter(FilterNameStringType.NAME, "a"))))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(() -> client.batchGetSecretValue(r -> r.secretIdList(
        IntStream.range(0, 21).mapToObj(i -> "s" + i).toList())))
        .isInstanceOfSatisfying(SecretsManagerException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    assertThatThrownBy(() -> client.batchGetSecretValue(
        r -> r.filters(filter(FilterNameStringType.NAME, "a")).maxResults(21)))
        .isInstanceOf(SecretsManagerException.class);
  }

  // ---- delete and restore -----------------------------------------------------------------

  @Test
  void deleteSecret_withRecoveryWindow_hidesTheSecretUntilRestored() {
    client.createSecret(r -> r.name("old").secretString("v"));
    Instant deletedAt = clock.instant();

    DeleteSecretResponse deleted = client.deleteSecret(r -> r.secretId("old").recoveryWindowInDays(7L));

    assertThat(deleted.deletionDate()).isEqualTo(deletedAt.plus(Duration.ofDays(7)));
    assertThat(client.describeSecret(r -> r.secretId("old")).deletedDate()).isEqualTo(deletedAt);
    assertThatThrownBy(() -> client.getSecretValue(r -> r.secretId("old")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining(MARKED_FOR_DELETION);
    assertThatThrownBy(() -> client.putSecretValue(r -> r.secretId("old").secretString("x")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining(MARKED_FOR_DELETION);
    assertThatThrownBy(() -> client.createSecret(r -> r.name("old").secretString("x")))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> client.deleteSecret(r -> r.secretId("old")))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(names(r -> { })).isEmpty();
    assertThat(names(r -> r.includePlannedDeletion(true))).containsExactly("old");

    client.restoreSecret(r -> r.secretId("old"));

    assertThat(client.getSecretValue(r -> r.secretId("old")).secretString()).isEqualTo("v");
    assertThat(client.describeSecret(r -> r.secretId("old")).deletedDate()).isNull();
  }

  @Test
  void deleteSecret_recoveryWindowPassed_secretIsGoneAndNameFree() {
    client.createSecret(r -> r.name("old").secretString("v"));
    client.deleteSecret(r -> r.secretId("old"));

    clock.advance(Duration.ofDays(30).minusSeconds(1));
    assertThat(client.describeSecret(r -> r.secretId("old")).deletedDate()).isNotNull();
    clock.advance(Duration.ofSeconds(1));

    assertThatThrownBy(() -> client.describeSecret(r -> r.secretId("old")))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> client.restoreSecret(r -> r.secretId("old")))
        .isInstanceOf(ResourceNotFoundException.class);
    client.createSecret(r -> r.name("old").secretString("new"));
    assertThat(client.getSecretValue(r -> r.secretId("old")).secretString()).isEqualTo("new");
  }

  @Test
  void deleteSecret_forced_removesAtOnceAndToleratesMissingSecrets() {
    client.createSecret(r -> r.name("f").secretString("v"));

    DeleteSecretResponse forced = client.deleteSecret(r -> r.secretId("f").forceDeleteWithoutRecovery(true));
    DeleteSecretResponse again = client.deleteSecret(r -> r.secretId("f").forceDeleteWithoutRecovery(true));

    assertThat(forced.deletionDate()).isEqualTo(clock.instant());
    assertThat(again.name()).isEqualTo("f");
    assertThatThrownBy(() -> client.getSecretValue(r -> r.secretId("f")))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> client.deleteSecret(r -> r.secretId("f")))
        .isInstanceOf(ResourceNotFoundException.class);
    client.createSecret(r -> r.name("f").secretString("again"));
  }

  @Test
  void deleteSecret_badRecoveryArguments_throwInvalidParameter() {
    client.createSecret(r -> r.name("x").secretString("v"));

    assertThatThrownBy(() -> client.deleteSecret(
        r -> r.secretId("x").forceDeleteWithoutRecovery(true).recoveryWindowInDays(7L)))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(() -> client.deleteSecret(r -> r.secretId("x").recoveryWindowInDays(6L)))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(() -> client.deleteSecret(r -> r.secretId("x").recoveryWindowInDays(31L)))
        .isInstanceOf(InvalidParameterException.class);
  }

  // ---- tags -------------------------------------------------------------------------------

  @Test
  void tagResource_andUntagResource_changeTheTags() {
    client.createSecret(r -> r.name("t").tags(tag("a", "1")));

    client.tagResource(r -> r.secretId("t").tags(tag("b", "2"), tag("a", "one")));
    client.untagResource(r -> r.secretId("t").tagKeys("b"));

    assertThat(client.describeSecret(r -> r.secretId("t")).tags()).containsExactly(tag("a", "one"));
  }

  @Test
  void tagResource_overTheLimits_isRejected() {
    client.createSecret(r -> r.name("t"));
    List<Tag> fifty = IntStream.range(0, 50).mapToObj(i -> tag("k" + i, "v")).toList();
    client.tagResource(r -> r.secretId("t").tags(fifty));

    assertThatThrownBy(() -> client.tagResource(r -> r.secretId("t").tags(tag("one-more", "v"))))
        .isInstanceOf(LimitExceededException.class);
    assertThatThrownBy(() -> client.tagResource(r -> r.secretId("t").tags(tag("k".repeat(129), "v"))))
        .isInstanceOfSatisfying(SecretsManagerException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    assertThatThrownBy(() -> client.tagResource(r -> r.secretId("t").tags(tag("k0", "v".repeat(257)))))
        .isInstanceOfSatisfying(SecretsManagerException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    client.tagResource(r -> r.secretId("t").tags(tag("k0", "v".repeat(256))));
  }

  // ---- protocol and fault switches --------------------------------------------------------

  @Test
  void anyRegion_keepsItsOwnSecrets() {
    client.createSecret(r -> r.name("regional").secretString("eu"));
    try (SecretsManagerClient us = client(Region.US_EAST_1, AwsRetryStrategy.doNotRetry(),
        credentials("AKIDFAKE"))) {

      assertThatThrownBy(() -> us.getSecretValue(r -> r.secretId("regional")))
          .isInstanceOf(ResourceNotFoundException.class);
      assertThat(us.createSecret(r -> r.name("regional").secretString("us")).arn())
          .startsWith("arn:aws:secretsmanager:us-east-1:123456789012:secret:regional-");
    }
    assertThat(client.getSecretValue(r -> r.secretId("regional")).secretString()).isEqualTo("eu");
  }

  @Test
  void unknownOperation_throwsUnknownOperationException() {
    assertThatThrownBy(() -> client.getRandomPassword(r -> r.passwordLength(20L)))
        .isInstanceOfSatisfying(SecretsManagerException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException"));
  }

  @Test
  void unsignedOrRejectedCredentials_areRefused() {
    emulator.rejectAccessKey("AKIDREVOKED");
    try (SecretsManagerClient anonymous = client(Region.EU_WEST_1, AwsRetryStrategy.doNotRetry(),
            AnonymousCredentialsProvider.create());
        SecretsManagerClient revoked = client(Region.EU_WEST_1, AwsRetryStrategy.doNotRetry(),
            credentials("AKIDREVOKED"))) {

      assertThatThrownBy(() -> anonymous.listSecrets(r -> { }))
          .isInstanceOfSatisfying(SecretsManagerException.class, e -> assertThat(
              e.awsErrorDetails().errorCode()).isEqualTo("MissingAuthenticationTokenException"));
      assertThatThrownBy(() -> revoked.listSecrets(r -> { }))
          .isInstanceOfSatisfying(SecretsManagerException.class, e -> assertThat(
              e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
    }
    assertThat(client.listSecrets(r -> { }).secretList()).isEmpty();
  }

  @Test
  void refuseCredentials_answersEveryCallWithTheCode_untilCleared() {
    emulator.refuseCredentials("ExpiredTokenException");

    assertThatThrownBy(() -> client.listSecrets(r -> { }))
        .isInstanceOfSatisfying(SecretsManagerException.class, e -> assertThat(
            e.awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException"));
    emulator.clearFaults();
    assertThat(client.listSecrets(r -> { }).secretList()).isEmpty();
  }

  @Test
  void throttleNext_answersThrottlingExceptionThenRecovers() {
    client.createSecret(r -> r.name("s").secretString("v"));
    emulator.throttleNext("GetSecretValue", 1);

    assertThat(client.listSecrets(r -> { }).secretList()).hasSize(1);
    assertThatThrownBy(() -> client.getSecretValue(r -> r.secretId("s")))
        .isInstanceOfSatisfying(SecretsManagerException.class, e -> {
          assertThat(e.isThrottlingException()).isTrue();
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
          assertThat(e.requestId()).isNotBlank();
        });
    assertThat(client.getSecretValue(r -> r.secretId("s")).secretString()).isEqualTo("v");
  }

  @Test
  void failNext_answersInternalServiceError() {
    emulator.failNext(1);

    assertThatThrownBy(() -> client.listSecrets(r -> { }))
        .isInstanceOfSatisfying(InternalServiceErrorException.class,
            e -> assertThat(e.statusCode()).isEqualTo(500));
    assertThat(client.listSecrets(r -> { }).secretList()).isEmpty();
  }

  @Test
  void deny_answersAccessDeniedUntilCleared() {
    emulator.deny("ListSecrets");

    assertThatThrownBy(() -> client.listSecrets(r -> { }))
        .isInstanceOfSatisfying(SecretsManagerException.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
          assertThat(e).hasMessageContaining("secretsmanager:ListSecrets");
        });
    emulator.clearFaults();
    assertThat(client.listSecrets(r -> { }).secretList()).isEmpty();
  }

  @Test
  void failDecryption_makesGetSecretValueThrowDecryptionFailure() {
    client.createSecret(r -> r.name("kms").secretString("v"));
    emulator.failDecryption("kms");

    assertThatThrownBy(() -> client.getSecretValue(r -> r.secretId("kms")))
        .isInstanceOf(DecryptionFailureException.class);
  }

  @Test
  void failRandomly_failsCallsByChanceUntilCleared_andRestartServesTheSecretsAgainOnTheSamePort() {
    client.createSecret(r -> r.name("s").secretString("v"));
    emulator.failRandomly(new RandomFaults(1, 0, 0, Duration.ofMillis(10), 1));

    assertThatThrownBy(() -> client.getSecretValue(r -> r.secretId("s")))
        .isInstanceOf(InternalServiceErrorException.class);
    emulator.failRandomly(new RandomFaults(0, 0, 1, Duration.ofMillis(10), 1));
    assertThatThrownBy(() -> client.putSecretValue(r -> r.secretId("s").secretString("v2")))
        .as("carried out, then its answer lost").isInstanceOf(SdkException.class);
    assertThat(emulator.faultsInjected()).isEqualTo(2);
    assertThat(slept).as("a latency for the call carried out only").hasSize(1);
    emulator.clearFaults();
    URI endpoint = emulator.endpoint();
    emulator.close();
    emulator.restart();

    assertThat(emulator.endpoint()).isEqualTo(endpoint);
    try (SecretsManagerClient again = client(Region.EU_WEST_1, AwsRetryStrategy.doNotRetry(),
        credentials("AKIDFAKE"))) {
      assertThat(again.getSecretValue(r -> r.secretId("s")).secretString()).isEqualTo("v2");
    }
    assertThatThrownBy(emulator::restart).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void latency_isWaitedOutThroughTheSleeper() {
    emulator.latency(Duration.ofMillis(250));

    client.listSecrets(r -> { });
    client.listSecrets(r -> { });

    assertThat(slept).containsExactly(Duration.ofMillis(250), Duration.ofMillis(250));
  }

  @Test
  void standardRetry_twoThrottles_succeedsOnTheThirdAttempt() {
    client.createSecret(r -> r.name("s").secretString("v"));
    emulator.throttleNext("GetSecretValue", 2);
    try (SecretsManagerClient retrying = client(Region.EU_WEST_1, standardRetry(), credentials("AKIDFAKE"))) {

      assertThat(retrying.getSecretValue(r -> r.secretId("s")).secretString()).isEqualTo("v");
    }
    assertThat(emulator.calls("GetSecretValue")).isEqualTo(3);
  }

  @Test
  void standardRetry_threeThrottles_failsAfterThreeAttempts() {
    client.createSecret(r -> r.name("s").secretString("v"));
    emulator.throttleNext("GetSecretValue", 3);
    try (SecretsManagerClient retrying = client(Region.EU_WEST_1, standardRetry(), credentials("AKIDFAKE"))) {

      assertThatThrownBy(() -> retrying.getSecretValue(r -> r.secretId("s")))
          .isInstanceOfSatisfying(SecretsManagerException.class,
              e -> assertThat(e.isThrottlingException()).isTrue());
    }
    assertThat(emulator.calls("GetSecretValue")).isEqualTo(3);
    assertThat(client.getSecretValue(r -> r.secretId("s")).secretString()).isEqualTo("v");
  }

  // ---- helpers ----------------------------------------------------------------------------

  private SecretsManagerClient client(Region region, RetryStrategy retry,
      AwsCredentialsProvider credentials) {
    return SecretsManagerClient.builder()
        .endpointOverride(emulator.endpoint())
        .region(region)
        .credentialsProvider(credentials)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(o -> o.retryStrategy(retry))
        .build();
  }

  private static AwsCredentialsProvider credentials(String accessKeyId) {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, "fake-secret-key"));
  }

  /** The SDK's standard strategy, 3 attempts, without backoff delays so that tests do not wait. */
  private static RetryStrategy standardRetry() {
    return AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .backoffStrategy(BackoffStrategy.retryImmediately())
        .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
        .build();
  }

  private void createSecrets(String prefix, int count) {
    for (int i = 0; i < count; i++) {
      String suffix = String.format("%02d", i);
      client.createSecret(r -> r.name(prefix + suffix).secretString("value-" + suffix));
    }
  }

  private List<String> names(Consumer<ListSecretsRequest.Builder> request) {
    return client.listSecrets(request).secretList().stream().map(SecretListEntry::name).toList();
  }

  private static Filter filter(FilterNameStringType key, String... values) {
    return Filter.builder().key(key).values(values).build();
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }
}
