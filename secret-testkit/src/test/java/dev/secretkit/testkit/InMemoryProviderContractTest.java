package dev.secretkit.testkit;

import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStoreProvider;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.memory.InMemorySecretStoreProvider;
import java.util.List;
import java.util.Map;

/** The in-memory store's provider passes the provider contract. */
class InMemoryProviderContractTest extends StoreProviderContract {

  @Override
  protected SecretStoreProvider newProvider() {
    return new InMemorySecretStoreProvider();
  }

  @Override
  protected StoreConfig goodConfig() {
    return StoreConfig.parse("memory:?maxKeys=5", Map.of(), new ManualClock());
  }

  @Override
  protected StoreConfig badConfig() {
    return StoreConfig.parse("memory:somewhere?maxKeys=0&colour=red", Map.of(), new ManualClock());
  }

  @Override
  protected List<String> badConfigProblems() {
    return List.of("location", "parameter maxKeys must", "unknown parameter colour");
  }
}
