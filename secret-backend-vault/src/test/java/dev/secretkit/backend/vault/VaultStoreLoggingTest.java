package dev.secretkit.backend.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.emulator.vault.VaultEmulator;
import dev.secretkit.emulator.vault.VaultEmulator.Failure;
import dev.secretkit.emulator.vault.VaultOperation;
import dev.secretkit.leakcheck.LogRecords;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * What the vault store logs through {@code System.Logger} while its calls meet faults on the emulator: each retry
 * it decides ({@code DEBUG}: the store's write decided after a failure, the driver's call after a 503) and the write
 * whose lost answer it found committed ({@code INFO}); no record holds a value or the token, planted canaries.
 */
@ExtendWith(LeakScanner.class)
@ResourceLock("java.util.logging:dev.secretkit")
class VaultStoreLoggingTest {
  /** Held, so that the level set on it is not lost with a collected logger. */
  private static final Logger SECRETKIT = Logger.getLogger("dev.secretkit");
  private static final SecretId PG = SecretId.of("public", "pg");
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  private final LogRecords records = new LogRecords();
  private VaultEmulator vault;
  private Level before;

  @BeforeEach
  void start() {
    vault = new VaultEmulator(new TickingClock()).start();
    before = SECRETKIT.getLevel();
    SECRETKIT.setLevel(Level.ALL);
    SECRETKIT.addHandler(records);
  }

  @AfterEach
  void stop() {
    SECRETKIT.removeHandler(records);
    SECRETKIT.setLevel(before);
    vault.close();
  }

  @Test
  void writesAndReadsThroughFaults_logTheRetriesAndTheRepair_withoutAValueOrTheToken(Canaries canaries) {
    String token = canaries.plant(vault.rootToken());
    String description;
    try (SecretStore store = TestStores.open(TestStores.uri(vault, "logging", "maxAttempts=3"),
        Map.of("VAULT_TOKEN", token), new ManualClock(T0))) {
      description = store.description();
      StoredSecret created = store.create(PG, metadata(), values(canaries.plant()));
      vault.failNext(VaultOperation.WRITE_DATA, 1, Failure.INTERNAL_ERROR);
      StoredSecret second = store.update(PG, created.revision(), metadata(), values(canaries.plant()));
      vault.loseResponses(VaultOperation.WRITE_DATA, 1);
      store.update(PG, second.revision(), metadata(), values(canaries.plant()));
      vault.failNext(VaultOperation.READ_DATA, 1, Failure.SEALED);

      assertThat(store.read(PG).orElseThrow().version().number()).isEqualTo(3);
    }

    assertThat(records.at(Level.FINE, VaultSecretStore.class)).containsExactly("store " + description + ": the"
        + " write of public:pg failed (dev.secretkit.StoreUnavailableException) at attempt 1; trying again");
    assertThat(records.at(Level.INFO, VaultSecretStore.class)).containsExactly("store " + description + ": the"
        + " answer to the write of public:pg (KV version 3) was lost, and that version is this write's: the write"
        + " stands (after dev.secretkit.StoreUnavailableException)");
    assertThat(records.at(Level.FINE, VaultKv.class)).containsExactly("store " + description + ": read of"
        + " secret/data/logging/public/pg failed (HTTP 503, io.github.jopenlibs.vault.VaultException) at attempt 1;"
        + " trying again");
    records.all().forEach(text -> canaries.assertAbsent("a log record", text));
  }

  private static Map<String, SecretValue> values(String password) {
    return Map.of("password", SecretValue.ofString(password));
  }

  private static SecretMetadata metadata() {
    return new SecretMetadata("secret", "v1", "key-value", "r", "olivia", List.of(), null, null, List.of(), List.of(),
        T0, "olivia", T0, "olivia");
  }
}
