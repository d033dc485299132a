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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where the master key comes from, how its file is created and guarded, and what a bad key says. */
class MasterKeyTest {
  private static final SecretId ID = SecretId.of("public", "pg");

  @TempDir
  Path home;

  @Test
  void keyFile_isCreatedOwnerOnlyOnFirstUse_inAnOwnerOnlyDirectory() throws IOException {
    Path directory = home.resolve("store");
    try (SecretStore store = TestStores.openWithKeyFile(directory)) {
      store.create(ID, metadata("alice", T0), values("password", "one"));
    }

    Path keyFile = directory.resolve("master.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("secrets"))))
        .isEqualTo("rwx------");
    String text = Files.readString(keyFile, StandardCharsets.US_ASCII);
    assertThat(Base64.getDecoder().decode(text.strip())).hasSize(32);
    try (SecretStore reopened = TestStores.openWithKeyFile(directory)) {
      assertThat(reopened.read(ID).orElseThrow().values().get("password").asString()).isEqualTo("one");
    }
    assertThat(Files.readString(keyFile, StandardCharsets.US_ASCII)).isEqualTo(text);
  }

  @Test
  void keyFile_inTheDefaultStore_isUnderHome_andMadeByTheFirstWrite() {
    try (SecretStore store = new FileSecretStoreProvider().open(TestStores.config("file:",
        Map.of("HOME", home.toString())))) {
      assertThat(store.description()).isEqualTo("file:" + home.resolve(".secretkit"));
      assertThat(home.resolve(".secretkit")).as("opening creates nothing").doesNotExist();
      store.create(ID, metadata("alice", T0), values("password", "one"));
    }
    assertThat(home.resolve(".secretkit/master.key")).isRegularFile();
  }

  @Test
  void keyFileParameter_namesTheKeyFile() {
    Path keyFile = home.resolve("keys/store.key");
    try (SecretStore store = new FileSecretStoreProvider().open(TestStores.config(
        "file:" + home.resolve("store") + "?keyFile=" + keyFile, Map.of()))) {
      store.create(ID, metadata("alice", T0), values("password", "one"));
    }
    assertThat(keyFile).isRegularFile();
    assertThat(home.resolve("store/master.key")).doesNotExist();
  }

  @Test
  void variable_isUsedWhenSet_andNoKeyFileIsMade() {
    Path directory = home.resolve("store");
    String key = TestStores.newKey();
    try (SecretStore store = TestStores.open(directory, key)) {
      store.create(ID, metadata("alice", T0), values("password", "one"));
    }
    assertThat(directory.resolve("master.key")).doesNotExist();
    try (SecretStore again = TestStores.open(directory, key)) {
      assertThat(again.read(ID).orElseThrow().values().get("password").asString()).isEqualTo("one");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "canary-not-base64!!", "Y2FuYXJ5LXRvby1zaG9ydA==", " canary canary canary canary canary canary "})
  void variable_malformed_isAClearErrorWithoutTheValue(String value) {
    assertThatThrownBy(() -> new FileSecretStoreProvider().open(TestStores.config("file:" + home,
        Map.of(MasterKey.VARIABLE, value))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SECRETKIT_MASTER_KEY")
        .hasMessageContaining("32 random bytes in base64")
        .hasNoCause()
        .satisfies(e -> {
          assertThat(e.getMessage()).doesNotContain("canary").doesNotContain("Y2FuYXJ5");
        });
  }

  @Test
  void keyFile_readableByOthers_isRefusedWithChmodAdvice() throws IOException {
    try (SecretStore store = TestStores.openWithKeyFile(home)) {
      store.create(ID, metadata("alice", T0), values("password", "one"));
    }
    Path keyFile = home.resolve("master.key");
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> TestStores.openWithKeyFile(home))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("chmod 600 " + keyFile)
        .hasMessageContaining("rw-r--r--");
  }

  @Test
  void keyFile_malformed_isAClearErrorWithoutItsContent() throws IOException {
    Path keyFile = home.resolve("master.key");
    Files.writeString(keyFile, "canary-key-content\n");
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));

    assertThatThrownBy(() -> TestStores.openWithKeyFile(home))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(keyFile.toString())
        .hasMessageNotContaining("canary");
  }

  @Test
  void otherKey_failsAtOpen_namingTheStoreAndKeyIdsNotKeys() {
    String key = TestStores.newKey();
    try (SecretStore store = TestStores.open(home, key)) {
      store.create(ID, metadata("alice", T0), values("password", "one"));
    }
    String other = TestStores.newKey();

    assertThatThrownBy(() -> TestStores.open(home, other))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("store file:" + home + " was created with another master key (key id ")
        .hasMessageContaining("but the key from environment variable SECRETKIT_MASTER_KEY has key id ")
        .hasMessageNotContaining(key)
        .hasMessageNotContaining(other);
    try (SecretStore store = TestStores.open(home, key)) {
      assertThat(store.read(ID)).isPresent();
    }
  }

  @Test
  void otherKey_failsAtOpenOnceTheStoreExists_soItNeverSealsRecordsNoOneElseCanRead() {
    String first = TestStores.newKey();
    try (SecretStore store = TestStores.open(home, first)) {
      store.create(ID, metadata("alice", T0), values("password", "one"));
      store.delete(ID, store.head(ID).orElseThrow().revision());
    }

    assertThatThrownBy(() -> TestStores.open(home, TestStores.newKey()))
        .as("an empty store still remembers its key").isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("was created with another master key");
  }

  @Test
  void missingKeyFile_ofAStoreWithSecrets_isRefused_andNoKeyIsMade() throws IOException {
    try (SecretStore store = TestStores.openWithKeyFile(home)) {
      store.create(ID, metadata("alice", T0), values("password", "one"));
    }
    Path keyFile = home.resolve("master.key");
    Files.delete(keyFile);
    List<String> before = TestStores.tree(home);

    assertThatThrownBy(() -> TestStores.openWithKeyFile(home))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("master key file " + keyFile + " is missing")
        .hasMessageContaining("restore the key file from your backup");
    assertThat(keyFile).doesNotExist();
    assertThat(TestStores.tree(home)).isEqualTo(before);
  }

  @Test
  void otherKey_onOneRecord_isTheDifferentMasterKeyError_namingFileAndStoreNotKey() throws IOException {
    String key = TestStores.newKey();
    try (SecretStore store = TestStores.open(home, key)) {
      store.create(ID, metadata("alice", T0), values("password", "one"));
    }
    Files.delete(home.resolve(FileSecretStore.KEY_ID_FILE));
    String other = TestStores.newKey();

    try (SecretStore store = TestStores.open(home, other)) {
      assertThatThrownBy(() -> store.read(ID))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("written with a different master key")
          .hasMessageContaining(home.resolve("secrets/public/pg.sk").toString())
          .hasMessageContaining("file:" + home)
          .hasMessageNotContaining(key)
          .hasMessageNotContaining(other);
      assertThatThrownBy(() -> store.versions(ID)).hasMessageContaining("different master key");
      assertThatThrownBy(() -> store.list("public", null, 10)).hasMessageContaining("different master key");
      assertThatThrownBy(() -> store.create(ID, metadata("x", T0), values("k", "v")))
          .hasMessageContaining("different master key");
    }
  }

  @Test
  void keyFile_createdByRacingStores_isOneKeyForAll() throws Exception {
    Path directory = home.resolve("race");
    int racers = 6;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    List<SecretStore> stores = new ArrayList<>();
    try {
      List<Future<SecretStore>> opened = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        Callable<SecretStore> open = () -> {
          start.await();
          return TestStores.openWithKeyFile(directory);
        };
        opened.add(pool.submit(open));
      }
      start.countDown();
      for (Future<SecretStore> future : opened) {
        stores.add(future.get());
      }
      stores.get(0).create(ID, metadata("alice", T0), values("password", "one"));
      for (SecretStore store : stores) {
        assertThat(store.read(ID).orElseThrow().values().get("password").asString()).isEqualTo("one");
      }
    } finally {
      stores.forEach(SecretStore::close);
      pool.shutdownNow();
    }
    try (var files = Files.list(directory)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("master.key", "key.id", "secrets",
          "store.lock");
    }
  }
}
