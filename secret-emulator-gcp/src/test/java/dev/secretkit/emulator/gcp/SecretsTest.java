package dev.secretkit.emulator.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.secretmanager.v1.CreateSecretRequest;
import com.google.cloud.secretmanager.v1.DeleteSecretRequest;
import com.google.cloud.secretmanager.v1.ListSecretsRequest;
import com.google.cloud.secretmanager.v1.ListSecretsResponse;
import com.google.cloud.secretmanager.v1.Replication;
import com.google.cloud.secretmanager.v1.Rotation;
import com.google.cloud.secretmanager.v1.Secret;
import com.google.cloud.secretmanager.v1.Topic;
import com.google.cloud.secretmanager.v1.UpdateSecretRequest;
import com.google.protobuf.Duration;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** CreateSecret, GetSecret, UpdateSecret, DeleteSecret and ListSecrets through the real client. */
class SecretsTest extends EmulatorTestBase {

  @Test
  void createSecret_answersTheSecretByProjectNumber_withItsReplicationLabelsTimeAndEtag() {
    Secret created = client.createSecret(PARENT, "db-password", Secret.newBuilder().setReplication(AUTOMATIC)
        .putLabels("team", "web").putAnnotations("owner.example.com", "billing").build());

    assertThat(created.getName()).isEqualTo(secretName("db-password")).startsWith("projects/1");
    assertThat(created.getReplication()).isEqualTo(AUTOMATIC);
    assertThat(created.getLabelsMap()).containsExactly(Map.entry("team", "web"));
    assertThat(created.getAnnotationsMap()).containsExactly(Map.entry("owner.example.com", "billing"));
    assertThat(created.getCreateTime()).isEqualTo(Timestamp.newBuilder()
        .setSeconds(clock.instant().getEpochSecond()).build());
    assertThat(created.getEtag()).matches("\"[0-9a-f]+\"");
    assertThat(client.getSecret(PARENT + "/secrets/db-password")).isEqualTo(created);
    assertThat(client.getSecret(secretName("db-password"))).as("the project by number names the same secret")
        .isEqualTo(created);
  }

  @Test
  void projectNumber_isStableAcrossEmulators_andANumberIsItsOwn() {
    try (GcpSecretManagerEmulator other = new GcpSecretManagerEmulator(clock)) {
      assertThat(other.projectNumber(PROJECT)).isEqualTo(number).hasSize(12);
      assertThat(other.projectNumber("123456789012")).isEqualTo("123456789012");
      assertThat(other.projectNumber("another-project")).isNotEqualTo(number);
      assertThatThrownBy(() -> other.projectNumber("Not_A_Project")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Not_A_Project");
    }
  }

  @Test
  void createSecret_refusesADuplicate_withAlreadyExists() {
    createSecret("db");

    Status status = failure(() -> createSecret("db"));

    assertThat(status.getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(status.getDescription()).isEqualTo("Secret [" + secretName("db") + "] already exists.");
  }

  @Test
  void createSecret_requiresAReplicationPolicy() {
    Status none = failure(() -> client.createSecret(PARENT, "db", Secret.getDefaultInstance()));
    Status noSecret = failure(() -> client.createSecret(CreateSecretRequest.newBuilder().setParent(PARENT)
        .setSecretId("db").build()));
    Status noReplicas = failure(() -> client.createSecret(PARENT, "db", Secret.newBuilder()
        .setReplication(Replication.newBuilder().setUserManaged(Replication.UserManaged.getDefaultInstance()))
        .build()));
    Status twice = failure(() -> client.createSecret(PARENT, "db", Secret.newBuilder()
        .setReplication(userManaged("europe-west1", "europe-west1")).build()));

    assertThat(List.of(none, noSecret, noReplicas, twice)).extracting(Status::getCode)
        .containsOnly(Status.Code.INVALID_ARGUMENT);
    assertThat(none.getDescription()).contains("replication is required");
    assertThat(twice.getDescription()).contains("europe-west1");
    assertThat(failure(() -> client.getSecret(PARENT + "/secrets/db")).getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void createSecret_keepsUserManagedReplication() {
    Secret created = client.createSecret(PARENT, "db", Secret.newBuilder()
        .setReplication(userManaged("europe-west1", "us-east1")).build());

    assertThat(created.getReplication()).isEqualTo(userManaged("europe-west1", "us-east1"));
  }

  @Test
  void createSecret_refusesMalformedIdsParentsAndUnsupportedFields() {
    String longId = "a".repeat(256);
    Map<String, Secret.Builder> unsupported = Map.of(
        "topics", Secret.newBuilder().addTopics(Topic.newBuilder().setName("projects/p/topics/t")),
        "expire_time", Secret.newBuilder().setExpireTime(Timestamp.newBuilder().setSeconds(1)),
        "ttl", Secret.newBuilder().setTtl(Duration.newBuilder().setSeconds(60)),
        "rotation", Secret.newBuilder().setRotation(Rotation.getDefaultInstance()),
        "version_destroy_ttl", Secret.newBuilder().setVersionDestroyTtl(Duration.newBuilder().setSeconds(86400)),
        "tags", Secret.newBuilder().putTags("tagKeys/1", "tagValues/2"));

    assertThat(failure(() -> createSecret("has.dot")).getDescription()).contains("has.dot");
    assertThat(failure(() -> createSecret(longId)).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(failure(() -> client.createSecret("projects/x", "db", Secret.newBuilder().setReplication(AUTOMATIC)
        .build())).getDescription()).isEqualTo("Invalid parent 'projects/x': expected projects/PROJECT, PROJECT a "
        + "project ID or number.");
    unsupported.forEach((field, secret) -> assertThat(failure(() -> client.createSecret(PARENT, "db",
        secret.setReplication(AUTOMATIC).build())).getDescription()).as(field)
        .isEqualTo("Secret." + field + " is not supported by the SecretKit emulator; leave it unset."));
    assertThat(createSecret("a".repeat(255)).getName()).endsWith("/" + "a".repeat(255));
  }

  @Test
  void regionalSecrets_areNotEmulated() {
    Status status = failure(() -> client.createSecret("projects/" + PROJECT + "/locations/europe-west1", "db",
        Secret.newBuilder().build()));

    assertThat(status.getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(status.getDescription()).contains("Regional secrets");
  }

  @Test
  void labels_mustKeepTheDocumentedRules() {
    Map<String, String> tooMany = new HashMap<>();
    for (int i = 0; i < 65; i++) {
      tooMany.put("k" + i, "v");
    }
    Map<String, String> sixtyFour = new HashMap<>(tooMany);
    sixtyFour.remove("k0");

    assertThat(failure(() -> createSecret("a", Map.of("Team", "web"))).getDescription())
        .isEqualTo("Secret.labels key 'Team' is invalid: a key is 1 to 63 lowercase letters, digits, '_' or '-', "
            + "starting with a lowercase letter.");
    assertThat(failure(() -> createSecret("a", Map.of("team", "Web"))).getDescription())
        .contains("value of key 'team'");
    assertThat(failure(() -> createSecret("a", Map.of("k" + "x".repeat(63), "v"))).getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(failure(() -> createSecret("a", tooMany)).getDescription()).contains("no more than 64");
    assertThat(createSecret("a", sixtyFour).getLabelsCount()).isEqualTo(64);
    assertThat(createSecret("b", Map.of("équipe", "", "k" + "x".repeat(62), "ok-1_2")).getLabelsCount())
        .isEqualTo(2);
  }

  @Test
  void annotations_mustKeepTheDocumentedRules() {
    Map<String, String> large = Map.of("a", "x".repeat(16 * 1024 - 1));

    assertThat(failure(() -> client.createSecret(PARENT, "a", Secret.newBuilder().setReplication(AUTOMATIC)
        .putAnnotations("-bad", "x").build())).getDescription()).contains("'-bad'");
    assertThat(failure(() -> client.createSecret(PARENT, "a", Secret.newBuilder().setReplication(AUTOMATIC)
        .putAllAnnotations(large).build())).getDescription())
        .isEqualTo("Secret.annotations keys and values total 16384 bytes; they must total less than 16384 (16 KiB).");
    assertThat(client.createSecret(PARENT, "a", Secret.newBuilder().setReplication(AUTOMATIC)
        .putAnnotations("a", "x".repeat(16 * 1024 - 17)).putAnnotations("Key.with-dots_1", "").build())
        .getAnnotationsCount()).isEqualTo(2);
  }

  @Test
  void getSecret_ofAMissingSecret_isNotFound_namingItByProjectNumber() {
    Status status = failure(() -> client.getSecret(PARENT + "/secrets/missing"));

    assertThat(status.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(status.getDescription()).isEqualTo("Secret [" + secretName("missing") + "] not found.");
    assertThat(failure(() -> client.getSecret(PARENT + "/secrets/bad name")).getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void updateSecret_replacesTheMaskedFieldsOnly_andChangesTheEtag() {
    Secret created = client.createSecret(PARENT, "db", Secret.newBuilder().setReplication(AUTOMATIC)
        .putLabels("team", "web").putAnnotations("note", "old").build());

    Secret updated = client.updateSecret(Secret.newBuilder().setName(created.getName())
        .putLabels("env", "prod").putAnnotations("note", "ignored, not in the mask").build(), mask("labels"));

    assertThat(updated.getLabelsMap()).containsExactly(Map.entry("env", "prod"));
    assertThat(updated.getAnnotationsMap()).containsExactly(Map.entry("note", "old"));
    assertThat(updated.getEtag()).isNotEqualTo(created.getEtag());
    assertThat(updated.getCreateTime()).isEqualTo(created.getCreateTime());
    assertThat(client.getSecret(created.getName())).isEqualTo(updated);

    Secret annotated = client.updateSecret(Secret.newBuilder().setName(created.getName())
        .putAnnotations("note", "new").build(), mask("annotations"));
    assertThat(annotated.getAnnotationsMap()).containsExactly(Map.entry("note", "new"));
  }

  @Test
  void updateSecret_withAStaleEtag_failsWithFailedPrecondition_andChangesNothing() {
    Secret created = createSecret("db");
    Secret current = client.updateSecret(Secret.newBuilder().setName(created.getName()).build(), mask("labels"));

    Status stale = failure(() -> client.updateSecret(Secret.newBuilder().setName(created.getName())
        .setEtag(created.getEtag()).putLabels("env", "prod").build(), mask("labels")));
    Secret withCurrent = client.updateSecret(Secret.newBuilder().setName(created.getName())
        .setEtag(current.getEtag()).putLabels("env", "prod").build(), mask("labels"));

    assertThat(current.getEtag()).as("an update that changes nothing still changes the etag")
        .isNotEqualTo(created.getEtag());
    assertThat(stale.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(stale.getDescription()).contains(created.getEtag(), created.getName());
    assertThat(withCurrent.getLabelsMap()).containsExactly(Map.entry("env", "prod"));
    assertThat(failure(() -> client.updateSecret(Secret.newBuilder().setName(created.getName()).setEtag("123")
        .build(), mask("labels"))).getDescription()).startsWith("Invalid etag '123'");
  }

  @Test
  void updateSecret_refusesAMissingMask_andPathsItCannotUpdate() {
    Secret created = createSecret("db");
    Secret named = Secret.newBuilder().setName(created.getName()).setReplication(AUTOMATIC).build();

    assertThat(failure(() -> client.updateSecret(named, FieldMask.getDefaultInstance())).getDescription())
        .contains("update_mask is required");
    assertThat(failure(() -> client.updateSecret(UpdateSecretRequest.newBuilder().setSecret(named).build()))
        .getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(failure(() -> client.updateSecret(named, mask("replication"))).getDescription())
        .isEqualTo("update_mask path 'replication' names a field that cannot be updated.");
    assertThat(failure(() -> client.updateSecret(named, mask("rotation"))).getDescription())
        .contains("not supported by the SecretKit emulator");
    assertThat(failure(() -> client.updateSecret(named, mask("colour"))).getDescription())
        .contains("'colour' is not a field of Secret");
    assertThat(failure(() -> client.updateSecret(Secret.newBuilder().setName(PARENT + "/secrets/missing").build(),
        mask("labels"))).getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(client.getSecret(created.getName())).isEqualTo(created);
  }

  @Test
  void deleteSecret_checksTheEtag_thenDeletesTheSecretAndItsVersions_andTheIdCanBeReused() {
    Secret created = createSecret("db");
    addVersion("db", "one");
    addVersion("db", "two");

    Status stale = failure(() -> client.deleteSecret(DeleteSecretRequest.newBuilder().setName(created.getName())
        .setEtag("\"0\"").build()));
    client.deleteSecret(DeleteSecretRequest.newBuilder().setName(created.getName()).setEtag(created.getEtag())
        .build());

    assertThat(stale.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(failure(() -> client.getSecret(created.getName())).getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(failure(() -> client.accessSecretVersion(created.getName() + "/versions/1")).getDescription())
        .isEqualTo("Secret [" + created.getName() + "] not found.");
    assertThat(failure(() -> client.deleteSecret(created.getName())).getCode()).isEqualTo(Status.Code.NOT_FOUND);
    createSecret("db");
    assertThat(addVersion("db", "again").getName()).endsWith("/versions/1");
  }

  @Test
  void listSecrets_listsNewestFirst_inPages_withTheTotal() {
    for (String id : List.of("a", "b", "c", "d", "e")) {
      createSecret(id);
    }
    createSecretInAnotherProject();

    ListSecretsResponse first = listSecrets(ListSecretsRequest.newBuilder().setPageSize(2));
    ListSecretsResponse second = listSecrets(ListSecretsRequest.newBuilder().setPageSize(2)
        .setPageToken(first.getNextPageToken()));
    client.deleteSecret(secretName("b"));
    createSecret("f");
    ListSecretsResponse third = listSecrets(ListSecretsRequest.newBuilder().setPageSize(2)
        .setPageToken(second.getNextPageToken()));

    assertThat(ids(first)).containsExactly("e", "d");
    assertThat(first.getTotalSize()).isEqualTo(5);
    assertThat(ids(second)).containsExactly("c", "b");
    assertThat(ids(third)).as("the token resumes after the last item handed out").containsExactly("a");
    assertThat(third.getNextPageToken()).isEmpty();
    assertThat(client.listSecrets(PARENT).iterateAll()).extracting(Secret::getName)
        .containsExactly(secretName("f"), secretName("e"), secretName("d"), secretName("c"), secretName("a"));
    assertThat(client.listSecrets("projects/" + number).iterateAll()).hasSize(5);
  }

  @Test
  void listSecrets_refusesANegativePageSizeAndAForeignToken() {
    assertThat(failure(() -> listSecrets(ListSecretsRequest.newBuilder().setPageSize(-1))).getDescription())
        .isEqualTo("page_size must not be negative: -1.");
    assertThat(failure(() -> listSecrets(ListSecretsRequest.newBuilder().setPageToken("bm9wZQ"))).getDescription())
        .startsWith("Invalid page_token 'bm9wZQ'");
    assertThat(failure(() -> listSecrets(ListSecretsRequest.newBuilder().setPageToken("%%%"))).getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(listSecrets(ListSecretsRequest.newBuilder().setPageSize(100_000)).getSecretsCount()).isZero();
  }

  @Test
  void listSecrets_filtersOnNamesAndLabels_withTotalSizeZero() {
    createSecret("app-db-password", Map.of("env", "prod", "team", "web"));
    createSecret("app-api-key", Map.of("env", "dev"));
    createSecret("APIKEY-for-production", Map.of());

    assertThat(filtered("name:db")).containsExactly("app-db-password");
    assertThat(filtered("name:APIKEY*production")).containsExactly("APIKEY-for-production");
    assertThat(filtered("labels.env=prod")).containsExactly("app-db-password");
    assertThat(filtered("labels.env:*")).containsExactly("app-api-key", "app-db-password");
    assertThat(filtered("NOT labels.env:*")).containsExactly("APIKEY-for-production");
    assertThat(filtered("labels.env:* AND NOT labels.team:*")).containsExactly("app-api-key");
    assertThat(filtered("name:db OR name:api")).containsExactly("app-api-key", "app-db-password");
    assertThat(listSecrets(ListSecretsRequest.newBuilder().setFilter("name:app")).getTotalSize()).isZero();
    Status unsupported = failure(() -> filtered("create_time<2021-01-01T06:00:00Z"));
    assertThat(unsupported.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(unsupported.getDescription()).contains("not supported by the emulator");
  }

  private static Replication userManaged(String... locations) {
    Replication.UserManaged.Builder replicas = Replication.UserManaged.newBuilder();
    for (String location : locations) {
      replicas.addReplicas(Replication.UserManaged.Replica.newBuilder().setLocation(location));
    }
    return Replication.newBuilder().setUserManaged(replicas).build();
  }

  private static FieldMask mask(String path) {
    return FieldMask.newBuilder().addPaths(path).build();
  }

  private void createSecretInAnotherProject() {
    client.createSecret("projects/other-project", "z", Secret.newBuilder().setReplication(AUTOMATIC).build());
  }

  private ListSecretsResponse listSecrets(ListSecretsRequest.Builder request) {
    return client.listSecretsCallable().call(request.setParent(PARENT).build());
  }

  private List<String> filtered(String filter) {
    return ids(listSecrets(ListSecretsRequest.newBuilder().setFilter(filter))).stream().sorted()
        .collect(Collectors.toList());
  }

  private static List<String> ids(ListSecretsResponse response) {
    return response.getSecretsList().stream().map(secret -> secret.getName().substring(
        secret.getName().lastIndexOf('/') + 1)).collect(Collectors.toList());
  }
}
