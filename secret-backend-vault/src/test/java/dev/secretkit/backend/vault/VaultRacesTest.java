package dev.secretkit.backend.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.ConflictException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.access.Grant;
import dev.secretkit.access.Permission;
import dev.secretkit.access.Principal;
import dev.secretkit.client.SecretClient;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.emulator.vault.VaultEmulator;
import dev.secretkit.emulator.vault.VaultOperation;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two clients of one Vault, each with its own store, racing at the exact points the emulator's hook picks:
 * Vault's {@code cas} lets exactly one write from a revision through, the other is a conflict, and no
 * write is lost; the delete's documented window is where it is.
 */
class VaultRacesTest {
  private static final SecretId PG = SecretId.of("public", "pg");
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  private VaultEmulator vault;
  private SecretStore alice;
  private SecretStore bob;

  @BeforeEach
  void start() {
    vault = new VaultEmulator(new TickingClock()).start();
    alice = TestStores.open(vault, "secretkit", "", new ManualClock());
    bob = TestStores.open(vault, "secretkit", "", new ManualClock());
  }

  @AfterEach
  void stop() {
    alice.close();
    bob.close();
    vault.close();
  }

  private static SecretMetadata by(String who) {
    return new SecretMetadata("secret", "v1", "key-value", "r", "olivia", List.of(), null, null, List.of(), List.of(),
        T0, "olivia", T0, who);
  }

  private static Map<String, SecretValue> password(String value) {
    return Map.of("password", SecretValue.ofString(value));
  }

  /** Runs {@code action} just before the next data write reaches Vault. */
  private void beforeTheNextWrite(Runnable action) {
    vault.beforeNext(request -> request.operation() == VaultOperation.WRITE_DATA, action);
  }

  @Test
  void twoUpdatesFromOneRevision_oneWins_theOtherIsAConflict_andNothingIsLost() {
    String revision = alice.create(PG, by("alice"), password("v1")).revision();
    AtomicReference<StoredSecret> bobs = new AtomicReference<>();
    beforeTheNextWrite(() -> bobs.set(bob.update(PG, revision, by("bob"), password("bob's"))));

    Throwable thrown = catchThrowable(() -> alice.update(PG, revision, by("alice"), password("alice's")));

    assertThat(thrown).isInstanceOfSatisfying(ConflictException.class,
        e -> assertThat(e.reason()).isEqualTo(ConflictException.Reason.CHANGED));
    StoredSecret read = alice.read(PG).orElseThrow();
    assertThat(read.revision()).isEqualTo(bobs.get().revision());
    assertThat(read.values().get("password").asString()).isEqualTo("bob's");
    assertThat(read.version().number()).isEqualTo(2);
  }

  @Test
  void twoCreates_oneWins_theOtherIsExists() {
    beforeTheNextWrite(() -> bob.create(PG, by("bob"), password("bob's")));

    Throwable thrown = catchThrowable(() -> alice.create(PG, by("alice"), password("alice's")));

    assertThat(thrown).isInstanceOfSatisfying(ConflictException.class,
        e -> assertThat(e.reason()).isEqualTo(ConflictException.Reason.EXISTS));
    assertThat(alice.read(PG).orElseThrow().metadata().updatedBy()).isEqualTo("bob");
  }

  @Test
  void twoClientsGranting_atTheSameTime_keepBothGrants() {
    alice.create(PG, by("olivia"), password("v1"));
    try (SecretClient aliceClient = client(alice); SecretClient bobClient = client(bob)) {
      beforeTheNextWrite(() -> bobClient.grant(PG, "bob", Permission.CAN_USE));

      aliceClient.grant(PG, "alice", Permission.CAN_USE);
    }

    assertThat(alice.read(PG).orElseThrow().metadata().grants()).containsExactlyInAnyOrder(
        new Grant("alice", Permission.CAN_USE), new Grant("bob", Permission.CAN_USE));
  }

  @Test
  void aWriteInTheDeletesWindow_isDeletedWithTheSecret_asDocumented() {
    String revision = alice.create(PG, by("alice"), password("v1")).revision();
    vault.beforeNext(request -> request.operation() == VaultOperation.DELETE_METADATA,
        () -> bob.update(PG, revision, by("bob"), password("bob's")));

    alice.delete(PG, revision);

    assertThat(alice.read(PG)).isEmpty();
  }

  @Test
  void aWriteBeforeTheDeletesCheck_makesTheDeleteAConflict() {
    String revision = alice.create(PG, by("alice"), password("v1")).revision();
    vault.beforeNext(request -> request.operation() == VaultOperation.READ_METADATA,
        () -> bob.update(PG, revision, by("bob"), password("bob's")));

    assertThat(catchThrowable(() -> alice.delete(PG, revision))).isInstanceOf(ConflictException.class);
    assertThat(alice.read(PG).orElseThrow().values().get("password").asString()).isEqualTo("bob's");
  }

  private static SecretClient client(SecretStore store) {
    return SecretClient.builder().store(store).principal(Principal.localUser("olivia")).clock(new ManualClock(T0))
        .environment(Map.of()).build();
  }
}
