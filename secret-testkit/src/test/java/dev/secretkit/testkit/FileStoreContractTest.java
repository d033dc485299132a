package dev.secretkit.testkit;

import dev.secretkit.SecretId;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.file.FileSecretStoreProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
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

  @Override
  protected Optional<Consumer<SecretId>> recordCorrupter() {
    return Optional.of(id -> flipAByte(directory, id));
  }

  /** Flips one bit in the middle of the record file of {@code id} in the file store at {@code directory}. */
  static void flipAByte(Path directory, SecretId id) {
    Path record = directory.resolve("secrets").resolve(id.scope()).resolve(id.name() + ".sk");
    try {
      byte[] bytes = Files.readAllBytes(record);
      bytes[bytes.length / 2] ^= 1;
      Files.write(record, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
