package dev.secretkit.testkit;

import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.file.FileSecretStoreProvider;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** Every client write on the encrypted file store leaves the old or the new state when any one store call fails. */
class FileWriteFaultTest extends WriteFaultContract {
  private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

  @TempDir
  Path directory;

  @Override
  protected SecretStore openStore() {
    return new FileSecretStoreProvider().open(
        StoreConfig.parse("file:" + directory, Map.of("SECRETKIT_MASTER_KEY", KEY), new ManualClock()));
  }
}
