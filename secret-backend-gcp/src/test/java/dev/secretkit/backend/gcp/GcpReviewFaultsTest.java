package dev.secretkit.backend.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.UpdateSecretRequest;
import dev.secretkit.ConflictException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.emulator.gcp.GcpOperation;
import dev.secretkit.emulator.gcp.GcpSecretManagerEmulator;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import dev.secretkit.testkit.ManualClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Review: faults whose outcome the store decides by itself. A transient fault must stay a
 * {@link StoreUnavailableException}, a conflict must mean that nothing was written, and a commit whose outcome is
 * unknown must never be followed by the destruction of the version it may yet make current.
 */
class GcpReviewFaultsTest {
  private static final String PREFIX = "flt-";
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
  void aCreateToldAlreadyExists_whoseFollowUpReadIsUnavailable_isTransientOrAConflict_neverPermanent() {
    SecretStore a = store();
    SecretStore b = store();
    b.create(ID, metadata("bob"), values("password", "bobs"));
    emulator.failNext(GcpOperation.GET_SECRET, 1, GcpSecretManagerEmulator.Failure.UNAVAILABLE);

    Throwable failed = catchThrowable(() -> a.create(ID, metadata("alice"), values("password", "alices")));

    // Today: ConfigurationException "Secret Manager refused CreateSecret ... (ALREADY_EXISTS); the same call will be
    // refused again: check the store's project and endpoint", built from the CreateSecret failure, for an outage of
    // the GetSecret that follows it.
    assertThat(failed).isInstanceOfAny(StoreUnavailableException.class, ConflictException.class);
  }

  @Test
  void aCommitThatTimedOut_andLandsLate_neverLeavesTheAliasOnADestroyedVersion() {
    SecretStore a = store();
    StoredSecret created = a.create(ID, metadata("alice"), values("password", "v1"));
    AtomicReference<UpdateSecretRequest> commit = new AtomicReference<>();
    // The UpdateSecret times out on the client (DEADLINE_EXCEEDED) while the request is still on its way; it reaches
    // Secret Manager later, here just before the store destroys the version it added, thinking the move never was.
    emulator.failNext(GcpOperation.UPDATE_SECRET, 1, GcpSecretManagerEmulator.Failure.DEADLINE_EXCEEDED);
    emulator.beforeNext(request -> {
      if (request.operation() == GcpOperation.UPDATE_SECRET) {
        commit.set((UpdateSecretRequest) request.message());
      }
      return request.operation() == GcpOperation.DESTROY_SECRET_VERSION;
    }, () -> raw.updateSecret(commit.get()));

    Throwable failed = catchThrowable(() -> a.update(ID, created.revision(), metadata("alice"),
        values("password", "v2")));

    assertThat(failed).isInstanceOf(StoreUnavailableException.class);
    Throwable read = catchThrowable(() -> a.read(ID));
    assertThat(read).as("the secret is as it was or as the write makes it, never unreadable").isNull();
    assertThat(a.read(ID).map(s -> s.values().get("password").asString())).isIn(Optional.of("v1"),
        Optional.of("v2"));
  }

  @Test
  void aDeleteWhoseAnswerIsLost_andThatDidDelete_isNotReportedAsAConflict() {
    SecretStore a = store();
    SecretStore b = store();
    StoredSecret created = a.create(ID, metadata("alice"), values("password", "v1"));
    emulator.loseResponses(GcpOperation.DELETE_SECRET, 1);
    AtomicInteger gets = new AtomicInteger();
    // The delete happened; before the store reads the secret to learn so, bob creates it again (a second later, as
    // on Google's service, whose creation times tell the two apart).
    emulator.beforeNext(request -> request.operation() == GcpOperation.GET_SECRET && gets.incrementAndGet() == 2,
        () -> {
          clock.advance(java.time.Duration.ofSeconds(1));
          b.create(ID, metadata("bob"), values("password", "bobs"));
        });

    Throwable failed = catchThrowable(() -> a.delete(ID, created.revision()));

    // A ConflictException says "nothing was written"; alice's delete did remove her secret.
    assertThat(failed).isNull();
    assertThat(b.read(ID).orElseThrow().metadata().owner()).as("bob's secret is left alone").isEqualTo("bob");
  }

  @Test
  void aDeleteWhoseAnswerIsLost_whenTheSecretWasCreatedAgainInTheSameInstant_isAnUnknownOutcome_neverAConflict() {
    SecretStore a = store();
    SecretStore b = store();
    StoredSecret created = a.create(ID, metadata("alice"), values("password", "v1"));
    emulator.loseResponses(GcpOperation.DELETE_SECRET, 1);
    AtomicInteger gets = new AtomicInteger();
    emulator.beforeNext(request -> request.operation() == GcpOperation.GET_SECRET && gets.incrementAndGet() == 2,
        () -> b.create(ID, metadata("bob"), values("password", "bobs")));

    Throwable failed = catchThrowable(() -> a.delete(ID, created.revision()));

    assertThat(failed).isInstanceOf(dev.secretkit.StoreUnavailableException.class)
        .hasMessageContaining("may or may not have happened");
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
