package dev.secretkit.store.file;

import static dev.secretkit.store.file.TestStores.T0;
import static dev.secretkit.store.file.TestStores.metadata;
import static dev.secretkit.store.file.TestStores.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.secretkit.ConfigurationException;
import dev.secretkit.SecretDataException;
import dev.secretkit.SecretId;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile review of issue 16 points 5 (key management) and 6 (bounded file store): each test shows
 * a defect of the format-2 file store and FAILS on the reviewed tree (a7323aa). The comment on
 * each says what is wrong and what should happen instead.
 */
class FileStoreReviewTest {
  private static final SecretId PG = SecretId.of("public", "pg");

  @TempDir
  Path home;

  private static SecretStore open(Path directory, Map<String, String> environment) {
    return new FileSecretStoreProvider().open(TestStores.config("file:" + directory, environment));
  }

  private static FileSecretStoreProvider.KeyRotation rotate(Path directory, Map<String, String> environment) {
    return new FileSecretStoreProvider().rotateKey(TestStores.config("file:" + directory, environment));
  }

  /**
   * Found by a hostile review, now fixed (high; issue 16 #5 "the default master key kept outside the data directory"). A store
   * made before format 2 keeps its key in PATH/master.key, and the provider's Javadoc promises it
   * does so only "until its key is rotated". But rotateKey takes the legacy key file as the
   * store's KeyFromFile source and rewrites the NEW key into PATH/master.key: the key never leaves
   * the directory it encrypts, so a copy of the directory still decrypts everything, forever
   * (secretctl store rotate-key even says "the new key is in master key file PATH/master.key").
   * Expected: rotation (or the format-1 upgrade) writes the new key to the default key file
   * ${XDG_CONFIG_HOME:-~/.config}/secretkit/keys/STOREID.key and removes PATH/master.key.
   */
  @Test
  void formatOneStore_rotateKey_movesTheKeyOutOfTheStoreDirectory() throws Exception {
    Path directory = home.resolve("old");
    LegacyStore.write(directory, PG, List.of("one", "two"));
    Map<String, String> environment = Map.of("HOME", home.toString());

    FileSecretStoreProvider.KeyRotation rotation = rotate(directory, environment);

    assertThat(rotation.keySource()).as("where the rotated key is kept").doesNotContain(directory.toString());
    assertThat(directory.resolve("master.key")).as("the key inside the store directory").doesNotExist();
    assertThat(home.resolve(".config/secretkit/keys/" + TestStores.storeId(directory) + ".key")).isRegularFile();
  }

  /**
   * Found by a hostile review, now fixed (critical: data loss). SECRETKIT_MASTER_KEY_FILE is process-wide, so every file store a
   * process opens shares that key file (the README offers it for exactly this). Rotating ONE store
   * rewrites the shared file to hold the new key only, destroying the key the OTHER store is sealed
   * with: it can never be opened again. The same happens to any copy of a store (cp -r backup,
   * same store id, same default key file): rotation deletes the only copy of the old key and keeps
   * no archive of it. Expected: rotation never drops a key from a file other stores may use (keep
   * retired keys in the ring/an archive, or refuse to rotate a key file that is not the store's
   * own), and the other store still reads.
   */
  @Test
  void rotateKey_ofOneStoreSharingAKeyFile_leavesTheOtherStoreReadable() {
    Path keyFile = home.resolve("keys/shared.key");
    Map<String, String> environment = Map.of("HOME", home.toString(), KeySource.FILE_VARIABLE, keyFile.toString());
    Path first = home.resolve("first");
    Path second = home.resolve("second");
    try (SecretStore store = open(first, environment)) {
      store.create(PG, metadata("alice", T0), values("password", "first-value"));
    }
    try (SecretStore store = open(second, environment)) {
      store.create(PG, metadata("alice", T0), values("password", "second-value"));
    }

    rotate(first, environment);

    try (SecretStore store = open(second, environment)) {
      assertThat(TestStores.password(store, PG)).isEqualTo("second-value");
    }
  }

  /**
   * Found by a hostile review, now fixed (high: a hang). KeyFromCommand reads the command's stdout to EOF BEFORE it starts the
   * timeout (process.waitFor comes after the read loop), so a key command that hangs without
   * closing stdout (a password manager waiting for an unlock, a child left running in the
   * background holding the pipe) blocks open() forever; the documented "60 s at most" is never
   * enforced. Expected: the timeout bounds the whole run, reading included, and the error says the
   * command did not finish in time. (This test runs a real subprocess: the hang cannot be faked.)
   */
  @Test
  void keyCommand_thatNeverClosesItsOutput_isStoppedByItsTimeout() {
    KeyFromCommand command = new KeyFromCommand("exec sleep 4", Duration.ofMillis(200), Map.of());

    assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThatThrownBy(() -> command.load("review-store"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("did not finish within"));
  }

  /**
   * Found by a hostile review, now fixed (medium: undetected rollback in long-lived clients). A reader that opened the store
   * before another process rotated its key keeps the old ring. Its next read re-reads index.sk,
   * now sealed with the new key; index() does not reload the keys (only record reads do), so it
   * logs "the rollback index cannot be read" and uses an EMPTY index; then the record read reloads
   * the keys and serves whatever record is there, unchecked. Expected: the index is opened with
   * the same reload-on-other-key rule as records, and a rolled-back record is reported.
   */
  @Test
  void readerOpenedBeforeARotation_stillDetectsARolledBackRecord() throws IOException {
    Path directory = home.resolve("store");
    Map<String, String> environment = Map.of("HOME", home.toString());
    Path record = directory.resolve("secrets/public/pg.sk");
    try (SecretStore store = open(directory, environment)) {
      store.create(PG, metadata("alice", T0), values("password", "v1"));
    }
    try (SecretStore reader = open(directory, environment)) {
      assertThat(TestStores.password(reader, PG)).isEqualTo("v1");

      rotate(directory, environment);
      byte[] saved;
      try (SecretStore writer = open(directory, environment)) {
        TestStores.update(writer, PG, "v2-revoked");
        saved = Files.readAllBytes(record);
        TestStores.update(writer, PG, "v3-current");
      }
      Files.write(record, saved);

      assertThatThrownBy(() -> reader.read(PG)).isInstanceOf(SecretDataException.class)
          .hasMessageContaining("rolled back");
    }
  }

  /**
   * Found by a hostile review, now fixed (medium-high: false "corrupted" alarm, service outage). A long-lived reader of a
   * format-1 store has a cipher without a store id. When another process (a newer secretctl)
   * writes, the store is upgraded and the record becomes format 2; RecordCipher.open then throws
   * "it is a format-2 record, but the store file ... is missing" with otherKey=false, so the
   * reader never reloads store.json and reports the healthy record as CORRUPTED until restarted.
   * Expected: a format-2 file seen by a client opened on a format-1 store reloads the store file
   * (as a rotation does) and reads the new value.
   */
  @Test
  void readerOpenedOnAFormatOneStore_readsARecordAnotherProcessUpgraded() throws Exception {
    Path directory = home.resolve("old");
    LegacyStore.write(directory, PG, List.of("one", "two"));
    Map<String, String> environment = Map.of("HOME", home.resolve("elsewhere").toString());
    try (SecretStore reader = open(directory, environment)) {
      assertThat(TestStores.password(reader, PG)).isEqualTo("two");

      try (SecretStore writer = open(directory, environment)) {
        TestStores.update(writer, PG, "three");
      }

      assertThat(TestStores.password(reader, PG)).isEqualTo("three");
    }
  }

  /**
   * Found by a hostile review, now fixed (medium: key lost from where the user keeps it). KeyFile.replace renames a temp file
   * over the key file's path, so a key file that is a symlink (dotfiles managed by stow, a key on
   * an encrypted or removable volume, keyFile= pointing at a secrets mount) is REPLACED by a
   * regular file holding the new key beside the link, while the link's target, the place the user
   * protects and backs up, keeps the old key only. Expected: rotation writes through the link (or
   * refuses a symlinked key file), so the target holds the new key and the link stays a link.
   */
  @Test
  void rotateKey_ofASymlinkedKeyFile_writesTheNewKeyWhereTheLinkPoints() throws IOException {
    Path vault = Files.createDirectories(home.resolve("vault"));
    Path target = vault.resolve("store.key");
    String oldKey = TestStores.newKey();
    Files.writeString(target, oldKey + "\n");
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
    Path link = Files.createSymbolicLink(home.resolve("store.key"), target);
    Map<String, String> environment = Map.of("HOME", home.toString(), KeySource.FILE_VARIABLE, link.toString());
    Path directory = home.resolve("store");
    try (SecretStore store = open(directory, environment)) {
      store.create(PG, metadata("alice", T0), values("password", "one"));
    }

    rotate(directory, environment);

    assertThat(Files.isSymbolicLink(link)).as("the key file is still the user's link").isTrue();
    assertThat(Files.readAllLines(target)).as("the link's target: the new key first, the old one kept after it")
        .hasSize(2).endsWith(oldKey).first().isNotEqualTo(oldKey);
  }

  /**
   * Found by a hostile review, now fixed (low-medium: old key left on disk). The store removes temp files a crash left in its
   * own directories, but nothing ever removes those KeyFile.write leaves in the KEY directory: a
   * rotation killed during KeyFile.replace leaves ".STOREID.key.HEX.tmp" holding the whole ring,
   * old key included, and a later successful rotate-key (whose point is to retire that key) leaves
   * it there forever. Expected: rotation (under the store lock) removes stale temp files of its
   * key file, as writes do for records.
   */
  @Test
  void rotateKey_removesKeyFileTempsThatAKilledRotationLeft() throws IOException {
    Path directory = home.resolve("store");
    Map<String, String> environment = Map.of("HOME", home.toString());
    try (SecretStore store = open(directory, environment)) {
      store.create(PG, metadata("alice", T0), values("password", "one"));
    }
    Path keyFile = home.resolve(".config/secretkit/keys/" + TestStores.storeId(directory) + ".key");
    Path leftover = keyFile.resolveSibling("." + keyFile.getFileName() + ".0123456789abcdef.tmp");
    Files.writeString(leftover, Files.readString(keyFile));
    Files.setPosixFilePermissions(leftover, PosixFilePermissions.fromString("rw-------"));

    rotate(directory, environment);

    assertThat(leftover).as("a copy of the retired key").doesNotExist();
  }

  /**
   * Found by a hostile review, now fixed (high: silent, permanent loss of every record). A format-2 store whose store.json is
   * missing (a restore that copied secrets/ but not store.json, a stray rm) holds records whose
   * key is derived from the lost store id. With a key from SECRETKIT_MASTER_KEY (CI, servers) the
   * next write takes the store for a format-1 one: checkOpensARecord ignores the "format-2 record
   * but store.json is missing" failure (it only refuses otherKey), and StoreInfo.create writes a
   * store.json with a NEW random id. The write succeeds; every existing record is now sealed under
   * a key derived from an id recorded nowhere (only the default key file's name would have kept
   * it), so they are lost for good. Expected: a write to a store holding format-2 records and no
   * store.json is refused ("restore store.json from a backup"), and the store is left as it was.
   */
  @Test
  void writeToAStoreWhoseStoreFileIsMissing_isRefused_andTheRecordsStayReadable() throws IOException {
    Path directory = home.resolve("store");
    Map<String, String> environment = Map.of(KeySource.VARIABLE, TestStores.newKey());
    Path storeFile = directory.resolve(StoreInfo.FILE);
    try (SecretStore store = open(directory, environment)) {
      store.create(PG, metadata("alice", T0), values("password", "one"));
    }
    byte[] backup = Files.readAllBytes(storeFile);
    Files.delete(storeFile);

    try (SecretStore store = open(directory, environment)) {
      Throwable thrown = catchThrowable(() ->
          store.create(SecretId.of("public", "other"), metadata("alice", T0), values("password", "two")));
      assertThat(thrown).as("a write to a format-2 store without its store file").isNotNull();
    }
    Files.write(storeFile, backup);
    try (SecretStore store = open(directory, environment)) {
      assertThat(TestStores.password(store, PG)).isEqualTo("one");
    }
  }

  /**
   * Found by a hostile review, now fixed (high: silent loss of history). Retention is not a property of the store but of each
   * opener's URI: an application keeps every version (file:PATH?versionsRetained=0), and the first
   * write by any client that opens the same directory without the parameter (secretctl apply
   * --store file:PATH, or secretctl store rotate-key, whose format-1 upgrade also prunes) deletes
   * all but the newest 10 versions, even when that write only changes metadata. Expected: the
   * store remembers its retention (store.json) and a client's URI cannot silently lower it; a
   * change of retention is an explicit operation.
   */
  @Test
  void aClientOpeningWithoutTheRetentionParameter_doesNotPruneAStoreThatKeepsEveryVersion() {
    Path directory = home.resolve("store");
    Map<String, String> environment = Map.of(KeySource.VARIABLE, TestStores.newKey());
    SecretStore keepsAll = new FileSecretStoreProvider().open(TestStores.config("file:" + directory
        + "?versionsRetained=0", environment));
    try (keepsAll) {
      keepsAll.create(PG, metadata("alice", T0), values("password", "v1"));
      for (int i = 2; i <= 15; i++) {
        TestStores.update(keepsAll, PG, "v" + i);
      }
      assertThat(keepsAll.versions(PG)).hasSize(15);

      try (SecretStore other = open(directory, environment)) {
        StoredSecret current = other.read(PG).orElseThrow();
        other.updateMetadata(PG, current.revision(), metadata("bob", T0));
      }

      assertThat(keepsAll.versions(PG)).as("versions kept after another client changed metadata").hasSize(15);
      assertThat(keepsAll.read(PG, 1)).isPresent();
    }
  }

  /**
   * Found by a hostile review, now fixed (medium-high: wrong diagnosis whose hint destroys data). During a rotation that did not
   * finish (store.json: new key id, rotating), a client given the new key only (the user dropped
   * the old one too early, or another host has only the new one) reads a record not yet re-sealed.
   * FileSecretStore.open reports it as "written with a different master key ... it was copied
   * from another store", and secretctl's hint for that SecretDataException is "remove it with
   * secretctl delete ... --force": following it deletes good secrets. Expected: with store.json
   * saying a rotation is under way, the error says so, and that the key of the unfinished
   * rotation's old key id is needed (give it after the new one, then run store rotate-key).
   */
  @Test
  void recordNotYetResealed_duringAnUnfinishedRotation_isNotCalledACopyFromAnotherStore() throws Exception {
    Path directory = home.resolve("store");
    String oldKey = TestStores.newKey();
    try (SecretStore store = open(directory, Map.of(KeySource.VARIABLE, oldKey))) {
      store.create(PG, metadata("alice", T0), values("password", "one"));
    }
    String newKey = TestStores.newKey();
    // The state a kill leaves right after rotateKey wrote the store file and before it re-sealed a record.
    StoreInfo.read(directory).orElseThrow()
        .withKey(new MasterKey(Base64.getDecoder().decode(newKey)).idText(), true).write(directory, "review");

    try (SecretStore store = open(directory, Map.of(KeySource.VARIABLE, newKey))) {
      assertThatThrownBy(() -> store.read(PG))
          .hasMessageNotContaining("copied from another store")
          .hasMessageContaining("rotation");
    }
  }

  /**
   * Found by a hostile review, now fixed (low-medium: values of a deleted secret left on disk, under a retired key). A delete
   * killed after its record is removed (CommitStep.DIRECTORY_SYNCED) leaves the secret's
   * NAME.versions folder: sealed old values of a secret the user deleted. Nothing removes it
   * unless a secret of that name is created again: not the tidy pass (temps only), not later
   * writes, not rotate-key, which re-seals only what records refer to, so these files stay sealed
   * under the old key that the rotation was meant to retire. Expected: the next write's tidy pass
   * (or rotate-key) removes a versions folder that has no record.
   */
  @Test
  void versionsOfASecretWhoseDeleteWasKilled_areRemovedByLaterWritesAndRotation() throws IOException {
    Path directory = home.resolve("store");
    Map<String, String> environment = Map.of("HOME", home.toString());
    AtomicBoolean kill = new AtomicBoolean();
    try (FileSecretStore store = FileSecretStoreProvider.open(TestStores.config("file:" + directory, environment),
        step -> {
          if (kill.get() && step == CommitStep.DIRECTORY_SYNCED) {
            throw new IllegalStateException("killed after the record was removed");
          }
        })) {
      store.create(PG, metadata("alice", T0), values("password", "deleted-value-1"));
      StoredSecret latest = TestStores.update(store, PG, "deleted-value-2");
      kill.set(true);
      catchThrowable(() -> store.delete(PG, latest.revision()));
    }
    assertThat(directory.resolve("secrets/public/pg.sk")).doesNotExist();

    try (SecretStore store = open(directory, environment)) {
      store.create(SecretId.of("public", "kafka"), metadata("alice", T0), values("password", "other"));
    }
    rotate(directory, environment);

    assertThat(directory.resolve("secrets/public/pg.versions")).as("the deleted secret's old versions").doesNotExist();
  }

  /**
   * Found by a hostile review, now fixed (medium). Every key setting is read from the StoreConfig's environment (what
   * SecretClientBuilder.environment(...) or secretctl passes), but KeyFromCommand's ProcessBuilder
   * runs the command with the JVM's real environment: a command that relies on variables the
   * caller set for the store (PASSWORD_STORE_DIR, OP_SESSION_*, GNUPGHOME, HOME) does not see them,
   * prints nothing, and the store cannot be opened ("not a valid master key"). Expected: the key
   * command runs with the config's environment, as the command's own variable is read from it.
   */
  @Test
  void keyCommand_runsWithTheEnvironmentTheStoreWasOpenedWith() {
    String key = TestStores.newKey();
    Map<String, String> environment = Map.of("HOME", home.toString(),
        KeySource.COMMAND_VARIABLE, "printf '%s' \"$REVIEW_MASTER_KEY\"", "REVIEW_MASTER_KEY", key);
    try (SecretStore store = open(home.resolve("store"), environment)) {
      store.create(PG, metadata("alice", T0), values("password", "one"));
      assertThat(TestStores.password(store, PG)).isEqualTo("one");
    }
  }

  /**
   * Found by a hostile review, now fixed (low-medium: key-source precedence). A blank SECRETKIT_MASTER_KEY_COMMAND or
   * SECRETKIT_MASTER_KEY_FILE (and a blank SECRETKIT_STORE) counts as unset, but a blank
   * SECRETKIT_MASTER_KEY (`export SECRETKIT_MASTER_KEY=` to clear it, an empty CI secret) still
   * takes precedence over every other source, so a store whose key is in its default key file
   * cannot even be opened ("environment variable SECRETKIT_MASTER_KEY is not a valid master key").
   * Expected: blank means unset for all four variables; the store opens with its key file.
   */
  @Test
  void blankKeyVariable_isTakenAsUnset_likeTheOtherKeyVariables() {
    Path directory = home.resolve("store");
    try (SecretStore store = open(directory, Map.of("HOME", home.toString()))) {
      store.create(PG, metadata("alice", T0), values("password", "one"));
    }

    try (SecretStore store = open(directory, Map.of("HOME", home.toString(), KeySource.VARIABLE, ""))) {
      assertThat(TestStores.password(store, PG)).isEqualTo("one");
    }
  }
}
