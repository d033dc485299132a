package dev.secretkit.store.file;

import static dev.secretkit.store.file.TestStores.T0;
import static dev.secretkit.store.file.TestStores.metadata;
import static dev.secretkit.store.file.TestStores.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.ConfigurationException;
import dev.secretkit.SecretId;
import dev.secretkit.spi.SecretStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Review findings on the lazily created file store: a store's existence, and what a failed first write leaves. */
class FileStoreReviewTest {
  private static final SecretId ID = SecretId.of("public", "pg");

  @TempDir
  Path home;

  /** A store that holds records but has no key.id (made before key ids, or restored without it) exists. */
  @Test
  void aStoreWithRecordsButNoKeyId_isNotReportedAsMissing() throws IOException {
    Path directory = home.resolve("store");
    try (SecretStore store = TestStores.openWithKeyFile(directory)) {
      store.create(ID, metadata("alice", T0), values("password", "one"));
    }
    Files.delete(directory.resolve("key.id"));

    try (SecretStore reopened = TestStores.openWithKeyFile(directory)) {
      assertThat(reopened.read(ID)).as("the record is readable").isPresent();
      assertThat(reopened.absence()).as("a store holding secrets is not 'no store yet'").isEmpty();
    }
  }

  /** Records but no key and no key.id: the key is missing; the store must not say a first write makes a new key. */
  @Test
  void aStoreWithRecordsButNoKeyAndNoKeyId_saysTheKeyIsMissing_notThatAWriteCreatesANewOne() throws IOException {
    Path directory = home.resolve("store");
    try (SecretStore store = TestStores.openWithKeyFile(directory)) {
      store.create(ID, metadata("alice", T0), values("password", "one"));
    }
    Files.delete(directory.resolve("key.id"));
    Files.delete(directory.resolve("master.key"));

    try (SecretStore reopened = TestStores.openWithKeyFile(directory)) {
      assertThat(reopened.absence().orElse("")).doesNotContain("with a new master key");
      assertThatThrownBy(() -> reopened.read(ID)).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("missing");
    }
  }

  /** A first write that fails (the key file cannot be created: its folder is a file) leaves no directory or lock file. */
  @Test
  void aFailedFirstWrite_leavesNoDirectoryOrLockFile() throws IOException {
    Path notAFolder = Files.writeString(home.resolve("keys"), "not a folder");
    Path directory = home.resolve("store");
    try (SecretStore store = new FileSecretStoreProvider().open(TestStores.config(
        "file:" + directory + "?keyFile=" + notAFolder.resolve("store.key"), Map.of()))) {
      assertThatThrownBy(() -> store.create(ID, metadata("alice", T0), values("password", "one")))
          .isInstanceOf(dev.secretkit.SecretException.class);
    }
    assertThat(directory).as("a failed command leaves the store as it was: absent").doesNotExist();
  }
}
