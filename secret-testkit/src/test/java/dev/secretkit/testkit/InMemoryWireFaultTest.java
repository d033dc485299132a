package dev.secretkit.testkit;

import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.ForwardingSecretStore;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.memory.InMemorySecretStoreProvider;
import dev.secretkit.testkit.FaultInjectingStore.Fault;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire-fault contract on in-memory stores, with a {@link FaultInjectingStore} for the wire: the calls it fails
 * are the store's own, so the kit checks the client's writes, as a backend's run checks the store's.
 */
class InMemoryWireFaultTest extends WireFaultContract<Fault> {
  private final Map<String, SecretStore> stores = new HashMap<>();
  private FaultInjectingStore injector;
  private long reset;

  /** Returns what the kit writes to, on the wire; a fixture puts a broken store in front of it. */
  SecretStore onTheWire(FaultInjectingStore store) {
    return store;
  }

  @Override
  protected SecretStore openStore(String prefix) {
    SecretStore shared = stores.computeIfAbsent(prefix, p -> new InMemorySecretStoreProvider().open(
        StoreConfig.parse("memory:", Map.of(), new ManualClock())));
    injector = FaultInjectingStore.builder(new ForwardingSecretStore(shared) {
      @Override
      public void close() {
        // The secrets under the prefix outlive the session, as a backend's do.
      }
    }).build();
    reset = 0;
    return onTheWire(injector);
  }

  @Override
  protected Wire<Fault> wire() {
    return new Wire<>(List.of(Fault.unavailable(), Fault.lostResponse()), () -> reset = injector.totalCalls(),
        () -> Math.toIntExact(injector.totalCalls() - reset), (k, fault) -> injector.failCall(reset + k, fault),
        () -> injector.clearScript());
  }
}
