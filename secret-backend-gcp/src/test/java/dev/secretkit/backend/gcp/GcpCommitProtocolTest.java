package dev.secretkit.backend.gcp;

import static dev.secretkit.backend.gcp.TestSecrets.text;
import static dev.secretkit.backend.gcp.TestSecrets.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.cloud.secretmanager.v1.Secret;
import com.google.cloud.secretmanager.v1.SecretVersion;
import dev.secretkit.ConflictException;
import dev.secretkit.SecretDataException;
import dev.secretkit.SecretId;
import dev.secretkit.emulator.gcp.GcpOperation;
import dev.secretkit.manifest.InvalidManifestException;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * How the gcp-sm store commits on a service without a conditional AddSecretVersion, seen from Secret Manager's side
 * through Google's own client: racing writers, a writer that died between its add and its commit, versions disabled
 * or destroyed behind its back, corruption, what {@code latest} shows another tool, what a write leaves behind and
 * what it leaves alone (a version another alias names), and reads that race a write on an implementation without
 * aliases.
 */
class GcpCommitProtocolTest extends GcpProtocolFixture {
  @Test
  void racingWriters_theOneWhoseCommitComesSecondGetsAConflict_andNothingIsLost() {
    SecretStore a = store();
    SecretStore b = store();
    StoredSecret created = a.create(ID, metadata("alice"), values("password", "v1"));
    AtomicReference<StoredSecret> bWrote = new AtomicReference<>();
    // B reads, adds and commits between A's add and A's commit: A's commit must fail, B's write must stand.
    emulator.beforeNext(request -> request.operation() == GcpOperation.UPDATE_SECRET,
        () -> bWrote.set(b.update(ID, created.revision(), metadata("bob"), values("password", "from-b"))));

    Throwable aFailed = catchThrowable(() -> a.update(ID, created.revision(), metadata("alice"),
        values("password", "from-a")));

    assertThat(aFailed).isInstanceOf(ConflictException.class);
    assertThat(((ConflictException) aFailed).reason()).isEqualTo(ConflictException.Reason.CHANGED);
    StoredSecret now = a.read(ID).orElseThrow();
    assertThat(text(now, "password")).isEqualTo("from-b");
    assertThat(now.revision()).isEqualTo(bWrote.get().revision());
    assertThat(now.version().number()).isEqualTo(2);
    assertThat(a.versions(ID)).extracting(v -> v.number()).containsExactly(1L, 2L);
    // A added GCP version 2, B added 3 and committed it; A's commit failed.
    assertThat(alias()).as("the alias names the winner's version").isEqualTo(3);
    assertThat(state(2)).as("the loser's version, destroyed").isEqualTo(SecretVersion.State.DESTROYED);
    assertThat(state(1)).as("the version both read, which the history keeps").isEqualTo(SecretVersion.State.ENABLED);
  }

  @Test
  void aDeleteRacingAWrite_isRefusedForTheEtag_andTheWriteStands() {
    SecretStore a = store();
    SecretStore b = store();
    StoredSecret created = a.create(ID, metadata("alice"), values("password", "v1"));
    // B commits between A's check of the secret and A's DeleteSecret: only the etag A sends can stop the delete.
    emulator.beforeNext(request -> request.operation() == GcpOperation.DELETE_SECRET,
        () -> b.update(ID, created.revision(), metadata("bob"), values("password", "from-b")));

    Throwable deleted = catchThrowable(() -> a.delete(ID, created.revision()));

    assertThat(deleted).isInstanceOf(ConflictException.class);
    assertThat(((ConflictException) deleted).reason()).isEqualTo(ConflictException.Reason.CHANGED);
    assertThat(text(a.read(ID).orElseThrow(), "password")).isEqualTo("from-b");
  }

  @Test
  void racingCreators_oneCreatesAndTheOtherIsToldItExists() {
    SecretStore a = store();
    SecretStore b = store();
    AtomicReference<StoredSecret> bCreated = new AtomicReference<>();
    emulator.beforeNext(request -> request.operation() == GcpOperation.UPDATE_SECRET,
        () -> bCreated.set(b.create(ID, metadata("bob"), values("password", "from-b"))));

    Throwable aFailed = catchThrowable(() -> a.create(ID, metadata("alice"), values("password", "from-a")));

    assertThat(aFailed).isInstanceOf(ConflictException.class);
    assertThat(((ConflictException) aFailed).reason()).isEqualTo(ConflictException.Reason.EXISTS);
    assertThat(text(a.read(ID).orElseThrow(), "password")).isEqualTo("from-b");
    assertThat(a.read(ID).orElseThrow().metadata().owner()).isEqualTo("bob");
  }

  @Test
  void aWriterThatDiedBetweenItsAddAndItsCommit_isInvisible_andTheNextWriterLeavesItsVersionAlone() {
    SecretStore store = store();
    StoredSecret created = store.create(ID, metadata("alice"), values("password", "v1"));
    long orphan = addRaw("{\"password\":\"never-committed\"}");

    assertThat(text(store.read(ID).orElseThrow(), "password")).as("readers never see the orphan").isEqualTo("v1");
    StoredSecret updated = store.update(ID, created.revision(), metadata("alice"), values("password", "v2"));

    assertThat(text(store.read(ID).orElseThrow(), "password")).isEqualTo("v2");
    assertThat(updated.version().number()).isEqualTo(2);
    assertThat(store.versions(ID)).extracting(v -> v.number()).containsExactly(1L, 2L);
    assertThat(text(store.read(ID, 1).orElseThrow(), "password")).isEqualTo("v1");
    assertThat(state(orphan)).as("another writer's version is left as it is").isEqualTo(SecretVersion.State.ENABLED);
    assertThat(alias()).isEqualTo(orphan + 1);
  }

  @Test
  void aCreateThatDiedBeforeItsCommit_isTakenOverByTheNextCreate() {
    createRaw(Map.of("managed-by", "secretkit"));
    addRaw("{\"password\":\"never-committed\"}");
    SecretStore store = store();

    assertThat(store.read(ID)).as("a secret without the alias is not there yet").isEmpty();
    StoredSecret created = store.create(ID, metadata("alice"), values("password", "v1"));

    assertThat(created.version().number()).isEqualTo(1);
    assertThat(text(store.read(ID).orElseThrow(), "password")).isEqualTo("v1");
    assertThat(alias()).isEqualTo(2);
    Throwable again = catchThrowable(() -> store.create(ID, metadata("bob"), values("password", "x")));
    assertThat(((ConflictException) again).reason()).isEqualTo(ConflictException.Reason.EXISTS);
  }

  @Test
  void aDisabledOrDestroyedCurrentVersionIsAnError_neverAFallBackToAnOlderOne() {
    SecretStore store = store();
    StoredSecret created = store.create(ID, metadata("alice"), values("password", "v1"));
    store.update(ID, created.revision(), metadata("alice"), values("password", "v2"));

    raw.disableSecretVersion(RawGcp.versionName(PREFIX, ID, 2));
    Throwable disabled = catchThrowable(() -> store.read(ID));
    assertThat(disabled).isInstanceOf(SecretDataException.class)
        .hasMessageContaining("GCP version 2, which is disabled")
        .hasMessageContaining("gcloud secrets versions enable 2 --secret=" + GcpSecretIds.encode(PREFIX, ID));

    raw.destroySecretVersion(RawGcp.versionName(PREFIX, ID, 2));
    Throwable destroyed = catchThrowable(() -> store.read(ID));
    assertThat(destroyed).isInstanceOf(SecretDataException.class).hasMessageContaining("destroyed or disabled")
        .hasMessageContaining("never falls back");

    store.delete(ID, null);
    assertThat(store.read(ID)).as("a forced delete still removes it").isEmpty();
  }

  @Test
  void anOlderVersionDisabledIsAClearError_andOneDestroyedIsNoLongerKept() {
    SecretStore store = store();
    StoredSecret written = store.create(ID, metadata("alice"), values("password", "v1"));
    written = store.update(ID, written.revision(), metadata("alice"), values("password", "v2"));
    store.update(ID, written.revision(), metadata("alice"), values("password", "v3"));

    raw.disableSecretVersion(RawGcp.versionName(PREFIX, ID, 1));
    assertThat(catchThrowable(() -> store.read(ID, 1))).isInstanceOf(SecretDataException.class)
        .hasMessageContaining("version 1 of it is in GCP version 1, which is disabled");
    raw.destroySecretVersion(RawGcp.versionName(PREFIX, ID, 2));

    assertThat(store.read(ID, 2)).isEmpty();
    assertThat(store.versions(ID)).as("only versions that can be read").extracting(v -> v.number())
        .containsExactly(3L);
    assertThat(text(store.read(ID).orElseThrow(), "password")).isEqualTo("v3");
  }

  @Test
  void aPayloadThatFailsItsCrc32cIsADataError_neverAValue() {
    SecretStore store = store();
    store.create(ID, metadata("alice"), values("password", "v1"));
    emulator.corruptPayload(RawGcp.versionName(PREFIX, ID, 1));

    assertThat(catchThrowable(() -> store.read(ID))).isInstanceOf(SecretDataException.class)
        .hasMessageContaining("CRC32C");
  }

  @Test
  void everyVersionAWriteAdds_isSentWithItsCrc32c() {
    SecretStore store = store();
    StoredSecret created = store.create(ID, metadata("alice"), values("password", "v1"));
    store.update(ID, created.revision(), metadata("alice"), values("password", "v2"));

    assertThat(List.of(1, 2)).allSatisfy(number -> assertThat(raw.getSecretVersion(RawGcp.versionName(PREFIX, ID,
        number)).getClientSpecifiedPayloadChecksum()).as("GCP version %d has data_crc32c", number).isTrue());
  }

  @Test
  void aPlainAccessOfLatest_printsTheFlatJsonOfTheUsersKeys() {
    SecretStore store = store();
    StoredSecret created = store.create(ID, metadata("alice"), values("username", "app", "password", "s3cr3t"));
    store.updateMetadata(ID, created.revision(), metadata("bob"));

    String latest = raw.accessSecretVersion(RawGcp.versionName(PREFIX, ID, "latest")).getPayload().getData()
        .toStringUtf8();

    assertThat(latest).startsWith("{\"username\":\"app\",\"password\":\"s3cr3t\",\"_secretkit\":{");
    assertThat(raw.getSecret(RawGcp.secretName(PREFIX, ID)).getLabelsMap())
        .containsEntry("managed-by", "secretkit").containsEntry("secretkit-scope", "db");
  }

  @Test
  void aWriteDestroysTheVersionsItsHistoryNoLongerNames_soASecretKeepsAboutWhatItRetains() {
    SecretStore store = store("versionsRetained=2");
    StoredSecret written = store.create(ID, metadata("alice"), values("password", "v1"));
    for (int i = 2; i <= 4; i++) {
      written = store.update(ID, written.revision(), metadata("alice"), values("password", "v" + i));
    }
    store.updateMetadata(ID, written.revision(), metadata("bob"));

    assertThat(states()).as("GCP versions 1..5: v1, v2 dropped; v4 rewritten by the metadata write")
        .containsExactly(SecretVersion.State.DESTROYED, SecretVersion.State.DESTROYED, SecretVersion.State.ENABLED,
            SecretVersion.State.DESTROYED, SecretVersion.State.ENABLED);
    assertThat(store.versions(ID)).extracting(v -> v.number()).containsExactly(3L, 4L);
    assertThat(text(store.read(ID, 3).orElseThrow(), "password")).isEqualTo("v3");
    assertThat(text(store.read(ID, 4).orElseThrow(), "password")).isEqualTo("v4");
  }

  @Test
  void aPayloadOverTheLimitIsRefusedBeforeAnyCall() {
    SecretStore store = store("maxValueBytes=200000&maxSecretBytes=300000");
    emulator.resetCalls();

    Throwable refused = catchThrowable(() -> store.create(ID, metadata("alice"), values("blob", "x".repeat(70_000))));

    assertThat(refused).isInstanceOf(InvalidManifestException.class).hasMessageContaining("GCP secret payload")
        .hasMessageContaining("at most 63488 (65536 less 2048 for the version history)");
    assertThat(emulator.totalCalls()).isZero();
  }

  @Test
  void aListPageCostsOneListSecretsCallAndOneAccessPerItem_andComesInNameOrder() {
    SecretStore store = store();
    List<String> names = List.of("zeta", "alpha", "mid.dle", "beta-2", "beta_1", "omega", "gamma");
    for (String name : names) {
      store.create(SecretId.of("db", name), metadata("alice"), values("k", "v"));
    }
    store.create(SecretId.of("other", "alpha"), metadata("alice"), values("k", "v"));
    emulator.resetCalls();

    var first = store.list("db", null, 3);

    assertThat(emulator.calls(GcpOperation.LIST_SECRETS)).isEqualTo(1);
    assertThat(emulator.calls(GcpOperation.ACCESS_SECRET_VERSION)).isEqualTo(3);
    List<String> listed = new ArrayList<>();
    first.items().forEach(summary -> listed.add(summary.id().name()));
    String token = first.next().orElseThrow();
    while (token != null) {
      var page = store.list("db", token, 3);
      page.items().forEach(summary -> listed.add(summary.id().name()));
      token = page.next().orElse(null);
    }
    assertThat(listed).containsExactly("alpha", "beta-2", "beta_1", "gamma", "mid.dle", "omega", "zeta");
  }

  @Test
  void onAnImplementationWithoutAliases_theAnnotationCarriesTheCommit() {
    SecretStore lite = storeWithoutAliases();
    StoredSecret created = lite.create(ID, metadata("alice"), values("password", "v1"));
    lite.update(ID, created.revision(), metadata("alice"), values("password", "v2"));

    Secret secret = raw.getSecret(RawGcp.secretName(PREFIX, ID));
    assertThat(secret.getVersionAliasesMap()).as("the implementation kept no alias").isEmpty();
    assertThat(GcpVersionRef.parse(secret.getAnnotationsOrThrow(GcpSecretStore.ANNOTATION)).orElseThrow().number())
        .isEqualTo(2);
    emulator.resetCalls();
    assertThat(text(lite.read(ID).orElseThrow(), "password")).isEqualTo("v2");
    assertThat(emulator.calls(GcpOperation.GET_SECRET)).as("the store, once it knows, asks for the annotation first")
        .isEqualTo(1);
    assertThat(emulator.calls(GcpOperation.ACCESS_SECRET_VERSION)).isEqualTo(1);
    assertThat(text(store().read(ID).orElseThrow(), "password")).as("a store on Google's API reads it too")
        .isEqualTo("v2");
  }

  @Test
  void aVersionAnotherAliasNames_isNotDestroyed_andLaterWritesStillCommit() {
    SecretStore store = store("versionsRetained=2");
    StoredSecret written = store.create(ID, metadata("alice"), values("password", "v1"));
    // Someone pins what GCP version 1 holds under an alias of their own (gcloud secrets update
    // --update-version-aliases=pinned=1), keeping the store's alias.
    Map<String, Long> pinned = new HashMap<>(aliases());
    pinned.put("pinned", 1L);
    setAliases(pinned);

    for (int i = 2; i <= 3; i++) {
      written = store.update(ID, written.revision(), metadata("alice"), values("password", "v" + i));
    }
    StoredSecret last = written;
    Throwable fourth = catchThrowable(() -> store.update(ID, last.revision(), metadata("alice"),
        values("password", "v4")));

    assertThat(state(1)).as("the version the alias 'pinned' names").isEqualTo(SecretVersion.State.ENABLED);
    assertThat(fourth).as("a write after the history dropped the pinned version").isNull();
  }

  @Test
  void onAnImplementationWithoutAliases_aReadRacingAMetadataWrite_isNeverADataError() {
    SecretStore a = storeWithoutAliases();
    SecretStore b = storeWithoutAliases();
    StoredSecret created = a.create(ID, metadata("alice"), values("password", "v1"));
    // A reads the annotation (version 1); before it accesses version 1, B changes the owner: B adds version 2, moves
    // the annotation there and destroys version 1.
    emulator.beforeNext(request -> request.operation() == GcpOperation.ACCESS_SECRET_VERSION
        && request.resource().endsWith("/versions/1"),
        () -> b.updateMetadata(ID, created.revision(), metadata("bob")));

    Throwable read = catchThrowable(() -> a.read(ID));

    // Not a SecretDataException ("its current GCP version 2 ... is destroyed or disabled"): the secret is readable.
    assertThat(read).isNull();
    assertThat(a.read(ID).orElseThrow().metadata().owner()).isEqualTo("bob");
  }
}
