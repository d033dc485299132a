package dev.secretkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Where the file store under a test's home keeps its master key: outside the store, named by the store's id. */
final class DefaultStoreKey {
  private DefaultStoreKey() {
  }

  /** Returns the key file of the default store, {@code <home>/.secretkit}, once it exists. */
  static Path of(Path home) {
    return of(home, home.resolve(".secretkit"));
  }

  /** Returns the default key file of the store in {@code store}, for a user whose home is {@code home}. */
  static Path of(Path home, Path store) {
    try {
      String storeId = new ObjectMapper().readTree(store.resolve("store.json").toFile()).path("storeId").asText();
      return home.resolve(".config/secretkit/keys/" + storeId + ".key");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
