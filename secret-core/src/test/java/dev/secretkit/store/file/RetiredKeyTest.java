package dev.secretkit.store.file;

import static dev.secretkit.store.file.TestStores.T0;
import static dev.secretkit.store.file.TestStores.metadata;
import static dev.secretkit.store.file.TestStores.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.SecretDataException;
import dev.secretkit.SecretId;
import dev.secretkit.spi.SecretStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found by the acceptance audit of issue 16 (issue 16 point 5, README trust model: "rotate-key re-seals everything under a new key after a key may have
 * leaked; the old key then opens only what was sealed before"), now fixed. After a rotation that finished (the store file no
 * longer says rotating, so every record was re-sealed and none may legitimately be under the old key), the store
 * still accepts any record sealed with the old key, which stays in the key file: whoever holds the leaked key and can
 * write the directory plants a record of a secret the index never saw (here made in a copy of the store, same store
 * id), and it is served as genuine. Expected: once a rotation has finished, a record sealed with a retired key is
 * refused (as rolled back or as not this store's), never served.
 */
class RetiredKeyTest {
  private static final SecretId PG = SecretId.of("public", "pg");
  private static final SecretId PLANTED = SecretId.of("public", "planted");

  @TempDir
  Path home;

  @Test
  void afterAFinishedRotation_aRecordSealedWithTheRetiredKey_isNotServed() throws Exception {
    Path directory = home.resolve("store");
    Map<String, String> environment = Map.of("HOME", home.toString());
    try (SecretStore store = new FileSecretStoreProvider().open(TestStores.config("file:" + directory, environment))) {
      store.create(PG, metadata("alice", T0), values("password", "genuine"));
    }
    Path keyFile = home.resolve(".config/secretkit/keys/" + TestStores.storeId(directory) + ".key");
    String leakedKey = Files.readString(keyFile).strip();
    Path copy = home.resolve("copy");
    Files.createDirectories(copy.resolve("secrets/public"));
    Files.copy(directory.resolve(StoreInfo.FILE), copy.resolve(StoreInfo.FILE));
    Files.copy(directory.resolve("secrets/public/pg.sk"), copy.resolve("secrets/public/pg.sk"));

    new FileSecretStoreProvider().rotateKey(TestStores.config("file:" + directory, environment));
    assertThat(StoreInfo.read(directory).orElseThrow().rotating()).isFalse();

    try (SecretStore forger = TestStores.open(copy, leakedKey)) {
      forger.create(PLANTED, metadata("mallory", T0), values("password", "planted-by-the-key-holder"));
    }
    Files.copy(copy.resolve("secrets/public/planted.sk"), directory.resolve("secrets/public/planted.sk"));

    try (SecretStore store = new FileSecretStoreProvider().open(TestStores.config("file:" + directory, environment))) {
      Throwable read = catchThrowable(() -> store.read(PLANTED));
      assertThat(read).as("a record sealed with the retired key after the rotation finished")
          .isInstanceOf(SecretDataException.class);
    }
  }
}
