package dev.secretkit.backend.gcp;

import dev.secretkit.SecretId;
import dev.secretkit.emulator.gcp.GcpEmulatorExtension;
import dev.secretkit.emulator.gcp.GcpSecretManagerEmulator;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.testkit.SecretStoreContract;
import java.util.Optional;
import java.util.function.Consumer;
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

  /** Returns the prefix of the GCP secret ids of the stores {@link #openStore()} opens. */
  String prefix() {
    return "contract-";
  }

  @Override
  protected SecretStore openStore() {
    return TestStores.open(emulator, prefix(), "", new ManualClock());
  }

  /**
   * Flips a bit of the payload of GCP version 1, the one a create adds, keeping its CRC32C, as storage corruption
   * would.
   */
  @Override
  protected Optional<Consumer<SecretId>> recordCorrupter() {
    return Optional.of(id -> emulator.corruptPayload(RawGcp.versionName(prefix(), id, 1)));
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
