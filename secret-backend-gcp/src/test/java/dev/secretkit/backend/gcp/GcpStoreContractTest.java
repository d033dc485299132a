package dev.secretkit.backend.gcp;

import dev.secretkit.emulator.gcp.GcpSecretManagerEmulator;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.testkit.ManualClock;
import dev.secretkit.testkit.SecretStoreContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The gcp-sm store passes the whole contract, through the real client, against the Secret Manager emulator. */
class GcpStoreContractTest extends SecretStoreContract {
  private static final AtomicInteger TESTS = new AtomicInteger();
  private static GcpSecretManagerEmulator emulator;

  private String prefix;

  @BeforeAll
  static void startEmulator() {
    emulator = new GcpSecretManagerEmulator(new ManualClock()).start();
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  @Override
  protected SecretStore openStore() {
    if (prefix == null) {
      prefix = "contract" + TESTS.incrementAndGet() + "-";
    }
    return TestStores.open(emulator, prefix, "", new ManualClock());
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
