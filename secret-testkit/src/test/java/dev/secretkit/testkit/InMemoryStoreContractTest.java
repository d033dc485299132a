package dev.secretkit.testkit;

import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.memory.InMemorySecretStoreProvider;
import java.util.Map;

/** The in-memory reference store passes the whole contract. */
class InMemoryStoreContractTest extends SecretStoreContract {

  @Override
  protected SecretStore openStore() {
    return new InMemorySecretStoreProvider().open(StoreConfig.parse("memory:", Map.of(), new ManualClock()));
  }
}
