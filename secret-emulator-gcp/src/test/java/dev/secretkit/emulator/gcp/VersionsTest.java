package dev.secretkit.emulator.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.secretmanager.v1.AccessSecretVersionResponse;
import com.google.cloud.secretmanager.v1.AddSecretVersionRequest;
import com.google.cloud.secretmanager.v1.DestroySecretVersionRequest;
import com.google.cloud.secretmanager.v1.DisableSecretVersionRequest;
import com.google.cloud.secretmanager.v1.EnableSecretVersionRequest;
import com.google.cloud.secretmanager.v1.ListSecretVersionsRequest;
import com.google.cloud.secretmanager.v1.ListSecretVersionsResponse;
import com.google.cloud.secretmanager.v1.Replication;
import com.google.cloud.secretmanager.v1.ReplicationStatus;
import com.google.cloud.secretmanager.v1.Secret;
import com.google.cloud.secretmanager.v1.SecretPayload;
import com.google.cloud.secretmanager.v1.SecretVersion;
import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * AddSecretVersion, AccessSecretVersion, GetSecretVersion, ListSecretVersions and the version state machine, with
 * CRC32C, {@code latest}, aliases and etags, through the real client.
 */
class VersionsTest extends EmulatorTestBase {

  @Test
  void addSecretVersion_numbersVersionsFrom1_enabled_withTimeEtagAndReplicationStatus() {
    Secret secret = createSecret("db");
    clock.advance(Duration.ofSeconds(5));

    SecretVersion first = addVersion("db", "one");
    SecretVersion second = addVersion("db", "two");

    assertThat(first.getName()).isEqualTo(secret.getName() + "/versions/1");
    assertThat(second.getName()).isEqualTo(secret.getName() + "/versions/2");
    assertThat(first.getState()).isEqualTo(SecretVersion.State.ENABLED);
    assertThat(first.getCreateTime()).isEqualTo(Timestamp.newBuilder()
        .setSeconds(clock.instant().getEpochSecond()).build());
    assertThat(first.getEtag()).matches("\"[0-9a-f]+\"").isNotEqualTo(second.getEtag());
    assertThat(first.getReplicationStatus().hasAutomatic()).isTrue();
    assertThat(first.getClientSpecifiedPayloadChecksum()).isFalse();
    assertThat(client.getSecret(secret.getName()).getEtag()).as("adding a version leaves the secret's etag")
        .isEqualTo(secret.getEtag());
  }

  @Test
  void addSecretVersion_toUserManagedReplication_reportsEachReplica() {
    client.createSecret(PARENT, "db", Secret.newBuilder().setReplication(Replication.newBuilder().setUserManaged(
        Replication.UserManaged.newBuilder().addReplicas(Replication.UserManaged.Replica.newBuilder()
            .setLocation("europe-west1")))).build());

    SecretVersion version = addVersion("db", "x");

    assertThat(version.getReplicationStatus().getUserManaged().getReplicasList())
        .extracting(ReplicationStatus.UserManagedStatus.ReplicaStatus::getLocation).containsExactly("europe-west1");
  }

  @Test
  void addSecretVersion_checksASentCrc32c_andComputesOneOtherwise() {
    createSecret("db");
    byte[] data = "fake-password".getBytes(StandardCharsets.UTF_8);

    Status mismatch = failure(() -> add("db", SecretPayload.newBuilder().setData(ByteString.copyFrom(data))
        .setDataCrc32C(crc32c(data) + 1)));
    SecretVersion checked = add("db", SecretPayload.newBuilder().setData(ByteString.copyFrom(data))
        .setDataCrc32C(crc32c(data)));
    SecretVersion computed = addVersion("db", "other");

    assertThat(mismatch.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(mismatch.getDescription()).startsWith("Checksum mismatch");
    assertThat(checked.getName()).as("the refused version took no number").endsWith("/versions/1");
    assertThat(checked.getClientSpecifiedPayloadChecksum()).isTrue();
    assertThat(computed.getClientSpecifiedPayloadChecksum()).isFalse();
    AccessSecretVersionResponse first = client.accessSecretVersion(checked.getName());
    assertThat(first.getPayload().getData().toByteArray()).isEqualTo(data);
    assertThat(first.getPayload().getDataCrc32C()).isEqualTo(crc32c(data));
    assertThat(client.accessSecretVersion(computed.getName()).getPayload().getDataCrc32C())
        .isEqualTo(crc32c("other".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void addSecretVersion_takes65536Bytes_refusesMore_andRequiresAPayload() {
    createSecret("db");

    SecretVersion largest = add("db", SecretPayload.newBuilder()
        .setData(ByteString.copyFrom(new byte[GcpSecretManagerEmulator.MAX_PAYLOAD_BYTES])));
    Status tooLarge = failure(() -> add("db", SecretPayload.newBuilder()
        .setData(ByteString.copyFrom(new byte[GcpSecretManagerEmulator.MAX_PAYLOAD_BYTES + 1]))));
    Status none = failure(() -> client.addSecretVersion(AddSecretVersionRequest.newBuilder()
        .setParent(PARENT + "/secrets/db").build()));
    SecretVersion empty = add("db", SecretPayload.newBuilder());

    assertThat(largest.getName()).endsWith("/versions/1");
    assertThat(tooLarge.getDescription()).isEqualTo("Secret payload data is 65537 bytes; it must be no larger than "
        + "65536 bytes (64 KiB).");
    assertThat(none.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(access(empty.getName())).isEmpty();
    assertThat(failure(() -> addVersion("missing", "x")).getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void accessSecretVersion_byNumberLatestAndAlias_answersTheNumberedName() {
    createSecret("db");
    addVersion("db", "one");
    SecretVersion second = addVersion("db", "two");

    AccessSecretVersionResponse latest = client.accessSecretVersion(PARENT + "/secrets/db/versions/latest");

    assertThat(latest.getName()).isEqualTo(second.getName());
    assertThat(latest.getPayload().getData().toStringUtf8()).isEqualTo("two");
    assertThat(access(PARENT + "/secrets/db/versions/1")).isEqualTo("one");
    setAliases("db", Map.of("stable", 1L));
    assertThat(client.accessSecretVersion(PARENT + "/secrets/db/versions/stable").getName())
        .isEqualTo(secretName("db") + "/versions/1");
    assertThat(client.getSecretVersion(PARENT + "/secrets/db/versions/stable").getName()).endsWith("/versions/1");
    assertThat(client.getSecretVersion(PARENT + "/secrets/db/versions/latest").getName()).endsWith("/versions/2");
  }

  @Test
  void accessSecretVersion_ofMissingVersions_isNotFound() {
    createSecret("db");

    Status latest = failure(() -> client.accessSecretVersion(PARENT + "/secrets/db/versions/latest"));
    addVersion("db", "one");
    Status seven = failure(() -> client.accessSecretVersion(PARENT + "/secrets/db/versions/7"));
    Status alias = failure(() -> client.accessSecretVersion(PARENT + "/secrets/db/versions/nosuchalias"));
    Status malformed = failure(() -> client.accessSecretVersion(PARENT + "/secrets/db/versions/-1"));

    assertThat(latest.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(latest.getDescription()).isEqualTo("Secret Version [" + secretName("db") + "/versions/latest] not "
        + "found.");
    assertThat(seven.getDescription()).isEqualTo("Secret Version [" + secretName("db") + "/versions/7] not found.");
    assertThat(alias.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(malformed.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void disableAndEnable_gateAccess_withSecretManagersMessage() {
    createSecret("db");
    SecretVersion version = addVersion("db", "one");

    SecretVersion disabled = client.disableSecretVersion(version.getName());
    Status refused = failure(() -> access(version.getName()));
    SecretVersion enabled = client.enableSecretVersion(version.getName());

    assertThat(disabled.getState()).isEqualTo(SecretVersion.State.DISABLED);
    assertThat(refused.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(refused.getDescription()).isEqualTo("Secret Version [" + version.getName() + "] is in DISABLED state.");
    assertThat(enabled.getState()).isEqualTo(SecretVersion.State.ENABLED);
    assertThat(access(version.getName())).isEqualTo("one");
    assertThat(client.getSecretVersion(version.getName())).isEqualTo(enabled);
  }

  @Test
  void latest_isTheNewestVersionWhateverItsState_neverAnOlderOne() {
    createSecret("db");
    addVersion("db", "one");
    SecretVersion second = addVersion("db", "two");
    String latest = PARENT + "/secrets/db/versions/latest";

    client.disableSecretVersion(second.getName());
    Status disabled = failure(() -> access(latest));
    client.destroySecretVersion(second.getName());
    Status destroyed = failure(() -> access(latest));

    assertThat(disabled.getDescription()).isEqualTo("Secret Version [" + second.getName() + "] is in DISABLED "
        + "state.");
    assertThat(destroyed.getDescription()).isEqualTo("Secret Version [" + second.getName() + "] is in DESTROYED "
        + "state.");
    assertThat(client.getSecretVersion(latest).getState()).isEqualTo(SecretVersion.State.DESTROYED);
    assertThat(access(PARENT + "/secrets/db/versions/1")).isEqualTo("one");
  }

  @Test
  void destroy_wipesTheData_setsDestroyTime_andIsTerminal() {
    createSecret("db");
    SecretVersion version = addVersion("db", "one");
    clock.advance(Duration.ofMinutes(3));

    SecretVersion destroyed = client.destroySecretVersion(version.getName());

    assertThat(destroyed.getState()).isEqualTo(SecretVersion.State.DESTROYED);
    assertThat(destroyed.getDestroyTime().getSeconds()).isEqualTo(clock.instant().getEpochSecond());
    assertThat(destroyed.getEtag()).isNotEqualTo(version.getEtag());
    for (Status status : List.of(failure(() -> client.enableSecretVersion(version.getName())),
        failure(() -> client.disableSecretVersion(version.getName())),
        failure(() -> client.destroySecretVersion(version.getName())))) {
      assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(status.getDescription()).isEqualTo("Secret Version [" + version.getName() + "] is in DESTROYED "
          + "state.");
    }
    assertThat(client.getSecretVersion(version.getName())).isEqualTo(destroyed);
    assertThatThrownBy(() -> gcp.corruptPayload(version.getName())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no data");
    assertThat(addVersion("db", "two").getName()).as("a destroyed version's number is never reused")
        .endsWith("/versions/2");
  }

  @Test
  void versionEtags_changeOnEveryChange_andAStaleOneIsRefused() {
    createSecret("db");
    SecretVersion version = addVersion("db", "one");

    SecretVersion enabledAgain = client.enableSecretVersion(version.getName());
    Status stale = failure(() -> client.disableSecretVersion(DisableSecretVersionRequest.newBuilder()
        .setName(version.getName()).setEtag(version.getEtag()).build()));
    SecretVersion disabled = client.disableSecretVersion(DisableSecretVersionRequest.newBuilder()
        .setName(version.getName()).setEtag(enabledAgain.getEtag()).build());
    SecretVersion enabled = client.enableSecretVersion(EnableSecretVersionRequest.newBuilder()
        .setName(version.getName()).setEtag(disabled.getEtag()).build());
    Status staleDestroy = failure(() -> client.destroySecretVersion(DestroySecretVersionRequest.newBuilder()
        .setName(version.getName()).setEtag(disabled.getEtag()).build()));
    Status malformed = failure(() -> client.destroySecretVersion(DestroySecretVersionRequest.newBuilder()
        .setName(version.getName()).setEtag("abc").build()));

    assertThat(enabledAgain.getEtag()).as("enabling an enabled version changes its etag")
        .isNotEqualTo(version.getEtag());
    assertThat(stale.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(disabled.getState()).isEqualTo(SecretVersion.State.DISABLED);
    assertThat(enabled.getState()).isEqualTo(SecretVersion.State.ENABLED);
    assertThat(staleDestroy.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(malformed.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(access(version.getName())).isEqualTo("one");
  }

  @Test
  void stateChanges_takeVersionNumbersOnly() {
    createSecret("db");
    addVersion("db", "one");
    setAliases("db", Map.of("stable", 1L));

    Status latest = failure(() -> client.disableSecretVersion(PARENT + "/secrets/db/versions/latest"));
    Status alias = failure(() -> client.destroySecretVersion(PARENT + "/secrets/db/versions/stable"));

    assertThat(latest.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(latest.getDescription()).contains("'latest' and aliases resolve only in GetSecretVersion and "
        + "AccessSecretVersion");
    assertThat(alias.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(failure(() -> client.enableSecretVersion(PARENT + "/secrets/db/versions/9")).getCode())
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void aliases_keepTheDocumentedRules() {
    createSecret("db");
    addVersion("db", "one");
    SecretVersion destroyed = addVersion("db", "two");
    client.destroySecretVersion(destroyed.getName());
    Map<String, Long> fifty = new HashMap<>();
    for (int i = 0; i < 50; i++) {
      fifty.put("a" + i, 1L);
    }
    Map<String, Long> fiftyOne = new HashMap<>(fifty);
    fiftyOne.put("z", 1L);

    for (String reserved : List.of("latest", "LATEST", "New", "new")) {
      assertThat(failure(() -> setAliases("db", Map.of(reserved, 1L))).getDescription()).as(reserved)
          .startsWith("Secret.version_aliases alias '" + reserved + "' is invalid");
    }
    assertThat(failure(() -> setAliases("db", Map.of("1st", 1L))).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(failure(() -> setAliases("db", Map.of("a".repeat(64), 1L))).getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(failure(() -> setAliases("db", Map.of("ghost", 9L))).getDescription()).contains("does not have");
    assertThat(failure(() -> setAliases("db", Map.of("gone", 2L))).getDescription()).contains("which is destroyed");
    assertThat(failure(() -> setAliases("db", fiftyOne)).getDescription()).contains("no more than 50");
    assertThat(setAliases("db", fifty).getVersionAliasesCount()).isEqualTo(50);
    assertThat(setAliases("db", Map.of("Prod_1-a", 1L, "b".repeat(63), 1L)).getVersionAliasesMap()).hasSize(2);
    assertThat(failure(() -> client.createSecret(PARENT, "other", Secret.newBuilder().setReplication(AUTOMATIC)
        .putVersionAliases("prod", 1).build())).getDescription()).contains("does not have");
  }

  @Test
  void anAliasToAVersionDestroyedLater_staysAndFailsAccess() {
    createSecret("db");
    SecretVersion version = addVersion("db", "one");
    setAliases("db", Map.of("prod", 1L));

    client.destroySecretVersion(version.getName());

    assertThat(client.getSecret(PARENT + "/secrets/db").getVersionAliasesMap()).containsEntry("prod", 1L);
    assertThat(failure(() -> access(PARENT + "/secrets/db/versions/prod")).getDescription())
        .isEqualTo("Secret Version [" + version.getName() + "] is in DESTROYED state.");
  }

  @Test
  void listSecretVersions_listsNewestFirst_inPages_andFiltersOnState() {
    createSecret("db");
    for (int i = 1; i <= 5; i++) {
      addVersion("db", "v" + i);
    }
    client.disableSecretVersion(secretName("db") + "/versions/2");
    client.destroySecretVersion(secretName("db") + "/versions/4");

    ListSecretVersionsResponse first = listVersions(ListSecretVersionsRequest.newBuilder().setPageSize(3));
    ListSecretVersionsResponse rest = listVersions(ListSecretVersionsRequest.newBuilder().setPageSize(3)
        .setPageToken(first.getNextPageToken()));

    assertThat(numbers(first)).containsExactly("5", "4", "3");
    assertThat(first.getTotalSize()).isEqualTo(5);
    assertThat(numbers(rest)).containsExactly("2", "1");
    assertThat(rest.getNextPageToken()).isEmpty();
    assertThat(numbers(listVersions(ListSecretVersionsRequest.newBuilder().setFilter("state:ENABLED"))))
        .containsExactly("5", "3", "1");
    assertThat(numbers(listVersions(ListSecretVersionsRequest.newBuilder().setFilter("NOT state=ENABLED"))))
        .containsExactly("4", "2");
    assertThat(numbers(listVersions(ListSecretVersionsRequest.newBuilder().setFilter("state:disabled"))))
        .containsExactly("2");
    assertThat(listVersions(ListSecretVersionsRequest.newBuilder().setFilter("state:ENABLED")).getTotalSize())
        .isZero();
    assertThat(failure(() -> listVersions(ListSecretVersionsRequest.newBuilder().setFilter("labels.a:*")))
        .getDescription()).contains("filters versions on name and state");
    assertThat(client.listSecretVersions(PARENT + "/secrets/db").iterateAll()).hasSize(5);
    assertThat(failure(() -> client.listSecretVersions(PARENT + "/secrets/missing").iterateAll().iterator().next())
        .getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void corruptPayload_keepsTheStoredChecksum_soAccessAnswersAMismatch() {
    createSecret("db");
    SecretVersion version = addVersion("db", "fake-password");

    gcp.corruptPayload(PARENT + "/secrets/db/versions/1");
    AccessSecretVersionResponse response = client.accessSecretVersion(version.getName());

    assertThat(response.getPayload().getData().toStringUtf8()).isNotEqualTo("fake-password");
    assertThat(response.getPayload().getDataCrc32C()).isEqualTo(crc32c("fake-password".getBytes(
        StandardCharsets.UTF_8))).isNotEqualTo(crc32c(response.getPayload().getData().toByteArray()));
    assertThatThrownBy(() -> gcp.corruptPayload(PARENT + "/secrets/db/versions/latest"))
        .isInstanceOf(IllegalArgumentException.class);
    addVersion("db", "");
    assertThatThrownBy(() -> gcp.corruptPayload(PARENT + "/secrets/db/versions/2"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private SecretVersion add(String id, SecretPayload.Builder payload) {
    return client.addSecretVersion(AddSecretVersionRequest.newBuilder().setParent(PARENT + "/secrets/" + id)
        .setPayload(payload).build());
  }

  private Secret setAliases(String id, Map<String, Long> aliases) {
    return client.updateSecret(Secret.newBuilder().setName(PARENT + "/secrets/" + id).putAllVersionAliases(aliases)
        .build(), FieldMask.newBuilder().addPaths("version_aliases").build());
  }

  private ListSecretVersionsResponse listVersions(ListSecretVersionsRequest.Builder request) {
    return client.listSecretVersionsCallable().call(request.setParent(PARENT + "/secrets/db").build());
  }

  private static List<String> numbers(ListSecretVersionsResponse response) {
    return response.getVersionsList().stream().map(version -> version.getName().substring(
        version.getName().lastIndexOf('/') + 1)).collect(Collectors.toList());
  }

  private static long crc32c(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    return crc.getValue();
  }
}
