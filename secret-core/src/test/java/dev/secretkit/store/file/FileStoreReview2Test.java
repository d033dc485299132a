package dev.secretkit.store.file;

import static dev.secretkit.store.file.TestStores.T0;
import static dev.secretkit.store.file.TestStores.metadata;
import static dev.secretkit.store.file.TestStores.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.SecretDataException;
import dev.secretkit.SecretId;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.spi.StoreParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile review of commits 3b7dcd2 (retired keys refused after a finished rotation; unknown parameters' values hidden)
 * and f0d75ab (version files in folders of 100). Each test FAILS on f0d75ab; its comment says what is wrong and what
 * should happen instead.
 */
class FileStoreReview2Test {
  private static final SecretId PG = SecretId.of("public", "pg");
  private static final SecretId OTHER = SecretId.of("public", "other");
  private static final SecretId PLANTED = SecretId.of("public", "planted");

  @TempDir
  Path home;

  private static SecretStore open(Path directory, Map<String, String> environment) {
    return new FileSecretStoreProvider().open(TestStores.config("file:" + directory, environment));
  }

  private static SecretStore open(String uri, Map<String, String> environment) {
    return new FileSecretStoreProvider().open(TestStores.config(uri, environment));
  }

  private static void rotate(Path directory, Map<String, String> environment) {
    new FileSecretStoreProvider().rotateKey(TestStores.config("file:" + directory, environment));
  }

  /**
   * Found by a hostile review, now fixed (medium, security; 3b7dcd2). The retired-key check is decided once, when a client loads its keys: a client
   * that loaded them while store.json said "rotating" (it opened during a rotation, or after one that was killed, or
   * it reloaded because it read a record re-sealed mid-rotation) keeps opensRetired=true for its whole life. Once the
   * rotation finishes, the index it reads is sealed with the current key, so it never reloads, and it serves a record
   * planted by whoever holds the leaked old key, the very attack 3b7dcd2 closes; only clients opened afterwards refuse
   * it. A long-running service is exactly the client that was open during the rotation. Expected: every client
   * refuses such a record once the store file no longer says rotating (e.g. re-check store.json before accepting a
   * file sealed with a non-current key, and reload when it changed).
   */
  @Test
  void clientOpenedDuringARotation_refusesARetiredKeyRecordAfterTheRotationFinished() throws Exception {
    Path directory = home.resolve("store");
    Map<String, String> environment = Map.of("HOME", home.toString());
    try (SecretStore store = open(directory, environment)) {
      store.create(PG, metadata("alice", T0), values("password", "genuine"));
    }
    Path keyFile = home.resolve(".config/secretkit/keys/" + TestStores.storeId(directory) + ".key");
    String leakedKey = Files.readString(keyFile).strip();
    Path copy = home.resolve("copy");
    Files.createDirectories(copy.resolve("secrets/public"));
    Files.copy(directory.resolve(StoreInfo.FILE), copy.resolve(StoreInfo.FILE));
    Files.copy(directory.resolve("secrets/public/pg.sk"), copy.resolve("secrets/public/pg.sk"));

    rotate(directory, environment);
    // A rotation killed after re-sealing every file, before it wrote "done": the state a second call finishes.
    StoreInfo info = StoreInfo.read(directory).orElseThrow();
    info.withKey(info.keyId(), true).write(directory, "review2");

    try (SecretStore service = open(directory, environment)) {
      assertThat(TestStores.password(service, PG)).isEqualTo("genuine");
      rotate(directory, environment);
      assertThat(StoreInfo.read(directory).orElseThrow().rotating()).isFalse();

      try (SecretStore forger = TestStores.open(copy, leakedKey)) {
        forger.create(PLANTED, metadata("mallory", T0), values("password", "planted-by-the-key-holder"));
      }
      Files.copy(copy.resolve("secrets/public/planted.sk"), directory.resolve("secrets/public/planted.sk"));

      try (SecretStore fresh = open(directory, environment)) {
        assertThat(catchThrowable(() -> fresh.read(PLANTED))).as("a client opened after the rotation")
            .isInstanceOf(SecretDataException.class);
      }
      assertThat(catchThrowable(() -> service.read(PLANTED)))
          .as("the client open since the rotation was under way serves the planted record")
          .isInstanceOf(SecretDataException.class);
    }
  }

  /**
   * Found by a hostile review, now fixed (medium, data unreadable; 3b7dcd2 with the format-1 upgrade). A format-1 store without key.id (restored
   * from a backup without it, which FileSecretStore still opens) opened with a ring "NEW OLD", as the rotation
   * instructions say to give it, takes the ring's first key as the sealing key. Its first write upgrades it and writes
   * keyId=NEW to store.json with rotating=false; checkOpensARecord passed only because the format-1 cipher still
   * opened OLD. From then on every record not yet rewritten (all sealed with OLD) is refused as "sealed with a retired
   * master key ... copied back from before the rotation": secrets written before the upgrade cannot be read.
   * Expected: the upgrade names the key that actually sealed the records (the one checkOpensARecord opened a record
   * with), or marks the store rotating until they are re-sealed; the old secret stays readable.
   */
  @Test
  void formatOneStoreWithoutKeyId_upgradedWithATwoKeyRing_keepsItsOldRecordsReadable() throws Exception {
    Path directory = home.resolve("old");
    byte[] old = new byte[32];
    new SecureRandom().nextBytes(old);
    LegacyStore.write(directory, old, PG, List.of("one", "two"));
    Files.delete(directory.resolve("key.id"));
    Files.delete(directory.resolve("master.key"));
    String ring = TestStores.newKey() + "\n" + Base64.getEncoder().encodeToString(old) + "\n";
    Map<String, String> environment = Map.of(KeySource.VARIABLE, ring);

    try (SecretStore store = open(directory, environment)) {
      assertThat(TestStores.password(store, PG)).isEqualTo("two");
      store.create(OTHER, metadata("alice", T0), values("password", "new"));
    }

    try (SecretStore store = open(directory, environment)) {
      assertThat(catchThrowable(() -> TestStores.password(store, PG))).as("the secret written before the upgrade").isNull();
    }
  }

  /**
   * Found by a hostile review, now fixed (low, a folder left forever; f0d75ab). dropVersion removes a folder only when it drops the folder's last
   * number (n % 100 == 99). pruneVersions' backward sweep, which removes what a killed prune left, goes downwards: it
   * drops 99 first, while 1..98 are still there, so the rmdir fails (logged as "the folder goes with a later version",
   * but no later version lives in folder 0), then drops 98..1 and never returns to the folder. Here a write lowered
   * retention from 200 to 10 and was killed after its commit, before its prune; the next write cleans up the files but
   * leaves <name>.versions/0 behind, empty, for good. Expected: a folder is removed once its last file is, whatever
   * the order (e.g. try the folder after each sweep reaches its lowest number, or in the tidy pass).
   */
  @Test
  void killedPruneAcrossAFolder_leavesNoEmptyFolderBehind() throws Exception {
    Path directory = home.resolve("store");
    String key = TestStores.newKey();
    Map<String, String> environment = Map.of(KeySource.VARIABLE, key);
    try (SecretStore store = open("file:" + directory + "?versionsRetained=200", environment)) {
      store.create(PG, metadata("alice", T0), values("password", "v1"));
      for (int i = 2; i <= 120; i++) {
        TestStores.update(store, PG, "v" + i);
      }
    }
    Path versions = directory.resolve("secrets/public/pg.versions");
    Path backup = home.resolve("backup");
    copyTree(versions, backup);

    try (SecretStore store = open("file:" + directory + "?versionsRetained=10", environment)) {
      TestStores.update(store, PG, "v121");
    }
    // The write above committed, then its prune ran; put back what it removed: as if it was killed before pruning.
    copyTree(backup, versions);
    try (SecretStore store = open("file:" + directory + "?versionsRetained=10", environment)) {
      TestStores.update(store, PG, "v122");
      TestStores.update(store, PG, "v123");
      assertThat(TestStores.password(store, PG)).isEqualTo("v123");
      assertThat(store.read(PG, 114).orElseThrow().values().get("password").asString()).isEqualTo("v114");
    }

    assertThat(versions.resolve("1/113.sk")).as("an old version past retention").doesNotExist();
    assertThat(versions.resolve("0")).as("folder 0, whose versions are all gone").doesNotExist();
  }

  /**
   * Found by a hostile review, now fixed (low, a value quoted; 3b7dcd2). requireValid recognises an unknown parameter by the exact text
   * "unknown parameter NAME;". The Vault provider writes "unknown parameter NAME (did you mean X?); vault: accepts
   * ..." (VaultSettings.parse) whenever a known name is close, i.e. for typos, the most common unknown parameter, so
   * those values are still quoted in the error: vault://HOST/MOUNT?roleID=... (Suggestions.closest gives "role")
   * puts the AppRole role id in the message that goes to logs and terminals. Expected: the value of every parameter
   * the store does not know is hidden, whatever the wording of the provider's problem (e.g. hide every parameter not
   * in the provider's known list, or export the problem builder for providers to use).
   */
  @Test
  void requireValid_hidesTheValueOfAnUnknownParameterWithASuggestion() {
    StoreConfig config = TestStores.config("vault://127.0.0.1:8200/secret?roleID=canary-role-0f3a9c", Map.of());
    Throwable refused = catchThrowable(() -> StoreParameters.requireValid(config, List.of(
        "unknown parameter roleID (did you mean role?); vault: accepts prefix, namespace, tls, auth, role")));
    assertThat(refused).isNotNull();
    assertThat(refused.getMessage()).contains("roleID").doesNotContain("canary-role-0f3a9c");
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> entries = Files.walk(from)) {
      for (Path entry : entries.sorted().toList()) {
        Path target = to.resolve(from.relativize(entry).toString());
        if (Files.isDirectory(entry)) {
          Files.createDirectories(target);
        } else if (!Files.exists(target)) {
          Files.copy(entry, target);
        }
      }
    }
  }
}
