package dev.secretkit.backend.gcp;

import com.google.cloud.secretmanager.v1.AddSecretVersionRequest;
import com.google.cloud.secretmanager.v1.Replication;
import com.google.cloud.secretmanager.v1.Secret;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretPayload;
import com.google.cloud.secretmanager.v1.SecretVersion;
import com.google.cloud.secretmanager.v1.UpdateSecretRequest;
import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.access.Grant;
import dev.secretkit.emulator.gcp.GcpSecretManagerEmulator;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The fixture of the tests that watch the gcp-sm store's protocol from Secret Manager's side: for each test, a fresh
 * emulator on a manual clock standing at {@link #NOW}, Google's own client on it ({@link RawGcp}) to look at and
 * change what the stores wrote as another tool would, and stores on it under {@link #PREFIX}, all closed after the
 * test. The helpers read and write the GCP secret that holds {@link #ID}.
 */
abstract class GcpProtocolFixture {
  static final String PREFIX = "proto-";
  static final SecretId ID = SecretId.of("db", "pg.main");
  static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

  final ManualClock clock = new ManualClock(NOW);
  GcpSecretManagerEmulator emulator;
  SecretManagerServiceClient raw;
  private final List<SecretStore> stores = new ArrayList<>();

  @BeforeEach
  void startEmulator() {
    emulator = new GcpSecretManagerEmulator(clock).start();
    raw = RawGcp.client(emulator);
  }

  @AfterEach
  void closeStoresAndEmulator() {
    stores.forEach(SecretStore::close);
    raw.close();
    emulator.close();
  }

  /** Opens a store on the emulator, closed after the test. */
  SecretStore store() {
    return store("");
  }

  /** Opens a store with more URI {@code parameters} (such as {@code versionsRetained=2}), closed after the test. */
  SecretStore store(String parameters) {
    return kept(TestStores.open(emulator, PREFIX, parameters, clock));
  }

  /** Opens a store on the emulator made to keep no aliases or etags ({@link WithoutAliasesOrEtags}). */
  SecretStore storeWithoutAliases() {
    return kept(TestStores.openWithoutAliases(emulator, PREFIX, "", clock));
  }

  private SecretStore kept(SecretStore store) {
    stores.add(store);
    return store;
  }

  /** Returns the metadata of a Secret {@code owner} wrote at {@link #NOW}. */
  static SecretMetadata metadata(String owner) {
    return TestSecrets.metadata(owner, NOW);
  }

  /** Returns the metadata of a Secret {@code owner} wrote at {@link #NOW}, granting {@code grants}. */
  static SecretMetadata metadata(String owner, List<Grant> grants) {
    return TestSecrets.metadata(owner, grants, NOW);
  }

  /** Creates the GCP secret for {@link #ID} with {@code labels} and no version, as another tool would. */
  void createRaw(Map<String, String> labels) {
    raw.createSecret("projects/" + TestStores.PROJECT, GcpSecretIds.encode(PREFIX, ID), Secret.newBuilder()
        .putAllLabels(labels).setReplication(Replication.newBuilder()
            .setAutomatic(Replication.Automatic.getDefaultInstance())).build());
  }

  /** Adds a version holding {@code data} to that secret, as another tool would, and returns its number. */
  long addRaw(String data) {
    SecretVersion added = raw.addSecretVersion(AddSecretVersionRequest.newBuilder()
        .setParent(RawGcp.secretName(PREFIX, ID)).setPayload(SecretPayload.newBuilder()
            .setData(ByteString.copyFromUtf8(data))).build());
    return Long.parseLong(added.getName().substring(added.getName().lastIndexOf('/') + 1));
  }

  /** Replaces that secret's version aliases with {@code aliases}, as another tool would. */
  void setAliases(Map<String, Long> aliases) {
    Secret secret = raw.getSecret(RawGcp.secretName(PREFIX, ID));
    raw.updateSecret(UpdateSecretRequest.newBuilder().setUpdateMask(FieldMask.newBuilder().addPaths("version_aliases"))
        .setSecret(Secret.newBuilder().setName(secret.getName()).setEtag(secret.getEtag())
            .putAllVersionAliases(aliases)).build());
  }

  /** Returns the version aliases of that secret. */
  Map<String, Long> aliases() {
    return raw.getSecret(RawGcp.secretName(PREFIX, ID)).getVersionAliasesMap();
  }

  /** Returns the GCP version the store's alias names. */
  long alias() {
    return raw.getSecret(RawGcp.secretName(PREFIX, ID)).getVersionAliasesOrThrow(GcpSecretStore.ALIAS);
  }

  /** Returns the state of GCP version {@code number}. */
  SecretVersion.State state(long number) {
    return raw.getSecretVersion(RawGcp.versionName(PREFIX, ID, number)).getState();
  }

  /** Returns the states of every GCP version, in the order of their names. */
  List<SecretVersion.State> states() {
    List<SecretVersion> versions = new ArrayList<>();
    raw.listSecretVersions(RawGcp.secretName(PREFIX, ID)).iterateAll().forEach(versions::add);
    versions.sort((x, y) -> x.getName().compareTo(y.getName()));
    return versions.stream().map(SecretVersion::getState).toList();
  }
}
