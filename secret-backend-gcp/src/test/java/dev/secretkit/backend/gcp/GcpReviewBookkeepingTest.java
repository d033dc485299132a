package dev.secretkit.backend.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.cloud.secretmanager.v1.Secret;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretVersion;
import com.google.cloud.secretmanager.v1.UpdateSecretRequest;
import com.google.protobuf.FieldMask;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.emulator.gcp.GcpOperation;
import dev.secretkit.emulator.gcp.GcpSecretManagerEmulator;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.spi.StoredSecret;
import dev.secretkit.testkit.ManualClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Review: the versions a write destroys after its commit, and the reads that race it.
 */
class GcpReviewBookkeepingTest {
  private static final String PREFIX = "bk-";
  private static final SecretId ID = SecretId.of("db", "pg.main");
  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

  private final ManualClock clock = new ManualClock(NOW);
  private GcpSecretManagerEmulator emulator;
  private SecretManagerServiceClient raw;
  private final List<SecretStore> stores = new ArrayList<>();

  @BeforeEach
  void start() {
    emulator = new GcpSecretManagerEmulator(clock).start();
    raw = RawGcp.client(emulator);
  }

  @AfterEach
  void stop() {
    stores.forEach(SecretStore::close);
    raw.close();
    emulator.close();
  }

  @Test
  void aVersionAnotherAliasNames_isNotDestroyed_andLaterWritesStillCommit() {
    SecretStore store = store("versionsRetained=2");
    StoredSecret written = store.create(ID, metadata("alice"), values("password", "v1"));
    // Someone pins what GCP version 1 holds under an alias of their own (gcloud secrets update
    // --update-version-aliases=pinned=1), keeping the store's alias.
    Secret secret = raw.getSecret(RawGcp.secretName(PREFIX, ID));
    raw.updateSecret(UpdateSecretRequest.newBuilder().setUpdateMask(FieldMask.newBuilder().addPaths("version_aliases"))
        .setSecret(Secret.newBuilder().setName(secret.getName()).setEtag(secret.getEtag())
            .putAllVersionAliases(secret.getVersionAliasesMap()).putVersionAliases("pinned", 1)).build());

    for (int i = 2; i <= 3; i++) {
      written = store.update(ID, written.revision(), metadata("alice"), values("password", "v" + i));
    }
    StoredSecret last = written;
    Throwable fourth = catchThrowable(() -> store.update(ID, last.revision(), metadata("alice"),
        values("password", "v4")));

    assertThat(raw.getSecretVersion(RawGcp.versionName(PREFIX, ID, 1)).getState())
        .as("the version the alias 'pinned' names").isEqualTo(SecretVersion.State.ENABLED);
    assertThat(fourth).as("a write after the history dropped the pinned version").isNull();
  }

  @Test
  void onAnImplementationWithoutAliases_aReadRacingAMetadataWrite_isNeverADataError() {
    SecretStore a = lite();
    SecretStore b = lite();
    StoredSecret created = a.create(ID, metadata("alice"), values("password", "v1"));
    // A reads the annotation (version 1); before it accesses version 1, B changes the owner: B adds version 2, moves
    // the annotation there and destroys version 1.
    emulator.beforeNext(request -> request.operation() == GcpOperation.ACCESS_SECRET_VERSION
        && request.resource().endsWith("/versions/1"),
        () -> b.updateMetadata(ID, created.revision(), metadata("bob")));

    Throwable read = catchThrowable(() -> a.read(ID));

    // Today: SecretDataException "its current GCP version 2 ... is destroyed or disabled; SecretKit never falls back
    // to an older one: apply the secret again after a forced delete", for a secret that is perfectly readable.
    assertThat(read).isNull();
    assertThat(a.read(ID).orElseThrow().metadata().owner()).isEqualTo("bob");
  }

  private SecretStore store(String parameters) {
    SecretStore store = TestStores.open(emulator, PREFIX, parameters, clock);
    stores.add(store);
    return store;
  }

  private SecretStore lite() {
    SecretStore store = new GcpSecretManagerStoreProvider(() -> new WithoutAliasesOrEtags(emulator.openChannel()),
        TestStores.noWait(), () -> 0.5).open(StoreConfig.parse(TestStores.uri("in-process:1", PREFIX, ""), Map.of(),
        clock));
    stores.add(store);
    return store;
  }

  private static SecretMetadata metadata(String owner) {
    return new SecretMetadata("secret", "v1", "key-value-properties", "r", owner, List.of(), null, null, List.of(),
        List.of(), NOW, owner, NOW, owner);
  }

  private static Map<String, SecretValue> values(String... keysAndValues) {
    Map<String, SecretValue> values = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      values.put(keysAndValues[i], SecretValue.ofString(keysAndValues[i + 1]));
    }
    return values;
  }
}
