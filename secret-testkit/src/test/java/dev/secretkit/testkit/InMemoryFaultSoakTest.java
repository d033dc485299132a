package dev.secretkit.testkit;

import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.memory.InMemorySecretStoreProvider;
import java.util.Map;

/** The fault soak on an in-memory store, its faults injected by a {@link FaultInjectingStore} in front of it. */
class InMemoryFaultSoakTest extends FaultSoakContract {
  private FaultInjectingStore store;

  /** Returns what the client writes to; a fixture puts a broken store in front of the fault injector. */
  SecretStore inFront(FaultInjectingStore injector) {
    return injector;
  }

  @Override
  protected String storeName() {
    return "memory";
  }

  @Override
  protected SecretStore openStore() {
    store = FaultInjectingStore.builder(new InMemorySecretStoreProvider().open(
        StoreConfig.parse("memory:", Map.of(), new ManualClock()))).build();
    return inFront(store);
  }

  @Override
  protected Injector injector() {
    return new Injector(store::failRandomly, store::clearRandomFaults, store::totalFaults);
  }
}
