package dev.secretkit.store.file;

import static dev.secretkit.store.file.TestStores.T0;
import static dev.secretkit.store.file.TestStores.metadata;
import static dev.secretkit.store.file.TestStores.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.ConfigurationException;
import dev.secretkit.ConflictException;
import dev.secretkit.SecretDataException;
import dev.secretkit.SecretException;
import dev.secretkit.SecretId;
import dev.secretkit.spi.SecretStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file store exists from its first write on: opening and reading one that does not exist create nothing. */
class FileStoreCreationTest {
  private static final SecretId ID = SecretId.of("public", "pg");

  @TempDir
  Path home;

  @Test
  void readsOfAMissingStore_findNothing_andCreateNothing_evenWithAKeyFileInAMissingFolder() {
    Path directory = home.resolve("typo/store");
    Path keyFile = home.resolve("keys/store.key");
    try (SecretStore store = new FileSecretStoreProvider().open(TestStores.config(
        "file:" + directory + "?keyFile=" + keyFile, Map.of()))) {
      assertThat(store.read(ID)).isEmpty();
      assertThat(store.read(ID, 1)).isEmpty();
      assertThat(store.head(ID)).isEmpty();
      assertThat(store.probe(ID)).isEmpty();
      assertThat(store.readAll(List.of(ID))).isEmpty();
      assertThat(store.versions(ID)).isEmpty();
      assertThat(store.list("public", null, 10).items()).isEmpty();
      assertThat(store.absence()).hasValue("there is no store at " + directory + " yet; the first write creates"
          + " it, with a new master key in " + keyFile);
    }
    assertThat(home.resolve("typo")).doesNotExist();
    assertThat(home.resolve("keys")).doesNotExist();
  }

  @Test
  void writesThatMustFail_onAMissingStore_createNothing() {
    Path directory = home.resolve("store");
    try (SecretStore store = TestStores.openWithKeyFile(directory)) {
      assertThatThrownBy(() -> store.update(ID, "r1", metadata("alice", T0), values("password", "one")))
          .isInstanceOf(ConflictException.class);
      assertThatThrownBy(() -> store.updateMetadata(ID, "r1", metadata("alice", T0)))
          .isInstanceOf(ConflictException.class);
      assertThatThrownBy(() -> store.delete(ID, "r1")).isInstanceOf(ConflictException.class);
      assertThatThrownBy(() -> store.delete(ID, null)).isInstanceOf(ConflictException.class);
    }
    assertThat(directory).doesNotExist();
  }

  @Test
  void theFirstWrite_createsTheStore_andItsKey_thenTheStoreExists() {
    Path directory = home.resolve("store");
    try (SecretStore store = TestStores.openWithKeyFile(directory)) {
      store.create(ID, metadata("alice", T0), values("password", "one"));
      assertThat(store.absence()).isEmpty();
    }
    assertThat(directory.resolve("store.json")).isRegularFile();
    assertThat(TestStores.keyFile(directory)).isRegularFile();
    try (SecretStore reopened = TestStores.openWithKeyFile(directory)) {
      assertThat(reopened.absence()).isEmpty();
      assertThat(reopened.read(ID).orElseThrow().values().get("password").asString()).isEqualTo("one");
    }
  }

  @Test
  void aStoreOpenedBeforeAnotherProcessCreatedIt_readsWhatWasWritten() {
    Path directory = home.resolve("store");
    try (SecretStore early = TestStores.openWithKeyFile(directory)) {
      try (SecretStore writer = TestStores.openWithKeyFile(directory)) {
        writer.create(ID, metadata("alice", T0), values("password", "one"));
      }
      assertThat(early.absence()).isEmpty();
      assertThat(early.read(ID).orElseThrow().values().get("password").asString()).isEqualTo("one");
      early.create(SecretId.of("public", "other"), metadata("alice", T0), values("password", "two"));
    }
  }

  @Test
  void readsOfAnExistingStore_changeNothingOnDisk() {
    Path directory = home.resolve("store");
    try (SecretStore store = TestStores.openWithKeyFile(directory)) {
      store.create(ID, metadata("alice", T0), values("password", "one"));
    }
    List<String> before = TestStores.tree(directory);
    try (SecretStore store = TestStores.openWithKeyFile(directory)) {
      store.read(ID);
      store.head(ID);
      store.list("public", null, 10);
      store.versions(ID);
      store.read(SecretId.of("other", "x"));
    }
    assertThat(TestStores.tree(directory)).isEqualTo(before);
  }

  /** A store that holds records but lost its store file exists, and its records say what is missing. */
  @Test
  void aStoreWithRecordsButNoStoreFile_isNotReportedAsMissing_andSaysWhatToRestore() throws IOException {
    Path directory = home.resolve("store");
    String key = TestStores.newKey();
    try (SecretStore store = TestStores.open(directory, key)) {
      store.create(ID, metadata("alice", T0), values("password", "one"));
    }
    Files.delete(directory.resolve(StoreInfo.FILE));

    try (SecretStore reopened = TestStores.open(directory, key)) {
      assertThat(reopened.absence()).as("a store holding secrets is not 'no store yet'").isEmpty();
      assertThatThrownBy(() -> reopened.read(ID)).isInstanceOf(SecretDataException.class)
          .hasMessageContaining("store file store.json")
          .hasMessageContaining("restore it");
    }
  }

  /** Records but no key: the key is missing, and no write makes a new one. */
  @Test
  void aStoreWithRecordsButNoKey_isRefusedAtOpen_forItsMissingKey() throws IOException {
    Path directory = home.resolve("store");
    try (SecretStore store = TestStores.openWithKeyFile(directory)) {
      store.create(ID, metadata("alice", T0), values("password", "one"));
    }
    Path keyFile = TestStores.keyFile(directory);
    Files.delete(keyFile);

    assertThatThrownBy(() -> TestStores.openWithKeyFile(directory)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("master key file " + keyFile + " is missing");
    assertThat(keyFile).doesNotExist();
  }

  /** A first write that fails (the key file cannot be created: its folder is a file) leaves no directory or lock file. */
  @Test
  void aFailedFirstWrite_leavesNoDirectoryOrLockFile() throws IOException {
    Path notAFolder = Files.writeString(home.resolve("keys"), "not a folder");
    Path directory = home.resolve("store");
    try (SecretStore store = new FileSecretStoreProvider().open(TestStores.config(
        "file:" + directory + "?keyFile=" + notAFolder.resolve("store.key"), Map.of()))) {
      assertThatThrownBy(() -> store.create(ID, metadata("alice", T0), values("password", "one")))
          .isInstanceOf(SecretException.class);
    }
    assertThat(directory).as("a failed command leaves the store as it was: absent").doesNotExist();
  }
}
