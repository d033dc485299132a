package dev.secretkit.testkit;

import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.file.FileSecretStoreProvider;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The encrypted file store passes the whole contract, persistence included. */
class FileStoreContractTest extends SecretStoreContract {
  private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

  @TempDir
  Path directory;

  @Override
  protected SecretStore openStore() {
    return new FileSecretStoreProvider().open(
        StoreConfig.parse("file:" + directory, Map.of("SECRETKIT_MASTER_KEY", KEY), new ManualClock()));
  }

  @Override
  protected SecretStore reopenStore() {
    return openStore();
  }
}
