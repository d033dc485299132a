package dev.secretkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.SecretException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.file.FileSecretStoreProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file store on a read-only tree (a read-only mount, a store another user owns) reads, and a write says why it cannot. */
class FileStoreReadOnlyTest {
  private static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");
  private static final SecretId ID = SecretId.of("public", "pg");

  @TempDir
  Path home;

  private SecretStore open(Path directory) {
    return new FileSecretStoreProvider().open(StoreConfig.parse("file:" + directory, Map.of("HOME", home.toString()),
        new ManualClock()));
  }

  private static SecretMetadata metadata() {
    return new SecretMetadata("secret", "v1", "key-value-properties", "r", "alice", List.of(), null, null, List.of(),
        List.of(), T0, "alice", T0, "alice");
  }

  @Test
  void aReadOnlyStore_isReadable_withoutItsLockFile_andAWriteIsRefusedNamingThePath() throws Exception {
    Path directory = home.resolve("store");
    try (SecretStore store = open(directory)) {
      store.create(ID, metadata(), Map.of("password", SecretValue.ofString("fake-one")));
    }
    Files.delete(directory.resolve("store.lock"));

    ReadOnlyTree readOnly = ReadOnlyTree.of(directory);
    try (SecretStore store = open(directory)) {
      assertThat(store.read(ID).orElseThrow().values().get("password").asString()).isEqualTo("fake-one");
      assertThat(store.list("public", null, 10).items()).hasSize(1);
      assertThat(store.versions(ID)).hasSize(1);
      assertThatThrownBy(() -> store.create(SecretId.of("public", "other"), metadata(),
          Map.of("password", SecretValue.ofString("fake-two"))))
          .isInstanceOf(SecretException.class)
          .hasMessageContaining(directory.toString());
      assertThat(directory.resolve("store.lock")).doesNotExist();
    } finally {
      readOnly.close();
    }
  }
}
