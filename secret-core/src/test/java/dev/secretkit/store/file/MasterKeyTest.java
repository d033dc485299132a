package dev.secretkit.store.file;

import static dev.secretkit.store.file.TestStores.T0;
import static dev.secretkit.store.file.TestStores.metadata;
import static dev.secretkit.store.file.TestStores.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.ConfigurationException;
import dev.secretkit.SecretDataException;
import dev.secretkit.SecretId;
import dev.secretkit.spi.SecretStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    Path keyFile = TestStores.keyFile(directory);
    assertThat(keyFile.startsWith(directory)).as("the key is kept outside the store's directory").isFalse();
    assertThat(directory.resolve("master.key")).doesNotExist();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile.getParent())))
        .isEqualTo("rwx------");
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
  void keyFile_inTheDefaultStore_isUnderHomeConfig_outsideTheStore_andMadeByTheFirstWrite() throws IOException {
    try (SecretStore store = new FileSecretStoreProvider().open(TestStores.config("file:",
        Map.of("HOME", home.toString())))) {
      assertThat(store.description()).isEqualTo("file:" + home.resolve(".secretkit"));
      assertThat(home.resolve(".secretkit")).as("opening creates nothing").doesNotExist();
      store.create(ID, metadata("alice", T0), values("password", "one"));
    }
    String storeId = TestStores.storeId(home.resolve(".secretkit"));
    assertThat(home.resolve(".config/secretkit/keys/" + storeId + ".key")).isRegularFile();
    assertThat(home.resolve(".secretkit/master.key")).doesNotExist();
  }

  @Test
  void keyFile_honoursXdgConfigHome_andSecretkitMasterKeyFile() throws IOException {
    Path xdg = home.resolve("xdg");
    try (SecretStore store = new FileSecretStoreProvider().open(TestStores.config("file:" + home.resolve("a"),
        Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", xdg.toString())))) {
      store.create(ID, metadata("alice", T0), values("password", "one"));
    }
    String storeId = TestStores.storeId(home.resolve("a"));
    assertThat(xdg.resolve("secretkit/keys/" + storeId + ".key")).isRegularFile();

    Path named = home.resolve("named.key");
    try (SecretStore store = new FileSecretStoreProvider().open(TestStores.config("file:" + home.resolve("b"),
        Map.of("HOME", home.toString(), KeySource.FILE_VARIABLE, named.toString())))) {
      store.create(ID, metadata("alice", T0), values("password", "two"));
    }
    assertThat(named).isRegularFile();
    try (SecretStore store = new FileSecretStoreProvider().open(TestStores.config("file:" + home.resolve("b"),
        Map.of("HOME", home.toString(), KeySource.FILE_VARIABLE, named.toString())))) {
      assertThat(store.read(ID).orElseThrow().values().get("password").asString()).isEqualTo("two");
    }
  }

  @Test
  void keyCommand_printsTheKey_asAPasswordManagersCliWould_andItsFailureSaysSoWithoutOutput() throws IOException {
    String key = TestStores.newKey();
    Path printed = home.resolve("printed.key");
    Files.writeString(printed, key + "\n");
    Map<String, String> env = Map.of("HOME", home.toString(), KeySource.COMMAND_VARIABLE, "cat '" + printed + "'");
    try (SecretStore store = new FileSecretStoreProvider().open(TestStores.config("file:" + home.resolve("s"), env))) {
      store.create(ID, metadata("alice", T0), values("password", "one"));
    }
    try (SecretStore store = TestStores.open(home.resolve("s"), key)) {
      assertThat(store.read(ID).orElseThrow().values().get("password").asString())
          .as("the command's key is the store's key").isEqualTo("one");
    }
    try (var files = Files.walk(home)) {
      assertThat(files.filter(f -> f.toString().endsWith(".key")).toList()).containsExactly(printed);
    }

    Map<String, String> failing = Map.of("HOME", home.toString(), KeySource.COMMAND_VARIABLE,
        "echo canary-output; exit 3");
    assertThatThrownBy(() -> new FileSecretStoreProvider().open(TestStores.config("file:" + home.resolve("s"), failing)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("the key command in SECRETKIT_MASTER_KEY_COMMAND failed with exit status 3")
        .hasMessageNotContaining("canary");
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
    assertThat(home.resolve(".config")).doesNotExist();
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
  @ValueSource(strings = {"canary-not-base64!!", "Y2FuYXJ5LXRvby1zaG9ydA==", " canary canary canary canary canary canary "})
  void variable_malformed_isAClearErrorWithoutTheValue(String value) {
    assertThatThrownBy(() -> new FileSecretStoreProvider().open(TestStores.config("file:" + home,
        Map.of(KeySource.VARIABLE, value))))
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
    Path directory = home.resolve("store");
    try (SecretStore store = TestStores.openWithKeyFile(directory)) {
      store.create(ID, metadata("alice", T0), values("password", "one"));
    }
    Path keyFile = TestStores.keyFile(directory);
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> TestStores.openWithKeyFile(directory))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("chmod 600 " + keyFile)
        .hasMessageContaining("rw-r--r--");
  }

  @Test
  void keyFile_malformed_isAClearErrorWithoutItsContent() throws IOException {
    Path keyFile = home.resolve("master.key");
    Files.writeString(keyFile, "canary-key-content\n");
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));

    assertThatThrownBy(() -> new FileSecretStoreProvider().open(TestStores.config("file:" + home.resolve("s"),
        Map.of(KeySource.FILE_VARIABLE, keyFile.toString()))))
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
    Path directory = home.resolve("store");
    try (SecretStore store = TestStores.openWithKeyFile(directory)) {
      store.create(ID, metadata("alice", T0), values("password", "one"));
    }
    Path keyFile = TestStores.keyFile(directory);
    Files.delete(keyFile);
    List<String> before = TestStores.tree(home);

    assertThatThrownBy(() -> TestStores.openWithKeyFile(directory))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("master key file " + keyFile + " is missing")
        .hasMessageContaining("restore the key file from your backup");
    assertThat(keyFile).doesNotExist();
    assertThat(TestStores.tree(home)).isEqualTo(before);
  }

  @Test
  void otherKey_onOneRecord_isADataErrorNamingFileAndStoreNotKey() throws IOException {
    String key = TestStores.newKey();
    Path directory = home.resolve("store");
    try (SecretStore store = TestStores.open(directory, key)) {
      store.create(ID, metadata("alice", T0), values("password", "one"));
    }
    String other = TestStores.newKey();
    Path foreign = home.resolve("foreign");
    try (SecretStore store = TestStores.open(foreign, other)) {
      store.create(ID, metadata("mallory", T0), values("password", "two"));
    }
    Files.copy(foreign.resolve("secrets/public/pg.sk"), directory.resolve("secrets/public/pg.sk"),
        StandardCopyOption.REPLACE_EXISTING);

    try (SecretStore store = TestStores.open(directory, key)) {
      assertThatThrownBy(() -> store.read(ID))
          .as("the store's own key is right; this one file is foreign").isInstanceOf(SecretDataException.class)
          .hasMessageContaining("written with a different master key")
          .hasMessageContaining(directory.resolve("secrets/public/pg.sk").toString())
          .hasMessageContaining("file:" + directory)
          .hasMessageNotContaining(key)
          .hasMessageNotContaining(other);
      assertThatThrownBy(() -> store.versions(ID)).hasMessageContaining("different master key");
      assertThat(store.list("public", null, 10).unreadable()).singleElement()
          .satisfies(e -> assertThat(e.getMessage()).contains("different master key"));
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
      assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("store.json", "index.sk",
          "secrets", "store.lock");
    }
  }
}
