package dev.secretkit.backend.aws;

import dev.secretkit.emulator.aws.SecretsManagerEmulator;
import dev.secretkit.emulator.support.CallFault;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.testkit.WireFaultContract;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The wire-fault contract against SecretKit's own Secrets Manager emulator, which fails calls itself, with the
 * SDK's retries off, so that every fault reaches the write.
 */
class AwsWriteFaultInjectionTest extends WireFaultContract<CallFault> {
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

  /** Returns the store URI parameters of the run: none, so each call is made once. */
  String storeParameters() {
    return "";
  }

  @Override
  protected SecretStore openStore(String prefix) {
    return TestStores.open(emulator.endpoint(), prefix, storeParameters(), CLOCK);
  }

  @Override
  protected Wire<CallFault> wire() {
    return new Wire<>(List.of(CallFault.values()), emulator::resetCalls, emulator::totalCalls, emulator::failCall,
        emulator::clearFaults);
  }
}
