package dev.secretkit.backend.vault;

import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.emulator.vault.VaultEmulator;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.testkit.FaultSoakContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The fault soak against the emulator, its faults on the wire so the store's HTTP client sees real 500s, 429s and
 * dropped connections, with the store's retries as in production (three attempts, waits recorded rather than
 * slept), and the emulator stopped halfway and restarted on the same port.
 */
class VaultFaultSoakTest extends FaultSoakContract {
  private static final ManualClock CLOCK = new ManualClock();
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
  protected String storeName() {
    return "vault-emulator";
  }

  @Override
  protected SecretStore openStore() {
    return TestStores.open(emulator, "soak", "maxAttempts=3", CLOCK);
  }

  @Override
  protected Injector injector() {
    return new Injector(emulator::failRandomly, emulator::clearFaults, emulator::faultsInjected, emulator::close,
        emulator::restart);
  }
}
