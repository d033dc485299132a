package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import dev.secretkit.testkit.ReadOnlyTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The encrypted file store as a newcomer meets it through secretctl, in-process, with no master key
 * in the environment: a read never creates or changes a store, the first apply creates it and says
 * where its key is, once; a store without its key is refused untouched; a read-only store reads; a
 * corrupted or unreadable record gets the exit code and hint that say how to react; the listing and
 * history tables. FileStoreProcessIT and SecretCtlProcessIT run the same situations through the
 * packaged jar for their real exit codes and streams. A planted canary password is never printed.
 */
@ExtendWith(LeakScanner.class)
class FileStoreCommandsTest {
  @TempDir
  Path home;

  private Map<String, String> env;
  private Canaries canaries;
  private String password;
  private final ScannedRuns runs = new ScannedRuns();

  @BeforeEach
  void plant(Canaries planted) throws IOException {
    canaries = planted;
    password = planted.plant();
    env = Map.of("HOME", home.toString(), "USER", "tester");
    PgManifest.write(home, password);
  }

  @AfterEach
  void noRunPrintedThePassword() {
    runs.assertNothingLeaked(canaries);
  }

  private CliRun secretctl(String... args) {
    return runs.scanned(CliRun.secretctl(env, args));
  }

  /** Runs {@code resolve}, whose stdout is the value asked for and so is not scanned. */
  private CliRun resolve(String... args) {
    List<String> command = new ArrayList<>(List.of("resolve"));
    command.addAll(List.of(args));
    return runs.revealing(CliRun.secretctl(env, command.toArray(String[]::new)));
  }

  @Test
  void readsOfAMissingStore_exit4_andCreateNothing_evenWithAKeyFileElsewhere() {
    Path typo = home.resolve("secrte");
    Path keys = home.resolve("keys");
    List<List<String>> reads = List.of(List.of("get"), List.of("get", "-n", "pg-r"),
        List.of("resolve", "pg-r#password"), List.of("history", "-n", "pg-r"), List.of("delete", "-n", "pg-r"),
        List.of("env", "pg-r"), List.of("dependents", "list", "-n", "pg-r"));
    for (String store : List.of("file:" + typo, "file:" + typo + "?keyFile=" + keys.resolve("k"))) {
      for (List<String> read : reads) {
        List<String> args = new ArrayList<>(read);
        args.addAll(List.of("--store", store));
        CliRun run = secretctl(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.err()).isEqualTo(Failures.NOT_FOUND);
        assertThat(run.out()).as(String.join(" ", args)).isEmpty();
        assertThat(run.err()).contains("store not found: file:" + typo)
            .contains("there is no store at " + typo + " yet; the first write creates it")
            .contains("hint: check --store and $SECRETKIT_STORE");
      }
    }
    assertThat(typo).doesNotExist();
    assertThat(keys).doesNotExist();
    assertThat(home.resolve(".secretkit")).doesNotExist();
  }

  @Test
  void theFirstApply_createsTheStore_andSaysWhereItsKeyIs_once() {
    CliRun first = secretctl("apply", "-f", home.resolve("pg.yaml").toString());

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).isEqualTo("created public:pg-r (secret v1, version 1)\n");
    Path keyFile = DefaultStoreKey.of(home);
    assertThat(first.err()).isEqualTo("apply: this apply created the store (there is no store at "
        + home.resolve(".secretkit") + " yet; the first write creates it, with a new master key in "
        + keyFile + "); back up its master key: without it no secret in the store can be read\n");
    assertThat(keyFile).isRegularFile();
    assertThat(home.resolve(".secretkit/master.key")).as("the key is kept outside the store").doesNotExist();
    CliRun second = secretctl("apply", "-f", home.resolve("pg.yaml").toString());
    assertThat(second.err()).isEmpty();
    assertThat(second.out()).isEqualTo("unchanged public:pg-r (secret v1, version 1)\n");
  }

  @Test
  void storeRotateKey_resealsTheStoreUnderANewKeyInTheSameFile_andEverythingStillReads() throws IOException {
    assertThat(secretctl("apply", "-f", home.resolve("pg.yaml").toString()).exitCode()).isZero();
    Path keyFile = DefaultStoreKey.of(home);
    String before = Files.readString(keyFile);

    CliRun rotate = secretctl("store", "rotate-key");

    assertThat(rotate.exitCode()).as(rotate.err()).isZero();
    assertThat(rotate.out()).startsWith("rotated the master key of store file:" + home.resolve(".secretkit")
        + " to key id ").contains("re-sealed 1 records and 0 older versions")
        .contains("the new key is first in master key file " + keyFile + ", and the old keys stay after it");
    assertThat(Files.readAllLines(keyFile)).hasSize(2).endsWith(before.strip()).first()
        .isNotEqualTo(before.strip());
    assertThat(resolve("pg-r#password").out()).isEqualTo(password);
    assertThat(rotate.out()).doesNotContain(before.strip());
  }

  @Test
  void storeRotateKey_ofANonFileStoreOrAnUnknownAction_isAUsageError() {
    CliRun memory = secretctl("store", "rotate-key", "--store", "memory:");
    CliRun unknown = secretctl("store", "rotate");
    CliRun missing = secretctl("store", "rotate-key", "--store", "file:" + home.resolve("nothing"));

    assertThat(memory.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(memory.err()).contains("rotate-key rotates the master key of a file store");
    assertThat(unknown.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(unknown.err()).contains("unknown ACTION 'rotate'; store takes rotate-key");
    assertThat(missing.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(missing.err()).contains("there is no store at " + home.resolve("nothing"));
    assertThat(home.resolve("nothing")).doesNotExist();
  }

  @Test
  void aStoreWhoseKeyIsMissing_isRefused_andLeftExactlyAsItWas() throws IOException {
    assertThat(secretctl("apply", "-f", home.resolve("pg.yaml").toString()).exitCode()).isZero();
    Path store = home.resolve(".secretkit");
    Path keyFile = DefaultStoreKey.of(home);
    Files.delete(keyFile);
    List<String> before = tree(store);

    for (String[] args : List.of(new String[] {"get"}, new String[] {"get", "-n", "pg-r"},
        new String[] {"apply", "-f", home.resolve("pg.yaml").toString()}, new String[] {"delete", "-n", "pg-r"})) {
      CliRun run = secretctl(args);
      assertThat(run.exitCode()).as("%s: %s", String.join(" ", args), run.err()).isEqualTo(Failures.USAGE);
      assertThat(run.err()).contains("its master key file " + keyFile + " is missing")
          .contains("restore the key file from your backup");
    }
    assertThat(tree(store)).isEqualTo(before);
  }

  @Test
  void aReadOnlyStore_isReadable_andAWriteSaysWhichPathRefusedIt() throws IOException {
    assertThat(secretctl("apply", "-f", home.resolve("pg.yaml").toString()).exitCode()).isZero();
    Path store = home.resolve(".secretkit");
    Files.delete(store.resolve("store.lock"));

    ReadOnlyTree readOnly = ReadOnlyTree.of(store);
    try {
      assertThat(secretctl("get").out()).contains(" pg-r ");
      CliRun read = resolve("pg-r#password");
      assertThat(read.exitCode()).as(read.err()).isZero();
      assertThat(read.out()).isEqualTo(password);
      CliRun write = secretctl("delete", "-n", "pg-r");
      assertThat(write.exitCode()).as(write.err()).isEqualTo(Failures.ACCESS_DENIED);
      assertThat(write.err()).contains("was refused by the file system").contains(store.toString())
          .doesNotContain("retry");
    } finally {
      readOnly.close();
    }
  }

  @Test
  void aCorruptedSecret_exits8_withAHintThatWorks_deleteForce() throws IOException {
    assertThat(secretctl("apply", "-f", home.resolve("pg.yaml").toString()).exitCode()).isZero();
    Path record = home.resolve(".secretkit/secrets/public/pg-r.sk");
    byte[] bytes = Files.readAllBytes(record);
    bytes[bytes.length / 2] ^= 1;
    Files.write(record, bytes);

    CliRun get = secretctl("get", "-n", "pg-r");
    assertThat(get.exitCode()).isEqualTo(Failures.DATA_ERROR);
    assertThat(get.err()).contains("pg-r.sk").contains("corrupted").doesNotContain("\tat ")
        .contains("hint: the record will read the same every time: restore it from a backup, or remove it with"
            + " secretctl delete -n pg-r -w public --force");
    assertThat(secretctl("get", "-n", "pg-r", "--debug").err()).contains("\tat dev.secretkit.");
    CliRun notForced = secretctl("delete", "-n", "pg-r", "-w", "public");
    assertThat(notForced.exitCode()).isEqualTo(Failures.DATA_ERROR);
    assertThat(record).exists();

    CliRun delete = secretctl("delete", "-n", "pg-r", "-w", "public", "--force");
    assertThat(delete.exitCode()).as(delete.err()).isZero();
    assertThat(delete.out()).isEqualTo("deleted public:pg-r\n");
    assertThat(record).doesNotExist();
    CliRun listing = secretctl("get", "-o", "json");
    assertThat(listing.exitCode()).as(listing.err()).isZero();
    assertThat(listing.out().strip()).isEqualTo("[ ]");
  }

  @Test
  void aRecordThatCannotBeRead_isExit7_anIOErrorBeingTransient() throws IOException {
    Path other = home.resolve(".secretkit/secrets/public/other.sk");
    assertThat(secretctl("apply", "-f", home.resolve("pg.yaml").toString()).exitCode()).isZero();
    Files.createDirectories(other);

    CliRun unavailable = secretctl("get", "-n", "other");

    assertThat(unavailable.exitCode()).isEqualTo(Failures.STORE_UNAVAILABLE);
    assertThat(unavailable.err()).contains("other.sk").contains("hint: check that the store is reachable");
  }

  @Test
  void theListingAndHistoryTables_nameEveryColumn_andResolveReadsAnOldVersion() throws IOException {
    assertThat(secretctl("apply", "-f", home.resolve("pg.yaml").toString()).exitCode()).isZero();
    PgManifest.write(home, password + "-2");
    assertThat(secretctl("apply", "-f", home.resolve("pg.yaml").toString()).out())
        .isEqualTo("updated public:pg-r (secret v1, version 2)\n");

    CliRun table = secretctl("get");
    assertThat(table.exitCode()).isZero();
    assertThat(table.out().lines().toList()).hasSize(3);
    assertThat(table.out()).contains("NAME", "VERSION", "TYPE", "WORKSPACE", "STATUS", "OWNER", "KEYS", "UPDATED")
        .contains(" pg-r ").contains(" v1 ").contains(" secret ").contains(" public ").contains(" active ")
        .contains(" tester ").contains("username,password");
    CliRun history = secretctl("history", "-n", "pg-r");
    assertThat(history.exitCode()).as(history.err()).isZero();
    assertThat(history.out()).contains("VERSION", "CREATED", "BY", "tester");
    assertThat(history.out().lines().toList()).hasSize(4);
    assertThat(resolve("pg-r#password@1").out()).isEqualTo(password);
    assertThat(resolve("pg-r#password").out()).isEqualTo(password + "-2");
  }

  private static List<String> tree(Path root) throws IOException {
    try (Stream<Path> entries = Files.walk(root)) {
      return entries.sorted().map(entry -> {
        try {
          return root.relativize(entry) + " " + (Files.isRegularFile(entry)
              ? HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(entry))) : "")
              + " " + Files.getLastModifiedTime(entry);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
      }).toList();
    }
  }
}
