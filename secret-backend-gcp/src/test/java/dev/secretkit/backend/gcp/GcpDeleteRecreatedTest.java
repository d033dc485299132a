package dev.secretkit.backend.gcp;

import static dev.secretkit.backend.gcp.TestSecrets.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.ConflictException;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.emulator.gcp.GcpOperation;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A delete whose answer was lost, of a secret created again and written in the same instant (the creation times
 * equal), is deleted or an unknown outcome, never a conflict, which would say nothing happened.
 */
class GcpDeleteRecreatedTest extends GcpProtocolFixture {
  @Test
  void aDeleteWhoseAnswerIsLost_andTheSecretIsCreatedAgainInTheSameInstantAndWritten_isNeverAConflict() {
    SecretStore a = store();
    SecretStore b = store();
    StoredSecret created = a.create(ID, metadata("alice"), values("password", "v1"));
    emulator.loseResponses(GcpOperation.DELETE_SECRET, 1);
    AtomicInteger gets = new AtomicInteger();
    // Alice's delete happened. Before her store reads the secret to learn so, bob creates it again in the same
    // instant (the clock stands still, as GcpVersionRef says it may) and updates it once: GCP version 2 of a new
    // secret with alice's create_time.
    emulator.beforeNext(request -> request.operation() == GcpOperation.GET_SECRET && gets.incrementAndGet() == 2,
        () -> {
          StoredSecret bobs = b.create(ID, metadata("bob"), values("password", "bobs"));
          b.update(ID, bobs.revision(), metadata("bob"), values("password", "bobs-2"));
        });

    Throwable failed = catchThrowable(() -> a.delete(ID, created.revision()));

    assertThat(failed).as("deleted, or an unknown outcome; never 'nothing happened'")
        .isNotInstanceOf(ConflictException.class);
    assertThat(failed == null || failed instanceof StoreUnavailableException).isTrue();
  }
}
