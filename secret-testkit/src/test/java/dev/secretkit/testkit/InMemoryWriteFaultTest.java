package dev.secretkit.testkit;

import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.memory.InMemorySecretStoreProvider;
import java.util.Map;

/** Every client write on the in-memory store leaves the old or the new state when any one store call fails. */
class InMemoryWriteFaultTest extends WriteFaultContract {

  @Override
  protected SecretStore openStore() {
    return new InMemorySecretStoreProvider().open(StoreConfig.parse("memory:", Map.of(), new ManualClock()));
  }
}
