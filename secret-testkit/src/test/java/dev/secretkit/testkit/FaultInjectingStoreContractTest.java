package dev.secretkit.testkit;

import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import java.time.Duration;

/** A fault-injecting store with latency but no faults is still a correct store: it passes the contract. */
class FaultInjectingStoreContractTest extends SecretStoreContract {
  private final ManualClock clock = new ManualClock();

  @Override
  protected SecretStore openStore() {
    return FaultInjectingStore.builder(BrokenStores.memory()).latency(Duration.ofMillis(20)).sleeper(clock::advance)
        .build();
  }
}
