package dev.secretkit.backend.gcp;

import static dev.secretkit.backend.gcp.TestSecrets.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.cloud.secretmanager.v1.Secret;
import com.google.cloud.secretmanager.v1.UpdateSecretRequest;
import com.google.protobuf.FieldMask;
import dev.secretkit.SecretDataException;
import dev.secretkit.SecretRef;
import dev.secretkit.access.Principal;
import dev.secretkit.client.CachePolicy;
import dev.secretkit.client.SecretClient;
import dev.secretkit.emulator.gcp.GcpOperation;
import dev.secretkit.emulator.gcp.GcpSecretManagerEmulator;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A hostile review of the gcp-sm probe (issue 14): it answers from the annotation {@code secretkit-version}, while a
 * read follows the alias {@code secretkit}; wherever the two part, a caching client keeps serving what a read no
 * longer returns. Each test fails while the defect it names is there.
 */
class GcpProbeReviewTest extends GcpProtocolFixture {
  private static final Duration TTL = Duration.ofMinutes(1);
  private static final SecretRef PASSWORD = SecretRef.to(ID, "password");

  private final AtomicLong nanos = new AtomicLong();

  private SecretClient cachedClient(SecretStore store) {
    return SecretClient.builder().store(store).environment(Map.of()).principal(Principal.localUser("alice"))
        .cache(CachePolicy.defaults().withTtl(TTL).withJitter(0)).ticker(nanos::get).build();
  }

  /**
   * After another tool moves the alias back (the rollback GcpAliasRollbackTest supports), a read returns GCP
   * version 1 with its revision, while the probe still names the write the annotation holds: the SPI's "probe,
   * head, read and readAll agree on it" is broken, and a client that cached the later value before the rollback
   * probes, finds "unchanged", and serves it for ever. The probe's Javadoc promises the opposite ("a cache reads
   * the secret again on each check rather than keep what may have changed"), which holds only for a cache that
   * loaded after the rollback.
   */
  @Test
  void afterAnotherToolMovesTheAliasBack_theProbeAgreesWithRead_andACachingClientSeesTheRollback() {
    SecretStore store = store();
    StoredSecret first = store.create(ID, metadata("alice"), values("password", "fake-v1"));
    store.update(ID, first.revision(), metadata("alice"), values("password", "fake-v2"));
    try (SecretClient client = cachedClient(store)) {
      assertThat(client.resolve(PASSWORD).asString()).isEqualTo("fake-v2");
      Map<String, Long> rolledBack = new HashMap<>(aliases());
      rolledBack.put(GcpSecretStore.ALIAS, 1L);
      setAliases(rolledBack);
      StoredSecret read = store.read(ID).orElseThrow();
      assertThat(read.values().get("password").asString()).as("a read after the rollback").isEqualTo("fake-v1");

      assertThat(store.probe(ID)).as("the probe after the rollback").contains(read.revision());

      nanos.addAndGet(TTL.toNanos());
      assertThat(client.resolve(PASSWORD).asString()).as("the cached client one TTL after the rollback")
          .isEqualTo("fake-v1");
    }
  }

  /**
   * Disabling the version is how a GCP user withdraws a leaked credential, and README says a read of it is then a
   * data error, never a value. The probe reads only the annotation, which still names the disabled version's write:
   * a caching client keeps serving the withdrawn value, probe after probe, for as long as it runs.
   */
  @Test
  void afterTheCurrentVersionIsDisabled_aCachingClientStopsServingItWithinOneTtl() {
    SecretStore store = store();
    store.create(ID, metadata("alice"), values("password", "fake-leaked"));
    try (SecretClient client = cachedClient(store)) {
      assertThat(client.resolve(PASSWORD).asString()).isEqualTo("fake-leaked");
      raw.disableSecretVersion(RawGcp.versionName(PREFIX, ID, alias()));
      assertThat(catchThrowable(() -> store.read(ID))).as("a read of the disabled version")
          .isInstanceOf(SecretDataException.class);

      nanos.addAndGet(TTL.toNanos());

      assertThat(catchThrowable(() -> client.resolve(PASSWORD).destroy()))
          .as("the cached client one TTL after the version was disabled").isInstanceOf(SecretDataException.class);
    }
  }

  /**
   * GetSecret counts against Secret Manager's "Read requests" quota, 600 a minute per project, where
   * AccessSecretVersion has 90,000 (spec/backends.md): a fleet checking 10 secrets a minute from 60 processes uses
   * it up. Then every check fails as throttled, the cache serves stale (and, after staleIfError, fails), while a
   * read, on the plentiful quota, would have answered. A throttled probe should fall back to a read.
   */
  @Test
  void aThrottledReadQuota_doesNotLeaveTheCacheStale_whileReadsStillWork() {
    SecretStore store = store();
    store.create(ID, metadata("alice"), values("password", "fake-v1"));
    try (SecretClient client = cachedClient(store)) {
      client.resolve(PASSWORD).destroy();
      emulator.failNext(GcpOperation.GET_SECRET, 1000, GcpSecretManagerEmulator.Failure.RESOURCE_EXHAUSTED);
      nanos.addAndGet(TTL.toNanos());

      assertThat(client.lookup(PASSWORD).stale()).as("served stale while AccessSecretVersion answers").isFalse();
    }
  }
  // ---------------------------------------------------------------- killers of surviving mutations (pass today)

  /** Kills "no fallback without an annotation": another tool removed it, and the probe still agrees with read. */
  @Test
  void withTheAnnotationRemoved_theProbeAgreesWithRead() {
    SecretStore store = store();
    store.create(ID, metadata("alice"), values("password", "fake-v1"));
    setAnnotations(Map.of());

    StoredSecret read = store.read(ID).orElseThrow();

    assertThat(store.probe(ID)).contains(read.revision());
  }

  /** Kills "no incarnation check": an annotation copied from the secret's earlier incarnation is not believed. */
  @Test
  void withAnAnnotationOfAnEarlierIncarnation_theProbeAgreesWithRead() {
    SecretStore store = store();
    StoredSecret first = store.create(ID, metadata("alice"), values("password", "fake-v1"));
    String earlier = raw.getSecret(RawGcp.secretName(PREFIX, ID)).getAnnotationsOrThrow(GcpSecretStore.ANNOTATION);
    store.delete(ID, first.revision());
    clock.advance(Duration.ofSeconds(1));
    store.create(ID, metadata("alice"), values("password", "fake-v2"));
    setAnnotations(Map.of(GcpSecretStore.ANNOTATION, earlier));

    StoredSecret read = store.read(ID).orElseThrow();

    assertThat(store.probe(ID)).contains(read.revision());
  }

  /** Replaces the annotations of the GCP secret that holds {@link #ID}, as another tool would. */
  private void setAnnotations(Map<String, String> annotations) {
    Secret secret = raw.getSecret(RawGcp.secretName(PREFIX, ID));
    raw.updateSecret(UpdateSecretRequest.newBuilder().setUpdateMask(FieldMask.newBuilder().addPaths("annotations"))
        .setSecret(Secret.newBuilder().setName(secret.getName()).setEtag(secret.getEtag())
            .putAllAnnotations(annotations)).build());
  }
}
