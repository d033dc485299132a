package dev.secretkit.backend.gcp;

import static dev.secretkit.backend.gcp.TestSecrets.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.cloud.secretmanager.v1.UpdateSecretRequest;
import dev.secretkit.ConflictException;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.emulator.gcp.GcpOperation;
import dev.secretkit.emulator.gcp.GcpSecretManagerEmulator;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A write that a fault interrupts reports only what the store knows of its outcome: a transient fault stays a
 * {@link StoreUnavailableException}, a {@link ConflictException} means that nothing was written, and a commit whose
 * answer was lost is never followed by the destruction of the version it may yet make current.
 */
class GcpFaultOutcomeTest extends GcpProtocolFixture {
  @Test
  void aCreateToldAlreadyExists_whoseFollowUpReadIsUnavailable_isTransientOrAConflict_neverPermanent() {
    SecretStore a = store();
    SecretStore b = store();
    b.create(ID, metadata("bob"), values("password", "bobs"));
    emulator.failNext(GcpOperation.GET_SECRET, 1, GcpSecretManagerEmulator.Failure.UNAVAILABLE);

    Throwable failed = catchThrowable(() -> a.create(ID, metadata("alice"), values("password", "alices")));

    // Never a ConfigurationException ("Secret Manager refused CreateSecret ... (ALREADY_EXISTS); the same call will be
    // refused again") built from the CreateSecret failure, for an outage of the GetSecret that follows it.
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
    SecretStore b = store();
    // The delete happened; before the store reads the secret to learn so, bob creates it again (a second later, as
    // on Google's service, whose creation times tell the two apart).
    Throwable failed = aliceDeletesAndLosesTheAnswer(() -> {
      clock.advance(Duration.ofSeconds(1));
      b.create(ID, metadata("bob"), values("password", "bobs"));
    });

    // A ConflictException says "nothing was written"; alice's delete did remove her secret.
    assertThat(failed).isNull();
    assertThat(b.read(ID).orElseThrow().metadata().owner()).as("bob's secret is left alone").isEqualTo("bob");
  }

  @Test
  void aDeleteWhoseAnswerIsLost_whenTheSecretWasCreatedAgainInTheSameInstant_isAnUnknownOutcome_neverAConflict() {
    SecretStore b = store();

    Throwable failed = aliceDeletesAndLosesTheAnswer(() -> b.create(ID, metadata("bob"), values("password", "bobs")));

    assertThat(failed).isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("may or may not have happened");
  }

  /**
   * Has alice create the secret and delete it, losing the delete's answer; runs {@code meanwhile} just before her
   * store reads the secret to learn whether the delete happened. Returns what the delete threw, or null.
   */
  private Throwable aliceDeletesAndLosesTheAnswer(Runnable meanwhile) {
    SecretStore a = store();
    StoredSecret created = a.create(ID, metadata("alice"), values("password", "v1"));
    emulator.loseResponses(GcpOperation.DELETE_SECRET, 1);
    AtomicInteger gets = new AtomicInteger();
    emulator.beforeNext(request -> request.operation() == GcpOperation.GET_SECRET && gets.incrementAndGet() == 2,
        meanwhile);
    return catchThrowable(() -> a.delete(ID, created.revision()));
  }
}
