package dev.secretkit.backend.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.ConflictException;
import dev.secretkit.SecretDataException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.SecretVersion;
import dev.secretkit.access.Grant;
import dev.secretkit.access.Permission;
import dev.secretkit.emulator.vault.VaultEmulator;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import io.github.jopenlibs.vault.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What other Vault clients see of the store's secrets ({@code vault kv get} shows the user's keys as plain
 * fields) and what they may do behind its back, each with a defined outcome: a secret written without
 * SecretKit's field, a soft-deleted or destroyed latest version, a version another tool copied, a key or
 * mount that requires {@code cas}, a key with metadata only, and {@code max_versions}.
 */
@ExtendWith(LeakScanner.class)
class VaultInteropTest {
  private static final SecretId PG = SecretId.of("public", "pg");
  private static final String DATA = "secret/data/secretkit/public/pg";
  private static final String METADATA = "secret/metadata/secretkit/public/pg";
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  private VaultEmulator vault;
  private RawVault raw;
  private SecretStore store;
  private Canaries canaries;

  @BeforeEach
  void start(Canaries planted) {
    canaries = planted;
    vault = new VaultEmulator(new TickingClock()).start();
    raw = new RawVault(vault);
    store = TestStores.open(vault, "secretkit", "versionsRetained=2", new TickingClock());
  }

  @AfterEach
  void stop() {
    store.close();
    vault.close();
  }

  private static SecretMetadata metadata(List<Grant> grants) {
    return new SecretMetadata("secret", "v1", "key-value", "r", "olivia", List.of("team:data"), "sales db", null,
        grants, List.of(), T0, "olivia", T0, "olivia");
  }

  private StoredSecret create() {
    Map<String, SecretValue> values = new LinkedHashMap<>();
    values.put("username", SecretValue.ofString("app"));
    values.put("password", SecretValue.ofString(canaries.plant()));
    return store.create(PG, metadata(List.of()), values);
  }

  @Test
  void aRawKvGet_showsTheUsersKeysAsTopLevelFields_besideTheOneReservedField() {
    String password = canaries.plant();
    Map<String, SecretValue> values = new LinkedHashMap<>();
    values.put("username", SecretValue.ofString("app"));
    values.put("password", SecretValue.ofString(password));
    values.put("cert.der", SecretValue.ofBytes(new byte[] {(byte) 0xff, 0, 1}));
    store.create(PG, metadata(List.of()), values);

    JsonObject data = raw.get(DATA).json().get("data").asObject().get("data").asObject();

    assertThat(data.names()).as("Vault sorts the keys").containsExactly("_secretkit", "cert.der", "password",
        "username");
    assertThat(data.get("username").asString()).isEqualTo("app");
    assertThat(data.get("password").asString()).isEqualTo(password);
    assertThat(data.get("cert.der").asString()).isEqualTo("secretkit:base64:/wAB");
    JsonObject reserved = data.get("_secretkit").asObject();
    assertThat(reserved.names()).containsExactly("envelope", "keys");
    assertThat(reserved.get("keys").asArray().values()).extracting(value -> value.asString())
        .containsExactly("username", "password", "cert.der");
    assertThat(reserved.get("envelope").asObject().get("metadata").asObject().get("owner").asString())
        .isEqualTo("olivia");
    assertThat(reserved.toString()).doesNotContain(password);
    assertThat(store.read(PG).orElseThrow().values().keySet()).as("the store keeps the order written")
        .containsExactly("username", "password", "cert.der");
    assertThat(store.read(PG).orElseThrow().values().get("cert.der").bytes()).containsExactly(0xff, 0, 1);
  }

  @Test
  void aCreate_setsMaxVersionsToTwiceVersionsRetained_beforeItsData() {
    create();

    assertThat(raw.get(METADATA).json().get("data").asObject().get("max_versions").asInt()).isEqualTo(4);
  }

  @Test
  void aSecretWrittenWithoutTheReservedField_isADataError_leftOutOfListings_andDeletedWhenForced() {
    String password = canaries.plant();
    raw.post(DATA, "{\"data\":{\"password\":\"" + password + "\"}}");

    Throwable read = catchThrowable(() -> store.read(PG));

    assertThat(read).isInstanceOf(SecretDataException.class).hasMessageContaining("Vault version 1 at " + DATA
        + " has no _secretkit field: another tool (such as 'vault kv put') wrote it without SecretKit's metadata");
    canaries.assertAbsent("a foreign secret's error", read);
    assertThat(store.list("public", null, 10).items()).isEmpty();
    assertThat(store.listIds(null, 10).items()).as("its name is taken").containsExactly(PG);
    assertThat(catchThrowable(() -> create())).isInstanceOf(ConflictException.class);
    assertThat(store.probe(PG)).isPresent();

    store.delete(PG, null);
    assertThat(raw.get(METADATA).status()).isEqualTo(404);
  }

  @Test
  void aSoftDeletedLatestVersion_isADataError_sayingHowToUndelete_andUndeletedReadsAgain() {
    create();
    raw.delete(DATA);

    assertThat(catchThrowable(() -> store.read(PG))).isInstanceOf(SecretDataException.class)
        .hasMessageContaining("its latest Vault version 1 at " + DATA + " is deleted ('vault kv delete', or the"
            + " mount's delete_version_after): restore it with 'vault kv undelete -versions=1"
            + " secret/secretkit/public/pg', or remove the secret with a forced delete");
    assertThat(store.list("public", null, 10).items()).isEmpty();
    assertThat(catchThrowable(() -> create())).as("the key exists").isInstanceOf(ConflictException.class);

    raw.post("secret/undelete/secretkit/public/pg", "{\"versions\":[1]}");
    assertThat(store.read(PG)).isPresent();
  }

  @Test
  void aDestroyedLatestVersion_isADataError_andAForcedDeleteRemovesIt() {
    create();
    raw.post("secret/destroy/secretkit/public/pg", "{\"versions\":[1]}");

    assertThat(catchThrowable(() -> store.head(PG))).isInstanceOf(SecretDataException.class)
        .hasMessageContaining("is destroyed ('vault kv destroy'), so its values are gone");
    store.delete(PG, null);
    assertThat(store.read(PG)).isEmpty();
  }

  @Test
  void aVersionAnotherToolCopied_isADataError_neverReadWithItsOldGrants() {
    StoredSecret granted = store.create(PG, metadata(List.of(new Grant("mallory", Permission.CAN_USE))),
        Map.of("password", SecretValue.ofString(canaries.plant())));
    store.updateMetadata(PG, granted.revision(), metadata(List.of()));
    // 'vault kv rollback -version=1': a new version with version 1's data, the revoked grant included.
    String first = raw.get(DATA + "?version=1").json().get("data").asObject().get("data").toString();
    raw.post(DATA, "{\"data\":" + first + "}");

    Throwable thrown = catchThrowable(() -> store.read(PG));

    assertThat(thrown).isInstanceOf(SecretDataException.class).hasMessageContaining("its latest Vault version 3 at "
        + DATA + " was not written by SecretKit: its _secretkit field was copied from version 1 (by 'vault kv patch',"
        + " 'put' or 'rollback'), so the owner and grants in it may be out of date");
    assertThat(store.list("public", null, 10).unreadable()).singleElement()
        .satisfies(e -> assertThat(e).hasMessageContaining("was not written by SecretKit"));
  }

  @Test
  void keysChangedBehindTheStoresBack_areADataError() {
    create();
    JsonObject data = raw.get(DATA).json().get("data").asObject().get("data").asObject();
    data.add("extra", "added by hand");
    data.get("_secretkit").asObject().get("envelope").asObject().get("history").asArray().get(0).asObject()
        .set("ref", "2");
    raw.post(DATA, "{\"data\":" + data + "}");

    assertThat(catchThrowable(() -> store.read(PG))).isInstanceOf(SecretDataException.class)
        .hasMessageContaining("its keys are not those its _secretkit field lists: another tool changed them");
  }

  @Test
  void casRequired_onTheKeyOrTheMount_changesNothing_sinceEveryWriteCarriesCas() {
    StoredSecret created = create();
    raw.post(METADATA, "{\"cas_required\":true}");
    raw.post("secret/config", "{\"cas_required\":true}");

    StoredSecret updated = store.update(PG, created.revision(), metadata(List.of()), Map.of("k",
        SecretValue.ofString(canaries.plant())));
    store.updateMetadata(PG, updated.revision(), metadata(List.of(new Grant("bob", Permission.CAN_USE))));
    store.create(SecretId.of("public", "other"), metadata(List.of()), Map.of("k", SecretValue.ofString("v")));

    assertThat(store.read(PG).orElseThrow().metadata().grants()).containsExactly(new Grant("bob",
        Permission.CAN_USE));
  }

  @Test
  void aKeyWithMetadataOnly_readsAsAbsent_andACreateUsesIt() {
    raw.post(METADATA, "{\"max_versions\":3,\"custom_metadata\":{\"team\":\"data\"}}");

    assertThat(store.read(PG)).isEmpty();
    assertThat(store.head(PG)).isEmpty();
    assertThat(store.probe(PG)).isEmpty();
    assertThat(store.versions(PG)).isEmpty();
    StoredSecret created = create();

    assertThat(created.version().number()).isEqualTo(1);
    assertThat(store.probe(PG)).contains(created.revision());
  }

  @Test
  void metadataChanges_areKvVersionsOfTheSameSecretKitVersion_andOldOnesLeaveWithVaultsMaxVersions() {
    StoredSecret current = create();
    current = store.update(PG, current.revision(), metadata(List.of()), Map.of("k",
        SecretValue.ofString(canaries.plant())));
    String revision = current.revision();
    for (int grant = 0; grant < 3; grant++) {
      revision = store.updateMetadata(PG, revision, metadata(List.of(new Grant("reader-" + grant,
          Permission.CAN_USE)))).revision();
    }

    JsonObject kv = raw.get(METADATA).json().get("data").asObject();
    assertThat(kv.get("current_version").asInt()).as("2 value writes and 3 grants").isEqualTo(5);
    assertThat(kv.get("oldest_version").asInt()).as("max_versions 4 keeps 2 to 5").isEqualTo(2);
    assertThat(revision).startsWith("5@");
    assertThat(store.read(PG).orElseThrow().version().number()).isEqualTo(2);
    assertThat(store.versions(PG)).extracting(SecretVersion::number).as("version 1's KV version is gone")
        .containsExactly(2L);
    assertThat(store.read(PG, 1)).isEmpty();
  }
}
