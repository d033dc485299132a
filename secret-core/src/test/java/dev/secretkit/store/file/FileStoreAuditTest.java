package dev.secretkit.store.file;

import static dev.secretkit.store.file.TestStores.T0;
import static dev.secretkit.store.file.TestStores.metadata;
import static dev.secretkit.store.file.TestStores.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.SecretDataException;
import dev.secretkit.SecretId;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance audit of issue 16 (points 5 and 6): behaviours of the format-2 file store that its other tests let a
 * small defect through; each test here fails with the planted defect it names and passes on the correct code.
 */
class FileStoreAuditTest {
  private static final SecretId PG = SecretId.of("public", "pg");

  @TempDir
  Path home;

  private SecretStore open(Path directory) {
    return TestStores.openWithKeyFile(directory);
  }

  private SecretStore open(Path directory, int versionsRetained) {
    return new FileSecretStoreProvider().open(TestStores.config("file:" + directory + "?versionsRetained="
        + versionsRetained, Map.of("HOME", TestStores.home(directory).toString())));
  }

  private static StoredSecret update(SecretStore store, String password) {
    StoredSecret current = store.read(PG).orElseThrow();
    return store.update(PG, current.revision(), metadata("alice", T0), values("password", password));
  }

  /** A secret deleted and created again numbers its writes after the delete, so a copy from before is older. */
  @Test
  void recreatedSecret_aCopyFromBeforeItsDelete_isRolledBack() throws IOException {
    Path directory = home.resolve("store");
    Path record = directory.resolve("secrets/public/pg.sk");
    try (SecretStore store = open(directory)) {
      store.create(PG, metadata("alice", T0), values("password", "one"));
      update(store, "two");
      update(store, "three");
      byte[] saved = Files.readAllBytes(record);
      store.delete(PG, store.read(PG).orElseThrow().revision());
      store.create(PG, metadata("alice", T0), values("password", "recreated"));
      Files.write(record, saved);

      assertThatThrownBy(() -> store.read(PG)).isInstanceOf(SecretDataException.class)
          .hasMessageContaining("rolled back");
    }
  }

  /**
   * A version file that a writer killed between its commit and its pruning left below the versions kept is removed
   * by the next write, so the store stays bounded ("per-write cost flat", retention).
   */
  @Test
  void versionFileLeftBelowTheRetainedOnes_isRemovedByTheNextWrite() throws IOException {
    Path directory = home.resolve("store");
    Path versions = directory.resolve("secrets/public/pg.versions/0");
    try (SecretStore store = open(directory, 2)) {
      store.create(PG, metadata("alice", T0), values("password", "one"));
      update(store, "two");
      update(store, "three");
      byte[] leftover = Files.readAllBytes(versions.resolve("2.sk"));
      update(store, "four");
      assertThat(versions.resolve("2.sk")).doesNotExist();
      Files.write(versions.resolve("2.sk"), leftover);
      assertThat(store.read(PG, 2)).as("a version below the retained ones reads as missing").isEmpty();

      update(store, "five");

      assertThat(versions.resolve("2.sk")).as("the version a killed prune left").doesNotExist();
      assertThat(store.read(PG, 4).orElseThrow().values().get("password").asString()).isEqualTo("four");
      assertThat(store.read(PG, 3)).isEmpty();
    }
  }

  /**
   * The rotation that re-seals a format-1 record numbers it after everything the index remembers, so the format-1
   * file from before the rotation (sealed with the old, possibly leaked key, which stays in the key file) is refused
   * as rolled back.
   */
  @Test
  void formatOneRecord_copiedBackAfterARotation_isRolledBack() throws Exception {
    Path directory = home.resolve("old");
    Path record = directory.resolve("secrets/public/pg.sk");
    LegacyStore.write(directory, PG, List.of("one", "two"));
    byte[] legacy = Files.readAllBytes(record);
    Map<String, String> environment = Map.of("HOME", home.toString());
    new FileSecretStoreProvider().rotateKey(TestStores.config("file:" + directory, environment));
    Files.write(record, legacy);

    try (SecretStore store = new FileSecretStoreProvider().open(TestStores.config("file:" + directory, environment))) {
      assertThatThrownBy(() -> store.read(PG)).as("refused as sealed with the retired key, or as rolled back")
          .isInstanceOf(SecretDataException.class).hasMessageContaining("copied back");
    }
  }
}
