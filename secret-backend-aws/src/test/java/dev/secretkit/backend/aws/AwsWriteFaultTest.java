package dev.secretkit.backend.aws;

import dev.secretkit.emulator.aws.SecretsManagerEmulator;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.testkit.WriteFaultContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Every client write on the aws-sm store leaves the old or the new state when any one store call fails. */
class AwsWriteFaultTest extends WriteFaultContract {
  private static final AtomicInteger TESTS = new AtomicInteger();
  private static SecretsManagerEmulator emulator;

  @BeforeAll
  static void startEmulator() {
    emulator = new SecretsManagerEmulator(new ManualClock()).start();
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  @Override
  protected SecretStore openStore() {
    return TestStores.open(emulator.endpoint(), "faults" + TESTS.incrementAndGet(), "", new ManualClock());
  }
}
