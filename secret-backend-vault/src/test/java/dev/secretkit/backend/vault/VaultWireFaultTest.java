package dev.secretkit.backend.vault;

import dev.secretkit.emulator.support.CallFault;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.emulator.vault.VaultEmulator;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.testkit.WireFaultContract;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The wire-fault contract at every Vault call of every write: the k-th HTTP call fails before it is carried out
 * (a 500, a 429) or after (a 500 whose answer replaced the real one, a connection dropped without an answer). It
 * runs with the store's retries off (one attempt, so every fault reaches the write); {@link
 * VaultWireFaultWithRetriesTest} runs it with them on.
 */
class VaultWireFaultTest extends WireFaultContract<CallFault> {
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

  /** Returns how often the store tries a call. */
  int attempts() {
    return 1;
  }

  @Override
  protected SecretStore openStore(String prefix) {
    return TestStores.open(emulator, prefix, "maxAttempts=" + attempts(), CLOCK);
  }

  @Override
  protected Wire<CallFault> wire() {
    return new Wire<>(List.of(CallFault.values()), emulator::resetCalls, emulator::totalCalls, emulator::failCall,
        emulator::clearFaults);
  }
}
