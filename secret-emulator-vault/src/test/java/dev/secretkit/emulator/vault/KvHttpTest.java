package dev.secretkit.emulator.vault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secretkit.emulator.support.ManualClock;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The KV v2 engine's wire surface through raw HTTP: what the driver cannot send, and exact statuses, headers and
 * bodies.
 */
class KvHttpTest {
  private final ManualClock clock = new ManualClock();
  private VaultEmulator vault;
  private Raw raw;

  @BeforeEach
  void start() {
    vault = new VaultEmulator(clock).start();
    raw = new Raw(vault, vault.rootToken());
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  private void write(String key, String data) {
    assertThat(raw.post("secret/data/" + key, "{\"data\":" + data + "}").status()).isEqualTo(200);
  }

  // ---- envelope and headers -------------------------------------------------------------------

  @Test
  void read_answersVaultsEnvelope_withExactContentTypeAndNoStore_andSortedKeys() {
    write("app", "{\"zeta\":\"1\",\"alpha\":{\"y\":1,\"x\":2}}");

    Raw.Response read = raw.get("secret/data/app");

    assertThat(read.status()).isEqualTo(200);
    assertThat(read.contentType()).isEqualTo("application/json");
    assertThat(read.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode body = read.json();
    assertThat(body.get("request_id").asText()).hasSize(36);
    assertThat(body.get("lease_id").asText()).isEmpty();
    assertThat(body.get("renewable").asBoolean()).isFalse();
    assertThat(body.get("lease_duration").asInt()).isZero();
    assertThat(body.get("wrap_info").isNull()).isTrue();
    assertThat(body.get("warnings").isNull()).isTrue();
    assertThat(body.get("auth").isNull()).isTrue();
    assertThat(body.get("mount_type").asText()).isEqualTo("kv");
    assertThat(body.get("data").get("metadata").toString()).isEqualTo("{\"created_time\":\"2024-01-01T00:00:00Z\","
        + "\"custom_metadata\":null,\"deletion_time\":\"\",\"destroyed\":false,\"version\":1}");
    assertThat(body.get("data").get("data").toString()).isEqualTo("{\"alpha\":{\"x\":2,\"y\":1},\"zeta\":\"1\"}");
  }

  @Test
  void write_withPut_isAWriteToo_andCreatedTimeHasGoNanoseconds() {
    clock.advance(Duration.ofNanos(120_000_000));

    Raw.Response put = raw.send("PUT", "secret/data/app", "{\"data\":{\"a\":\"1\"}}");

    assertThat(put.status()).isEqualTo(200);
    assertThat(put.json().get("data").get("created_time").asText()).isEqualTo("2024-01-01T00:00:00.12Z");
    assertThat(put.json().get("data").get("version").asInt()).isEqualTo(1);
  }

  @Test
  void write_errors_areVaults400s() {
    write("app", "{\"a\":\"1\"}");

    assertThat(raw.post("secret/data/app", "{}").errors()).isEqualTo("[\"no data provided\"]");
    assertThat(raw.post("secret/data/app", "{\"data\":null}").errors()).isEqualTo("[\"no data provided\"]");
    assertThat(raw.post("secret/data/app", "{\"data\":\"text\"}").status()).isEqualTo(400);
    assertThat(raw.post("secret/data/app", "{\"data\":{},\"options\":7}").status()).isEqualTo(400);
    assertThat(raw.post("secret/data/app", "{\"data\":{},\"options\":{\"cas\":\"one\"}}").errors())
        .isEqualTo("[\"error parsing check-and-set parameter\"]");
    assertThat(raw.post("secret/data/app", "{\"data\":{},\"options\":{\"cas\":{}}}").errors())
        .isEqualTo("[\"error parsing check-and-set parameter\"]");
    assertThat(raw.post("secret/data/app", "{\"data\":").errors()).startsWith("[\"failed to parse JSON input: ");
    assertThat(raw.post("secret/data/app", "[1]").errors()).startsWith("[\"failed to parse JSON input: ");
    assertThat(raw.get("secret/data/app").json().get("data").get("metadata").get("version").asInt()).isEqualTo(1);
  }

  @Test
  void write_casAsStringNumberOrBoolean_isReadLooselyAsVaultDoes() {
    assertThat(raw.post("secret/data/app", "{\"data\":{},\"options\":{\"cas\":\"\"}}").status()).isEqualTo(200);
    assertThat(raw.post("secret/data/app", "{\"data\":{},\"options\":{\"cas\":\"1\"}}").status()).isEqualTo(200);
    assertThat(raw.post("secret/data/app", "{\"data\":{},\"options\":{\"cas\":2.0}}").status()).isEqualTo(200);
    assertThat(raw.post("secret/data/other", "{\"data\":{},\"options\":{\"cas\":false}}").status()).isEqualTo(200);
    assertThat(raw.post("secret/data/other", "{\"data\":{},\"options\":{\"cas\":true}}").status()).isEqualTo(200);
    assertThat(raw.post("secret/data/third", "{\"data\":{},\"options\":{\"cas\":null}}").status()).isEqualTo(200);
  }

  @Test
  void read_versionParameterNotANumber_is400() {
    write("app", "{}");

    assertThat(raw.get("secret/data/app?version=first").status()).isEqualTo(400);
    assertThat(raw.get("secret/data/app?version=0").status()).isEqualTo(200);
  }

  // ---- soft delete ----------------------------------------------------------------------------

  @Test
  void deleteLatest_thenRead_is404WithTheFullBody_nullDataAndTheDeletionTime() {
    write("app", "{\"a\":\"1\"}");
    clock.advance(Duration.ofSeconds(5));

    Raw.Response deleted = raw.delete("secret/data/app");
    clock.advance(Duration.ofNanos(1));
    Raw.Response read = raw.get("secret/data/app");

    assertThat(deleted.status()).isEqualTo(204);
    assertThat(deleted.text()).isEmpty();
    assertThat(deleted.contentType()).isNull();
    assertThat(read.status()).isEqualTo(404);
    assertThat(read.contentType()).isEqualTo("application/json");
    JsonNode data = read.json().get("data");
    assertThat(data.get("data").isNull()).isTrue();
    assertThat(data.get("metadata").get("deletion_time").asText()).isEqualTo("2024-01-01T00:00:05Z");
    assertThat(data.get("metadata").get("version").asInt()).isEqualTo(1);
    assertThat(read.json().has("errors")).isFalse();
    assertThat(raw.delete("secret/data/app").status()).as("deleting it again").isEqualTo(204);
    assertThat(raw.get("secret/metadata/app").json().get("data").get("versions").get("1").get("deletion_time")
        .asText()).as("unchanged by the second delete").isEqualTo("2024-01-01T00:00:05Z");
  }

  @Test
  void deleteVersions_acceptVaultsVersionForms_andNeedAtLeastOne() {
    IntStream.range(0, 3).forEach(i -> write("app", "{}"));

    assertThat(raw.post("secret/delete/app", "{\"versions\":\"1,2\"}").status()).isEqualTo(204);
    assertThat(raw.post("secret/undelete/app", "{\"versions\":[\"1\"]}").status()).isEqualTo(204);
    assertThat(raw.post("secret/destroy/app", "{\"versions\":3}").status()).isEqualTo(204);
    assertThat(raw.post("secret/delete/app", "{\"versions\":[]}").errors())
        .isEqualTo("[\"No version number provided\"]");
    assertThat(raw.post("secret/undelete/app", "{}").errors()).isEqualTo("[\"No version number provided\"]");
    assertThat(raw.post("secret/destroy/app", "{}").errors()).isEqualTo("[\"no version number provided\"]");
    assertThat(raw.post("secret/delete/app", "{\"versions\":[\"x\"]}").status()).isEqualTo(400);
    JsonNode versions = raw.get("secret/metadata/app").json().get("data").get("versions");
    assertThat(versions.get("1").get("deletion_time").asText()).isEmpty();
    assertThat(versions.get("2").get("deletion_time").asText()).isNotEmpty();
    assertThat(versions.get("3").get("destroyed").asBoolean()).isTrue();
  }

  // ---- list -----------------------------------------------------------------------------------

  @Test
  void list_withTheListMethodOrListTrue_givesKeysAndFolders_404WithEmptyErrorsWhenNone() {
    write("a/b/c", "{}");
    write("a/d", "{}");
    write("a", "{}");

    Raw.Response byMethod = raw.list("secret/metadata/a");
    Raw.Response byQuery = raw.get("secret/metadata/a/?list=true");
    Raw.Response root = raw.list("secret/metadata");
    Raw.Response none = raw.list("secret/metadata/nothing/");

    assertThat(byMethod.json().get("data").get("keys").toString()).isEqualTo("[\"b/\",\"d\"]");
    assertThat(byQuery.json().get("data").get("keys").toString()).isEqualTo("[\"b/\",\"d\"]");
    assertThat(root.json().get("data").get("keys").toString()).isEqualTo("[\"a\",\"a/\"]");
    assertThat(none.status()).isEqualTo(404);
    assertThat(none.text()).isEqualTo("{\"errors\":[]}\n");
    assertThat(raw.get("secret/metadata/a?list=false").json().get("data").get("current_version").asInt())
        .as("list=false is a metadata read").isEqualTo(1);
  }

  // ---- metadata -------------------------------------------------------------------------------

  @Test
  void readMetadata_showsEveryFieldVaultShows() {
    write("app", "{}");
    clock.advance(Duration.ofSeconds(1));
    write("app", "{}");

    JsonNode data = raw.get("secret/metadata/app").json().get("data");

    assertThat(data.get("cas_required").asBoolean()).isFalse();
    assertThat(data.get("created_time").asText()).isEqualTo("2024-01-01T00:00:00Z");
    assertThat(data.get("updated_time").asText()).isEqualTo("2024-01-01T00:00:01Z");
    assertThat(data.get("current_version").asInt()).isEqualTo(2);
    assertThat(data.get("oldest_version").asInt()).as("Vault's oldest_version stays 0 until versions are trimmed")
        .isZero();
    assertThat(data.get("max_versions").asInt()).isZero();
    assertThat(data.get("delete_version_after").asText()).isEqualTo("0s");
    assertThat(data.get("custom_metadata").isNull()).isTrue();
    assertThat(data.get("versions").get("2").toString())
        .isEqualTo("{\"created_time\":\"2024-01-01T00:00:01Z\",\"deletion_time\":\"\",\"destroyed\":false}");
    assertThat(raw.get("secret/metadata/missing").status()).isEqualTo(404);
  }

  @Test
  void writeMetadata_setsTheKeysSettings_is204_andCreatesTheKeyWithNoVersion() {
    Raw.Response written = raw.post("secret/metadata/app", "{\"max_versions\":3,\"cas_required\":true,"
        + "\"delete_version_after\":\"1h30m\",\"custom_metadata\":{\"owner\":\"team-a\",\"tier\":1}}");

    JsonNode data = raw.get("secret/metadata/app").json().get("data");

    assertThat(written.status()).isEqualTo(204);
    assertThat(written.text()).isEmpty();
    assertThat(data.get("max_versions").asInt()).isEqualTo(3);
    assertThat(data.get("cas_required").asBoolean()).isTrue();
    assertThat(data.get("delete_version_after").asText()).isEqualTo("1h30m0s");
    assertThat(data.get("custom_metadata").toString()).isEqualTo("{\"owner\":\"team-a\",\"tier\":\"1\"}");
    assertThat(data.get("current_version").asInt()).isZero();
    assertThat(raw.list("secret/metadata").json().get("data").get("keys").toString()).isEqualTo("[\"app\"]");
    assertThat(raw.get("secret/data/app").status()).isEqualTo(404);
    assertThat(raw.post("secret/metadata/other", "{}").status()).as("no settings: nothing created").isEqualTo(204);
    assertThat(raw.get("secret/metadata/other").status()).isEqualTo(404);
  }

  @Test
  void customMetadata_showsInDataReadsAndWrites() {
    raw.post("secret/metadata/app", "{\"custom_metadata\":{\"owner\":\"team-a\"}}");

    Raw.Response written = raw.post("secret/data/app", "{\"data\":{}}");

    assertThat(written.json().get("data").get("custom_metadata").toString()).isEqualTo("{\"owner\":\"team-a\"}");
    assertThat(raw.get("secret/data/app").json().get("data").get("metadata").get("custom_metadata").toString())
        .isEqualTo("{\"owner\":\"team-a\"}");
  }

  @Test
  void writeMetadata_badCustomMetadata_is400NamingEveryProblem() {
    Raw.Response bad = raw.post("secret/metadata/app", "{\"custom_metadata\":{\"\":\"x\",\"k\":\"\",\"t\":\"a\\tb\"}}");
    StringBuilder many = new StringBuilder("{\"custom_metadata\":{");
    for (int i = 0; i < 65; i++) {
      many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
    }
    Raw.Response tooMany = raw.post("secret/metadata/app", many.append("}}").toString());

    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("errors").get(0).asText())
        .startsWith("3 errors occurred:\n\t* custom_metadata validation failed: length of key \"\" is 0 "
            + "but must be 0 < len(key) <= 128\n")
        .contains("length of value for key \"k\" is 0").contains("value for key \"t\" contains unprintable characters");
    assertThat(tooMany.json().get("errors").get(0).asText()).isEqualTo("1 error occurred:\n\t* custom_metadata "
        + "validation failed: payload must contain at most 64 keys, provided 65\n\n");
    assertThat(raw.post("secret/metadata/app", "{\"custom_metadata\":[1]}").status()).isEqualTo(400);
    assertThat(raw.post("secret/metadata/app", "{\"custom_metadata\":{\"a\":{}}}").status()).isEqualTo(400);
    assertThat(raw.get("secret/metadata/app").status()).as("nothing written").isEqualTo(404);
  }

  @Test
  void writeMetadata_badSettings_are400() {
    assertThat(raw.post("secret/metadata/app", "{\"max_versions\":\"many\"}").status()).isEqualTo(400);
    assertThat(raw.post("secret/metadata/app", "{\"max_versions\":-1}").status()).isEqualTo(400);
    assertThat(raw.post("secret/metadata/app", "{\"cas_required\":\"maybe\"}").status()).isEqualTo(400);
    assertThat(raw.post("secret/metadata/app", "{\"delete_version_after\":\"soon\"}").status()).isEqualTo(400);
    assertThat(raw.post("secret/metadata/app", "{\"delete_version_after\":\"-1h\"}").status()).isEqualTo(400);
    assertThat(raw.post("secret/metadata/app", "{\"delete_version_after\":true}").status()).isEqualTo(400);
    assertThat(raw.get("secret/metadata/app").status()).isEqualTo(404);
  }

  @Test
  void deleteMetadata_removesEveryVersion_andIs204EvenWhenMissing() {
    write("app", "{}");

    assertThat(raw.delete("secret/metadata/app").status()).isEqualTo(204);
    assertThat(raw.delete("secret/metadata/app").status()).isEqualTo(204);
    assertThat(raw.get("secret/metadata/app").status()).isEqualTo(404);
    assertThat(raw.get("secret/data/app?version=1").status()).isEqualTo(404);
  }

  // ---- cas_required ---------------------------------------------------------------------------

  @Test
  void casRequiredOnTheKey_refusesAWriteWithoutCas() {
    raw.post("secret/metadata/app", "{\"cas_required\":true}");

    Raw.Response withoutCas = raw.post("secret/data/app", "{\"data\":{}}");
    Raw.Response withCas = raw.post("secret/data/app", "{\"data\":{},\"options\":{\"cas\":0}}");

    assertThat(withoutCas.status()).isEqualTo(400);
    assertThat(withoutCas.errors()).isEqualTo("[\"check-and-set parameter required for this call\"]");
    assertThat(withCas.status()).isEqualTo(200);
  }

  @Test
  void casRequiredOnTheEngine_refusesAWriteWithoutCas_andAKeyCannotTurnItOff() {
    assertThat(raw.post("secret/config", "{\"cas_required\":true}").status()).isEqualTo(204);

    Raw.Response turnedOff = raw.post("secret/metadata/app", "{\"cas_required\":false}");
    Raw.Response withoutCas = raw.post("secret/data/app", "{\"data\":{}}");

    assertThat(turnedOff.status()).isEqualTo(200);
    assertThat(turnedOff.json().get("warnings").get(0).asText())
        .isEqualTo("\"cas_required\" set to false, but is mandated by backend config. This value will be ignored.");
    assertThat(withoutCas.errors()).isEqualTo("[\"check-and-set parameter required for this call\"]");
  }

  // ---- max_versions ---------------------------------------------------------------------------

  @Test
  void maxVersions_engineDefaultOf10_trimsTheOldestVersions() {
    IntStream.rangeClosed(1, 12).forEach(i -> write("app", "{\"v\":" + i + "}"));

    JsonNode data = raw.get("secret/metadata/app").json().get("data");

    assertThat(data.get("current_version").asInt()).isEqualTo(12);
    assertThat(data.get("oldest_version").asInt()).isEqualTo(3);
    assertThat(data.get("versions").size()).isEqualTo(10);
    assertThat(data.get("versions").has("2")).isFalse();
    assertThat(raw.get("secret/data/app?version=2").text()).isEqualTo("{\"errors\":[]}\n");
    assertThat(raw.get("secret/data/app?version=3").json().get("data").get("data").get("v").asInt()).isEqualTo(3);
  }

  @Test
  void maxVersions_onTheKey_trimsOnTheNextWrite() {
    IntStream.rangeClosed(1, 5).forEach(i -> write("app", "{}"));
    raw.post("secret/metadata/app", "{\"max_versions\":2}");

    JsonNode before = raw.get("secret/metadata/app").json().get("data");
    write("app", "{}");
    JsonNode after = raw.get("secret/metadata/app").json().get("data");

    assertThat(before.get("versions").size()).isEqualTo(5);
    assertThat(after.get("oldest_version").asInt()).isEqualTo(5);
    assertThat(after.get("versions").size()).isEqualTo(2);
  }

  @Test
  void maxVersions_keyAndEngine_theLargerOfTheTwoApplies() {
    raw.post("secret/config", "{\"max_versions\":4}");
    raw.post("secret/metadata/app", "{\"max_versions\":2}");
    raw.post("secret/metadata/big", "{\"max_versions\":6}");

    IntStream.rangeClosed(1, 8).forEach(i -> {
      write("app", "{}");
      write("big", "{}");
    });

    assertThat(raw.get("secret/metadata/app").json().get("data").get("versions").size()).isEqualTo(4);
    assertThat(raw.get("secret/metadata/big").json().get("data").get("versions").size()).isEqualTo(6);
  }

  // ---- delete_version_after -------------------------------------------------------------------

  @Test
  void deleteVersionAfter_onTheEngine_deletesAVersionWhenItsTimeHasPassed() {
    raw.post("secret/config", "{\"delete_version_after\":\"1h\"}");
    write("app", "{\"a\":\"1\"}");

    Raw.Response fresh = raw.get("secret/data/app");
    clock.advance(Duration.ofHours(1));
    Raw.Response atTheTime = raw.get("secret/data/app");
    clock.advance(Duration.ofNanos(1));
    Raw.Response after = raw.get("secret/data/app");

    assertThat(fresh.status()).isEqualTo(200);
    assertThat(fresh.json().get("data").get("metadata").get("deletion_time").asText())
        .isEqualTo("2024-01-01T01:00:00Z");
    assertThat(atTheTime.status()).isEqualTo(200);
    assertThat(after.status()).isEqualTo(404);
    assertThat(after.json().get("data").get("metadata").get("deletion_time").asText())
        .isEqualTo("2024-01-01T01:00:00Z");
  }

  @Test
  void deleteVersionAfter_theShorterOfKeyAndEngineApplies_andUndeleteRestartsIt() {
    raw.post("secret/config", "{\"delete_version_after\":3600}");
    raw.post("secret/metadata/app", "{\"delete_version_after\":\"10m\"}");
    write("app", "{}");
    clock.advance(Duration.ofMinutes(11));

    Raw.Response expired = raw.get("secret/data/app");
    raw.post("secret/undelete/app", "{\"versions\":[1]}");
    Raw.Response restored = raw.get("secret/data/app");

    assertThat(expired.status()).isEqualTo(404);
    assertThat(restored.status()).isEqualTo(200);
    assertThat(restored.json().get("data").get("metadata").get("deletion_time").asText())
        .isEqualTo("2024-01-01T00:21:00Z");
  }

  @Test
  void deleteVersionAfter_disabledOnTheEngine_overridesTheKey() {
    raw.post("secret/config", "{\"delete_version_after\":-1}");
    raw.post("secret/metadata/app", "{\"delete_version_after\":\"1s\"}");
    write("app", "{}");
    clock.advance(Duration.ofDays(1));

    assertThat(raw.get("secret/config").json().get("data").get("delete_version_after").asText()).isEqualTo("-1s");
    assertThat(raw.get("secret/data/app").status()).isEqualTo(200);
    assertThat(raw.post("secret/undelete/app", "{\"versions\":[1]}").status()).isEqualTo(204);
    assertThat(raw.get("secret/data/app").json().get("data").get("metadata").get("deletion_time").asText()).isEmpty();
  }

  // ---- config ---------------------------------------------------------------------------------

  @Test
  void config_readsItsDefaults_andWritesAreReadBack() {
    Raw.Response defaults = raw.get("secret/config");
    raw.post("secret/config", "{\"max_versions\":\"5\",\"cas_required\":\"true\",\"delete_version_after\":\"2d\"}");
    Raw.Response written = raw.get("secret/config");

    assertThat(defaults.json().get("data").toString())
        .isEqualTo("{\"cas_required\":false,\"delete_version_after\":\"0s\",\"max_versions\":0}");
    assertThat(written.json().get("data").toString())
        .isEqualTo("{\"cas_required\":true,\"delete_version_after\":\"48h0m0s\",\"max_versions\":5}");
    assertThat(raw.post("secret/config", "{\"max_versions\":-2}").status()).isEqualTo(400);
    assertThat(raw.post("secret/config", "{\"delete_version_after\":0}").status()).isEqualTo(204);
    assertThat(raw.get("secret/config").json().get("data").get("delete_version_after").asText()).isEqualTo("0s");
    assertThat(raw.delete("secret/config").status()).isEqualTo(405);
  }

  // ---- routes and methods ---------------------------------------------------------------------

  @Test
  void unknownPathsAndMethods_areVaults404sAnd405s() {
    assertThat(raw.get("nomount/thing").errors())
        .isEqualTo("[\"no handler for route \\\"nomount/thing\\\". route entry not found.\"]");
    assertThat(raw.get("secret/elsewhere/thing").errors()).isEqualTo("[\"unsupported path\"]");
    assertThat(raw.get("secret/data/").errors()).isEqualTo("[\"unsupported path\"]");
    assertThat(raw.get("secret/data/folder/").status()).isEqualTo(404);
    assertThat(raw.get("secret").status()).isEqualTo(404);
    assertThat(raw.get("sys/unknown").errors()).isEqualTo("[\"unsupported path\"]");
    assertThat(raw.get("auth/token/unknown").errors()).isEqualTo("[\"unsupported path\"]");
    assertThat(raw.get("auth/nothing/login").status()).isEqualTo(404);
    assertThat(raw.get("secret/delete/app").errors()).isEqualTo("[\"unsupported operation\"]");
    assertThat(raw.get("secret/destroy/app").status()).isEqualTo(405);
    assertThat(raw.send("PATCH", "secret/data/app", "{\"data\":{}}").status()).isEqualTo(405);
    assertThat(raw.send("PATCH", "secret/metadata/app", "{}").status()).isEqualTo(405);
    assertThat(raw.post("sys/mounts", "{}").status()).isEqualTo(405);
    assertThat(raw.send("FETCH", "secret/data/app", null).text()).isEqualTo("{\"errors\":[]}\n");
    assertThat(Raw.send(HttpRequest.newBuilder(vault.address().resolve("/v2/secret")).build()).status())
        .isEqualTo(404);
  }

  @Test
  void head_isNotServed_andGetsA405WithNoBody() {
    Raw.Response head = raw.send("HEAD", "secret/data/app", null);

    assertThat(head.status()).isEqualTo(405);
    assertThat(head.text()).isEmpty();
  }

  @Test
  void wrapTtlHeader_isRefusedRatherThanIgnored() {
    Raw.Response wrapped = Raw.send(HttpRequest.newBuilder(vault.address().resolve("/v1/secret/data/app"))
        .header("X-Vault-Token", vault.rootToken()).header("X-Vault-Wrap-TTL", "60").GET().build());

    assertThat(wrapped.status()).isEqualTo(400);
    assertThat(wrapped.errors()).contains("not emulated");
  }

  @Test
  void bodyOver32MiB_is413() {
    String big = "{\"data\":{\"a\":\"" + "x".repeat(VaultEmulator.MAX_REQUEST_BYTES) + "\"}}";

    Raw.Response tooLarge = raw.post("secret/data/app", big);

    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.errors()).isEqualTo("[\"http: request body too large\"]");
    assertThat(vault.calls(VaultOperation.OTHER)).isEqualTo(1);
  }
}
