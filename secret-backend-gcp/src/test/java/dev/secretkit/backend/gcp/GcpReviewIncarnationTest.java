package dev.secretkit.backend.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.ConflictException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.access.Grant;
import dev.secretkit.access.Permission;
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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Review: a revision of an earlier incarnation of a secret (deleted, then created again under the same name) must
 * never pass a commit check on the new one. {@link GcpVersionRef} keeps revisions distinct with the write's digits
 * even where two incarnations share a {@code create_time} (this emulator on a clock that stands still; any
 * implementation whose {@code create_time} is coarser than the time between a delete and a create), but the store's
 * checks against the secret ({@code at}) compare only the version number and the creation time.
 */
class GcpReviewIncarnationTest {
  private static final String PREFIX = "inc-";
  private static final SecretId ID = SecretId.of("db", "pg.main");
  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

  private final ManualClock clock = new ManualClock(NOW);
  private GcpSecretManagerEmulator emulator;
  private final List<SecretStore> stores = new ArrayList<>();

  @BeforeEach
  void start() {
    emulator = new GcpSecretManagerEmulator(clock).start();
  }

  @AfterEach
  void stop() {
    stores.forEach(SecretStore::close);
    emulator.close();
  }

  @Test
  void aDeleteWithTheRevisionOfAnEarlierIncarnation_isAConflict_andLeavesTheNewOneAlone() {
    SecretStore a = store();
    SecretStore b = store();
    StoredSecret old = a.create(ID, metadata("alice", List.of()), values("password", "old"));
    a.delete(ID, old.revision());
    StoredSecret recreated = b.create(ID, metadata("bob", List.of()), values("password", "new"));
    assertThat(recreated.revision()).as("the revisions differ, as the contract asks").isNotEqualTo(old.revision());

    Throwable stale = catchThrowable(() -> a.delete(ID, old.revision()));

    assertThat(stale).as("a delete naming a revision the secret no longer has").isInstanceOf(ConflictException.class);
    assertThat(b.read(ID)).as("bob's secret, created after alice's delete, is still there").isPresent();
  }

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
      bobs.set(b.create(ID, metadata("bob", List.of()), values("password", "rotated")));
    });

    Throwable stale = catchThrowable(() -> a.update(ID, old.revision(), metadata("alice", List.of(carol)),
        values("password", "from-a")));

    StoredSecret now = b.read(ID).orElseThrow();
    assertThat(stale).as("A's revision is of the deleted incarnation").isInstanceOf(ConflictException.class);
    assertThat(now.revision()).as("B's create stands").isEqualTo(bobs.get().revision());
    assertThat(now.metadata().grants()).as("the revoked grant is not resurrected").doesNotContain(carol);
  }

  private SecretStore store() {
    SecretStore store = TestStores.open(emulator, PREFIX, "", clock);
    stores.add(store);
    return store;
  }

  private static SecretMetadata metadata(String owner, List<Grant> grants) {
    return new SecretMetadata("secret", "v1", "key-value-properties", "r", owner, List.of(), null, null, grants,
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
