package dev.secretkit.backend.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.cloud.secretmanager.v1.AddSecretVersionRequest;
import com.google.cloud.secretmanager.v1.Replication;
import com.google.cloud.secretmanager.v1.Secret;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretPayload;
import com.google.cloud.secretmanager.v1.UpdateSecretRequest;
import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import dev.secretkit.ConflictException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.emulator.gcp.GcpSecretManagerEmulator;
import dev.secretkit.spi.SecretStore;
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
 * Review: GCP secrets in states SecretKit did not leave them in: another tool's secret under a SecretKit name, and
 * a SecretKit secret whose alias another tool removed (Terraform managing {@code version_aliases} drops aliases it
 * does not know).
 */
class GcpReviewForeignStateTest {
  private static final String PREFIX = "fs-";
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
  void aCreate_neverTakesOverAnotherToolsSecret_thatMerelyHasNoAlias() {
    // Another tool's secret, with its own value as latest: no managed-by=secretkit label, so no SecretKit create
    // died here.
    raw.createSecret("projects/" + TestStores.PROJECT, GcpSecretIds.encode(PREFIX, ID), Secret.newBuilder()
        .setReplication(Replication.newBuilder().setAutomatic(Replication.Automatic.getDefaultInstance())).build());
    raw.addSecretVersion(AddSecretVersionRequest.newBuilder().setParent(RawGcp.secretName(PREFIX, ID))
        .setPayload(SecretPayload.newBuilder().setData(ByteString.copyFromUtf8("other-tools-value"))).build());
    SecretStore store = store();

    Throwable created = catchThrowable(() -> store.create(ID, metadata("alice"), values("password", "v1")));

    assertThat(created).isInstanceOf(ConflictException.class);
    assertThat(raw.accessSecretVersion(RawGcp.versionName(PREFIX, ID, "latest")).getPayload().getData()
        .toStringUtf8()).as("what the other tool's readers get").isEqualTo("other-tools-value");
  }

  @Test
  void whenTheAliasIsRemoved_everyStoreReadsTheSecretAlike_whateverItReadBefore() {
    SecretStore seasoned = store();
    seasoned.create(ID, metadata("alice"), values("password", "v1"));
    assertThat(seasoned.read(ID)).isPresent();
    Secret secret = raw.getSecret(RawGcp.secretName(PREFIX, ID));
    raw.updateSecret(UpdateSecretRequest.newBuilder().setUpdateMask(FieldMask.newBuilder().addPaths("version_aliases"))
        .setSecret(Secret.newBuilder().setName(secret.getName()).setEtag(secret.getEtag())).build());
    SecretStore fresh = store();

    boolean freshFinds = fresh.read(ID).isPresent();
    boolean seasonedFinds = seasoned.read(ID).isPresent();

    // Today the fresh store reads the annotation's version, and the one that once saw an alias finds no secret.
    assertThat(seasonedFinds).as("a store that has seen an alias before").isEqualTo(freshFinds);
  }

  private SecretStore store() {
    SecretStore store = TestStores.open(emulator, PREFIX, "", clock);
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
