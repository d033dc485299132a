package dev.secretkit.backend.gcp;

import dev.secretkit.emulator.gcp.GcpEmulatorExtension;
import dev.secretkit.emulator.gcp.GcpSecretManagerEmulator;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.testkit.SecretStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gcp-sm store passes the whole contract, through the real client, against a Secret Manager emulator of each
 * test's own.
 */
class GcpStoreContractTest extends SecretStoreContract {
  @RegisterExtension
  static final GcpEmulatorExtension GCP = new GcpEmulatorExtension().withClock(new ManualClock());

  final GcpSecretManagerEmulator emulator;

  /** Takes the test's own emulator. */
  GcpStoreContractTest(GcpSecretManagerEmulator emulator) {
    this.emulator = emulator;
  }

  @Override
  protected SecretStore openStore() {
    return TestStores.open(emulator, "contract-", "", new ManualClock());
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
