package dev.secretkit.testkit;

import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStoreProvider;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.file.FileSecretStoreProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/** The encrypted file store's provider passes the provider contract, and creates no file before it opens. */
class FileProviderContractTest extends StoreProviderContract {
  private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

  @TempDir
  Path directory;

  @Override
  protected SecretStoreProvider newProvider() {
    return new FileSecretStoreProvider();
  }

  @Override
  protected StoreConfig goodConfig() {
    return StoreConfig.parse("file:" + directory.resolve("store"), Map.of(FileSecretStoreProvider.KEY_VARIABLE, KEY,
        "HOME", directory.toString()), new ManualClock());
  }

  @Override
  protected StoreConfig badConfig() {
    return StoreConfig.parse("file:~bob/store?keyFile=&maxValueBytes=-1&colour=red",
        Map.of("HOME", directory.toString()), new ManualClock());
  }

  @Override
  protected List<String> badConfigProblems() {
    return List.of("~NAME", "keyFile is empty", "parameter maxValueBytes must", "unknown parameter colour");
  }

  @Override
  protected List<String> observableState() {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.map(Path::toString).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
