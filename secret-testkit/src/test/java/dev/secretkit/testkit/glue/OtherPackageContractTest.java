package dev.secretkit.testkit.glue;

import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.memory.InMemorySecretStoreProvider;
import dev.secretkit.testkit.SecretStoreContract;
import java.util.Map;

/** A backend's glue lives in its own package; the contract's tests and set-up still run there. */
class OtherPackageContractTest extends SecretStoreContract {

  @Override
  protected SecretStore openStore() {
    return new InMemorySecretStoreProvider().open(StoreConfig.parse("memory:", Map.of(), new ManualClock()));
  }
}
