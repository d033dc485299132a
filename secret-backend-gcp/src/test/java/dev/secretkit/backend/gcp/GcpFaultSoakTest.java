package dev.secretkit.backend.gcp;

import dev.secretkit.emulator.gcp.GcpSecretManagerEmulator;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.testkit.FaultSoakContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The fault soak against the emulator in process, its faults on the wire so the gRPC client sees real status
 * codes, with the store's retries as in production (three attempts, no waits between them), and the emulator
 * stopped halfway and restarted under the same name.
 */
class GcpFaultSoakTest extends FaultSoakContract {
  private static final ManualClock CLOCK = new ManualClock();
  private static GcpSecretManagerEmulator emulator;

  @BeforeAll
  static void startEmulator() {
    emulator = new GcpSecretManagerEmulator(CLOCK).start();
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  @Override
  protected String storeName() {
    return "gcp-emulator";
  }

  @Override
  protected SecretStore openStore() {
    return TestStores.open(emulator, "soak-", "maxAttempts=3", CLOCK);
  }

  @Override
  protected Injector injector() {
    return new Injector(emulator::failRandomly, emulator::clearFaults, emulator::faultsInjected, emulator::stop,
        emulator::restart);
  }
}
