package dev.secretkit.backend.aws;

import dev.secretkit.emulator.aws.SecretsManagerEmulator;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.testkit.FaultSoakContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The fault soak against the emulator, its faults on the wire so the SDK sees real HTTP errors and dropped
 * connections, with the SDK's and the store's retries as in production (three attempts, no waits between them),
 * and the emulator stopped halfway and restarted on the same port.
 */
class AwsFaultSoakTest extends FaultSoakContract {
  private static final ManualClock CLOCK = new ManualClock();
  private static SecretsManagerEmulator emulator;

  @BeforeAll
  static void startEmulator() {
    emulator = new SecretsManagerEmulator(CLOCK).start();
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  @Override
  protected String storeName() {
    return "aws-emulator";
  }

  @Override
  protected SecretStore openStore() {
    return TestStores.open(emulator.endpoint(), "soak", "maxAttempts=3&retryDelayMillis=0", CLOCK);
  }

  @Override
  protected Injector injector() {
    return new Injector(emulator::failRandomly, emulator::clearFaults, emulator::faultsInjected, emulator::close,
        emulator::restart);
  }
}
