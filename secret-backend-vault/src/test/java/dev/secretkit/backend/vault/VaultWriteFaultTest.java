package dev.secretkit.backend.vault;

import dev.secretkit.emulator.vault.VaultEmulator;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.testkit.WriteFaultContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Every client write on the vault store leaves the old or the new state when any one store call fails. */
class VaultWriteFaultTest extends WriteFaultContract {
  private static final AtomicInteger TESTS = new AtomicInteger();
  private static VaultEmulator emulator;

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
    return TestStores.open(emulator, "faults" + TESTS.incrementAndGet(), "", new TickingClock());
  }
}
