package dev.secretkit.testkit;

import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.file.FileSecretStoreProvider;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The fault soak on the encrypted file store, its faults injected by a {@link FaultInjectingStore} in front of it. */
class FileFaultSoakTest extends FaultSoakContract {
  private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

  @TempDir
  Path directory;

  private FaultInjectingStore store;

  @Override
  protected String storeName() {
    return "file";
  }

  @Override
  protected SecretStore openStore() {
    store = FaultInjectingStore.builder(new FileSecretStoreProvider().open(
        StoreConfig.parse("file:" + directory, Map.of("SECRETKIT_MASTER_KEY", KEY), new ManualClock()))).build();
    return store;
  }

  @Override
  protected Injector injector() {
    return new Injector(store::failRandomly, store::clearRandomFaults, store::totalFaults);
  }
}
