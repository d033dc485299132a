package dev.secretkit.backend.aws;

import dev.secretkit.SecretId;
import dev.secretkit.emulator.aws.SecretsManagerEmulator;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.testkit.SecretStoreContract;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The aws-sm store passes the whole contract, through the real SDK, against the Secrets Manager emulator. */
class AwsStoreContractTest extends SecretStoreContract {
  private static final AtomicInteger TESTS = new AtomicInteger();
  private static SecretsManagerEmulator emulator;

  private String prefix;

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
    if (prefix == null) {
      prefix = "contract" + TESTS.incrementAndGet();
    }
    return TestStores.open(emulator.endpoint(), prefix, "", new ManualClock());
  }

  @Override
  protected SecretStore reopenStore() {
    return openStore();
  }

  @Override
  protected Optional<Consumer<SecretId>> recordCorrupter() {
    return Optional.of(DamagedRecords.breakingTheEnvelope(emulator.endpoint(), prefix));
  }

  @Override
  protected int concurrentWritesPerWriter() {
    return 10;
  }
}
