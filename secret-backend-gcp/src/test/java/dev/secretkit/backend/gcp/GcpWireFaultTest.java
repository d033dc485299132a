package dev.secretkit.backend.gcp;

import dev.secretkit.emulator.gcp.GcpEmulatorExtension;
import dev.secretkit.emulator.gcp.GcpSecretManagerEmulator;
import dev.secretkit.emulator.support.CallFault;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.testkit.WireFaultContract;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The wire-fault contract at every Secret Manager call of every write: the k-th RPC fails before the emulator
 * carries it out ({@code UNAVAILABLE}, {@code RESOURCE_EXHAUSTED}) or after ({@code UNAVAILABLE} in place of the
 * real answer, {@code DEADLINE_EXCEEDED} for an answer lost), with one attempt per call, so every fault reaches the
 * write.
 */
class GcpWireFaultTest extends WireFaultContract<CallFault> {
  private static final ManualClock CLOCK = new ManualClock();
  @RegisterExtension
  static final GcpEmulatorExtension GCP = new GcpEmulatorExtension().withClock(CLOCK);

  private final GcpSecretManagerEmulator emulator;

  /** Takes the test's own emulator. */
  GcpWireFaultTest(GcpSecretManagerEmulator emulator) {
    this.emulator = emulator;
  }

  @Override
  protected SecretStore openStore(String prefix) {
    return TestStores.open(emulator, prefix.replaceAll("[^A-Za-z0-9_-]", "-") + "-", "", CLOCK);
  }

  @Override
  protected Wire<CallFault> wire() {
    return new Wire<>(List.of(CallFault.values()), emulator::resetCalls, emulator::totalCalls, emulator::failCall,
        emulator::clearFaults);
  }
}
