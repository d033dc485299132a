package dev.secretkit.testkit;

import dev.secretkit.SecretId;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.file.FileSecretStoreProvider;
import dev.secretkit.store.memory.InMemorySecretStoreProvider;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The embedded stores pass the whole contract when they keep only the newest versions ({@code versionsRetained}). */
class RetainingStoresContractTest {

  /** The in-memory store keeping two versions. */
  @Nested
  class Memory extends SecretStoreContract {
    @Override
    protected SecretStore openStore() {
      return new InMemorySecretStoreProvider().open(StoreConfig.parse("memory:?versionsRetained=2", Map.of(),
          new ManualClock()));
    }
  }

  /** The file store keeping three versions, persistence included. */
  @Nested
  class File extends SecretStoreContract {
    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @TempDir
    Path directory;

    @Override
    protected SecretStore openStore() {
      return new FileSecretStoreProvider().open(StoreConfig.parse("file:" + directory + "?versionsRetained=3",
          Map.of("SECRETKIT_MASTER_KEY", KEY), new ManualClock()));
    }

    @Override
    protected SecretStore reopenStore() {
      return openStore();
    }

    @Override
    protected Optional<Consumer<SecretId>> recordCorrupter() {
      return Optional.of(id -> FileStoreContractTest.flipAByte(directory, id));
    }
  }
}
