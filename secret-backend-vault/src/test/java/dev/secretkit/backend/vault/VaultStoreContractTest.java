package dev.secretkit.backend.vault;

import dev.secretkit.emulator.vault.VaultEmulator;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.testkit.SecretStoreContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The vault store passes the whole contract, through the real vault-java-driver, against the Vault emulator. */
class VaultStoreContractTest extends SecretStoreContract {
  private static final AtomicInteger TESTS = new AtomicInteger();
  private static VaultEmulator emulator;

  private String prefix;

  @BeforeAll
  static void startEmulator() {
    emulator = new VaultEmulator(new TickingClock()).start();
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  @Override
  protected SecretStore openStore() {
    if (prefix == null) {
      prefix = "contract" + TESTS.incrementAndGet();
    }
    return TestStores.open(emulator, prefix, "", new TickingClock());
  }

  @Override
  protected SecretStore reopenStore() {
    return openStore();
  }

  @Override
  protected int concurrentWritesPerWriter() {
    return 10;
  }
}
