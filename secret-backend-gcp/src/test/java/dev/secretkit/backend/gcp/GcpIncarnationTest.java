package dev.secretkit.backend.gcp;

import static dev.secretkit.backend.gcp.TestSecrets.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.ConflictException;
import dev.secretkit.access.Grant;
import dev.secretkit.access.Permission;
import dev.secretkit.emulator.gcp.GcpOperation;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A revision of an earlier incarnation of a secret (deleted, then created again under the same name) never passes a
 * commit check on the new one, even where the two incarnations share a {@code create_time} (this emulator on a
 * clock that stands still; any implementation whose {@code create_time} is coarser than the time between a delete
 * and a create).
 */
class GcpIncarnationTest extends GcpProtocolFixture {
  @Test
  void anUpdateStalledWhileTheSecretIsDeletedAndCreatedAgain_isAConflict_andResurrectsNoGrant() {
    SecretStore a = store();
    SecretStore b = store();
    Grant carol = new Grant("carol", Permission.CAN_USE);
    StoredSecret old = a.create(ID, metadata("alice", List.of(carol)), values("password", "old"));
    AtomicReference<StoredSecret> bobs = new AtomicReference<>();
    // A has read the secret (and checked its revision); just before its commit reads the secret's etag, B revokes
    // carol the hard way: deletes the secret and creates it again without her grant.
    emulator.beforeNext(request -> request.operation() == GcpOperation.GET_SECRET, () -> {
      b.delete(ID, old.revision());
      bobs.set(b.create(ID, metadata("bob"), values("password", "rotated")));
    });

    Throwable stale = catchThrowable(() -> a.update(ID, old.revision(), metadata("alice", List.of(carol)),
        values("password", "from-a")));

    StoredSecret now = b.read(ID).orElseThrow();
    assertThat(stale).as("A's revision is of the deleted incarnation").isInstanceOf(ConflictException.class);
    assertThat(now.revision()).as("B's create stands").isEqualTo(bobs.get().revision());
    assertThat(now.metadata().grants()).as("the revoked grant is not resurrected").doesNotContain(carol);
  }

  @Test
  void aDeleteWithTheRevisionOfAnEarlierIncarnation_isAConflict_andLeavesTheNewOneAlone() {
    SecretStore a = store();
    SecretStore b = store();
    StoredSecret old = a.create(ID, metadata("alice"), values("password", "old"));
    a.delete(ID, old.revision());
    StoredSecret recreated = b.create(ID, metadata("bob"), values("password", "new"));
    assertThat(recreated.revision()).as("the revisions differ, as the contract asks").isNotEqualTo(old.revision());

    Throwable stale = catchThrowable(() -> a.delete(ID, old.revision()));

    assertThat(stale).as("a delete naming a revision the secret no longer has").isInstanceOf(ConflictException.class);
    assertThat(b.read(ID)).as("bob's secret, created after alice's delete, is still there").isPresent();
  }
}
