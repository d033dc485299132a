package dev.secretkit.store.file;

import static dev.secretkit.store.file.TestStores.T0;
import static dev.secretkit.store.file.TestStores.metadata;
import static dev.secretkit.store.file.TestStores.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.ConfigurationException;
import dev.secretkit.SecretDataException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretSummary;
import dev.secretkit.SecretVersion;
import dev.secretkit.spi.Page;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file store's format 2: versions in files of their own (a write's cost does not grow with
 * the versions kept), retention, the rollback index, a corrupted record beside readable ones, the
 * upgrade of a format-1 store, and key rotation.
 */
class FileStoreFormatTest {
  private static final SecretId PG = SecretId.of("public", "pg");
  private static final SecretId KAFKA = SecretId.of("public", "kafka");

  @TempDir
  Path home;

  private SecretStore open(Path directory, String uriSuffix, Map<String, String> environment) {
    return new FileSecretStoreProvider().open(TestStores.config("file:" + directory + uriSuffix, environment));
  }

  private static StoredSecret writeVersions(SecretStore store, SecretId id, int count) {
    StoredSecret current = store.create(id, metadata("alice", T0), values("password", "v1"));
    for (int i = 2; i <= count; i++) {
      current = store.update(id, current.revision(), metadata("alice", T0), values("password", "v" + i));
    }
    return current;
  }

  @Test
  void record_holdsTheLatestVersionOnly_soItsSizeDoesNotGrowWithHistory() throws IOException {
    Path directory = home.resolve("store");
    try (SecretStore store = open(directory, "?versionsRetained=0", Map.of(KeySource.VARIABLE, TestStores.newKey()))) {
      writeVersions(store, PG, 3);
      long small = Files.size(directory.resolve("secrets/public/pg.sk"));
      StoredSecret latest = store.read(PG).orElseThrow();
      for (int i = 4; i <= 60; i++) {
        latest = store.update(PG, latest.revision(), metadata("alice", T0), values("password", "v" + (i < 10 ? i : 9)));
      }
      assertThat(Files.size(directory.resolve("secrets/public/pg.sk"))).as("only the numbers grew a digit")
          .isBetween(small, small + 8);
      try (Stream<Path> files = Files.walk(directory.resolve("secrets/public/pg.versions"))) {
        assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(59);
      }
      try (Stream<Path> folders = Files.list(directory.resolve("secrets/public/pg.versions"))) {
        assertThat(folders.map(f -> f.getFileName().toString())).as("100 versions a folder")
            .containsExactlyInAnyOrder("0");
      }
      assertThat(store.versions(PG)).extracting(SecretVersion::number)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 60).boxed().toList());
      assertThat(store.read(PG, 1).orElseThrow().values().get("password").asString()).isEqualTo("v1");
      assertThat(store.read(PG, 60).orElseThrow().values().get("password").asString()).isEqualTo("v9");
    }
  }

  @Test
  void versionFiles_share_aFolderPer100Versions_andAFolderGoesWithItsLastVersion() throws IOException {
    Path directory = home.resolve("store");
    Path versions = directory.resolve("secrets/public/pg.versions");
    try (SecretStore store = open(directory, "?versionsRetained=150", Map.of(KeySource.VARIABLE, TestStores.newKey()))) {
      writeVersions(store, PG, 260);
      try (Stream<Path> folders = Files.list(versions)) {
        assertThat(folders.map(f -> f.getFileName().toString())).as("versions 111 to 259 kept in files")
            .containsExactlyInAnyOrder("1", "2");
      }
      assertThat(versions.resolve("1/111.sk")).isRegularFile();
      assertThat(store.read(PG, 110)).isEmpty();
      assertThat(store.read(PG, 111).orElseThrow().values().get("password").asString()).isEqualTo("v111");
      assertThat(store.read(PG, 205).orElseThrow().values().get("password").asString()).isEqualTo("v205");
    }
  }

  @Test
  void retention_defaultsToTen_andDropsTheFilesOfOlderVersions() throws IOException {
    Path directory = home.resolve("store");
    try (SecretStore store = open(directory, "", Map.of(KeySource.VARIABLE, TestStores.newKey()))) {
      assertThat(store.capabilities().versionsRetained()).isEqualTo(10);
      writeVersions(store, PG, 15);
      assertThat(store.versions(PG)).extracting(SecretVersion::number)
          .containsExactlyElementsOf(LongStream.rangeClosed(6, 15).boxed().toList());
      assertThat(store.read(PG, 5)).isEmpty();
      assertThat(store.read(PG, 6).orElseThrow().values().get("password").asString()).isEqualTo("v6");
      try (Stream<Path> files = Files.list(directory.resolve("secrets/public/pg.versions/0"))) {
        assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
            .containsExactlyInAnyOrder("6.sk", "7.sk", "8.sk", "9.sk", "10.sk", "11.sk", "12.sk", "13.sk", "14.sk");
      }
    }
  }

  @Test
  void retention_isTheStores_soAClientThatDoesNotSayKeepsIt_andOneThatDoesChangesItForAll() {
    Path directory = home.resolve("store");
    Map<String, String> environment = Map.of(KeySource.VARIABLE, TestStores.newKey());
    try (SecretStore keepsAll = open(directory, "?versionsRetained=0", environment)) {
      writeVersions(keepsAll, PG, 12);
    }
    try (SecretStore silent = open(directory, "", environment)) {
      assertThat(silent.capabilities().versionsRetained()).as("what the store keeps").isZero();
      StoredSecret latest = silent.read(PG).orElseThrow();
      silent.update(PG, latest.revision(), metadata("bob", T0), values("password", "v13"));
      assertThat(silent.versions(PG)).hasSize(13);
    }
    try (SecretStore fewer = open(directory, "?versionsRetained=3", environment)) {
      StoredSecret latest = fewer.read(PG).orElseThrow();
      fewer.update(PG, latest.revision(), metadata("bob", T0), values("password", "v14"));
      assertThat(fewer.versions(PG)).extracting(SecretVersion::number).containsExactly(12L, 13L, 14L);
    }
    try (SecretStore silent = open(directory, "", environment)) {
      assertThat(silent.capabilities().versionsRetained()).as("the change is the store's now").isEqualTo(3);
    }
  }

  @Test
  void deletedSecrets_areRememberedUpToABound_soTheIndexFollowsTheLiveSecrets() {
    RollbackIndex index = RollbackIndex.EMPTY;
    for (int i = 0; i < RollbackIndex.MAX_DELETED + 50; i++) {
      index = index.withLive(SecretId.of("public", "t" + i), 1).withDeleted(SecretId.of("public", "t" + i), 2);
    }
    RollbackIndex read = RollbackIndex.fromJson(index.toJson()).orElseThrow();

    assertThat(read.lastWrite(SecretId.of("public", "t0"))).as("the oldest deletions are forgotten").isZero();
    assertThat(read.lastWrite(SecretId.of("public", "t" + (RollbackIndex.MAX_DELETED + 49)))).isEqualTo(2);
    assertThat(read.toString()).isEqualTo("RollbackIndex[0 live, " + RollbackIndex.MAX_DELETED + " deleted]");
  }

  @Test
  void olderCopyOfARecord_isReportedAsRolledBack_whileTheOthersListAndResolve() throws IOException {
    Path directory = home.resolve("store");
    Path record = directory.resolve("secrets/public/pg.sk");
    Path saved = home.resolve("pg.sk.old");
    try (SecretStore store = open(directory, "", Map.of(KeySource.VARIABLE, TestStores.newKey()))) {
      StoredSecret first = store.create(PG, metadata("alice", T0), values("password", "canary-old-value"));
      store.create(KAFKA, metadata("alice", T0), values("password", "kafka"));
      Files.copy(record, saved);
      store.update(PG, first.revision(), metadata("alice", T0), values("password", "rotated"));
      Files.copy(saved, record, StandardCopyOption.REPLACE_EXISTING);

      assertThatThrownBy(() -> store.read(PG)).isInstanceOf(SecretDataException.class)
          .hasMessageContaining("was rolled back")
          .hasMessageContaining("older copy")
          .hasMessageNotContaining("canary");
      Page<SecretSummary> page = store.list("public", null, 10);
      assertThat(page.items()).extracting(SecretSummary::id).containsExactly(KAFKA);
      assertThat(page.unreadable()).singleElement().satisfies(e -> assertThat(e.getMessage())
          .contains("public:pg").contains("rolled back"));
      assertThat(store.read(KAFKA).orElseThrow().values().get("password").asString()).isEqualTo("kafka");

      store.delete(PG, null);
      assertThat(store.read(PG)).isEmpty();
    }
  }

  @Test
  void recordOfADeletedSecret_copiedBack_isReportedAsRolledBack_butANewSecretOfTheNameIsNot() throws IOException {
    Path directory = home.resolve("store");
    Path record = directory.resolve("secrets/public/pg.sk");
    try (SecretStore store = open(directory, "", Map.of(KeySource.VARIABLE, TestStores.newKey()))) {
      StoredSecret created = store.create(PG, metadata("alice", T0), values("password", "revoked"));
      byte[] saved = Files.readAllBytes(record);
      store.delete(PG, created.revision());
      Files.write(record, saved);

      assertThatThrownBy(() -> store.read(PG)).isInstanceOf(SecretDataException.class)
          .hasMessageContaining("the secret was deleted");

      Files.delete(record);
      store.create(PG, metadata("alice", T0), values("password", "fresh"));
      assertThat(store.read(PG).orElseThrow().values().get("password").asString()).isEqualTo("fresh");
    }
  }

  @Test
  void corruptedRecord_isListedAsUnreadable_andTheOthersStillList() throws IOException {
    Path directory = home.resolve("store");
    try (SecretStore store = open(directory, "", Map.of(KeySource.VARIABLE, TestStores.newKey()))) {
      store.create(PG, metadata("alice", T0), values("password", "one"));
      store.create(KAFKA, metadata("alice", T0), values("password", "two"));
      Path record = directory.resolve("secrets/public/kafka.sk");
      byte[] bytes = Files.readAllBytes(record);
      bytes[bytes.length - 1] ^= 1;
      Files.write(record, bytes);

      Page<SecretSummary> page = store.list("public", null, 10);
      assertThat(page.items()).extracting(SecretSummary::id).containsExactly(PG);
      assertThat(page.unreadable()).singleElement().satisfies(e -> assertThat(e.getMessage())
          .contains("public:kafka").contains("corrupted"));
    }
  }

  @Test
  void formatOneStore_opensWithItsKeyInside_andIsUpgradedByItsFirstWrite() throws Exception {
    Path directory = home.resolve("old");
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    LegacyStore.write(directory, key, PG, List.of("one", "two", "three"));
    Map<String, String> environment = Map.of("HOME", home.resolve("elsewhere").toString());

    try (SecretStore store = open(directory, "", environment)) {
      assertThat(store.read(PG).orElseThrow().values().get("password").asString()).isEqualTo("three");
      assertThat(store.read(PG, 1).orElseThrow().values().get("password").asString()).isEqualTo("one");
      assertThat(store.versions(PG)).hasSize(3);
      assertThat(directory.resolve(StoreInfo.FILE)).as("reads change nothing").doesNotExist();

      StoredSecret latest = store.read(PG).orElseThrow();
      store.update(PG, latest.revision(), metadata("bob", T0), values("password", "four"));
    }
    assertThat(directory.resolve(StoreInfo.FILE)).isRegularFile();
    assertThat(Files.readAllBytes(directory.resolve("secrets/public/pg.sk"))[4]).isEqualTo(RecordCipher.FORMAT);
    try (SecretStore store = open(directory, "", environment)) {
      assertThat(store.versions(PG)).extracting(SecretVersion::number).containsExactly(1L, 2L, 3L, 4L);
      assertThat(store.read(PG, 2).orElseThrow().values().get("password").asString()).isEqualTo("two");
      assertThat(store.read(PG).orElseThrow().values().get("password").asString()).isEqualTo("four");
    }
    assertThat(directory.resolve("master.key")).as("the key stays where the store had it").isRegularFile();
  }

  @Test
  void rotateKey_resealsEveryRecordAndVersion_underANewKeyFirstInTheKeyFile() throws IOException {
    Path directory = home.resolve("store");
    Map<String, String> environment = Map.of("HOME", home.toString());
    try (SecretStore store = open(directory, "", environment)) {
      writeVersions(store, PG, 3);
      writeVersions(store, KAFKA, 2);
    }
    Path keyFile = home.resolve(".config/secretkit/keys/" + TestStores.storeId(directory) + ".key");
    String oldKey = Files.readString(keyFile).strip();

    FileSecretStoreProvider.KeyRotation rotation = new FileSecretStoreProvider()
        .rotateKey(TestStores.config("file:" + directory, environment));

    assertThat(rotation.records()).isEqualTo(2);
    assertThat(rotation.versions()).isEqualTo(3);
    assertThat(rotation.keyFileWritten()).isTrue();
    List<String> ring = Files.readAllLines(keyFile);
    assertThat(ring).as("the new key first, the old one kept after it for backups").hasSize(2).endsWith(oldKey);
    String newKey = ring.get(0);
    assertThat(newKey).isNotEqualTo(oldKey);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
    byte[] newId = new MasterKey(Base64.getDecoder().decode(newKey)).id();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".sk")).toList()) {
        assertThat(RecordCipher.keyId(Files.readAllBytes(file))).as(file.toString()).isEqualTo(newId);
      }
    }
    try (SecretStore store = open(directory, "", environment)) {
      assertThat(store.read(PG, 1).orElseThrow().values().get("password").asString()).isEqualTo("v1");
      assertThat(store.read(KAFKA).orElseThrow().values().get("password").asString()).isEqualTo("v2");
    }
    assertThatThrownBy(() -> open(directory, "", Map.of(KeySource.VARIABLE, oldKey)))
        .as("the old key alone opens only what was sealed before").isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("another master key");
  }

  @Test
  void rotateKey_interruptedHalfway_leavesAStoreBothKeysOpen_andRunningItAgainFinishes() throws Exception {
    Path directory = home.resolve("store");
    String oldKey = TestStores.newKey();
    try (SecretStore store = open(directory, "", Map.of(KeySource.VARIABLE, oldKey))) {
      writeVersions(store, PG, 2);
    }
    String newKey = TestStores.newKey();
    StoreInfo info = StoreInfo.read(directory).orElseThrow();
    // The state a crash leaves after the store file names the new key and before any record is re-sealed.
    info.withKey(new MasterKey(Base64.getDecoder().decode(newKey)).idText(), true).write(directory, "test");
    Map<String, String> both = Map.of(KeySource.VARIABLE, newKey + " " + oldKey);
    try (SecretStore store = open(directory, "", both)) {
      assertThat(store.read(PG, 1).orElseThrow().values().get("password").asString()).isEqualTo("v1");
    }

    FileSecretStoreProvider.KeyRotation rotation = new FileSecretStoreProvider()
        .rotateKey(TestStores.config("file:" + directory, both));

    assertThat(rotation.keyFileWritten()).isFalse();
    assertThat(StoreInfo.read(directory).orElseThrow().rotating()).isFalse();
    try (SecretStore store = open(directory, "", Map.of(KeySource.VARIABLE, newKey))) {
      assertThat(store.read(PG, 1).orElseThrow().values().get("password").asString()).isEqualTo("v1");
      assertThat(store.read(PG).orElseThrow().values().get("password").asString()).isEqualTo("v2");
    }
  }

  @Test
  void rotateKey_ofAKeyFromTheEnvironmentHoldingOneKey_isRefusedWithTheWayToDoIt() {
    Path directory = home.resolve("store");
    String key = TestStores.newKey();
    try (SecretStore store = open(directory, "", Map.of(KeySource.VARIABLE, key))) {
      store.create(PG, metadata("alice", T0), values("password", "one"));
    }
    assertThatThrownBy(() -> new FileSecretStoreProvider().rotateKey(TestStores.config("file:" + directory,
        Map.of(KeySource.VARIABLE, key))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cannot rewrite")
        .hasMessageContaining("a new key first and the current one after it")
        .hasMessageNotContaining(key);
  }
}
