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
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged {@code secretctl} on the file store as a newcomer would meet it, for the exit
 * codes and streams of the real process: a read of a missing store exits 4 and creates nothing,
 * the first apply creates the store and says where its key is on stderr, a store without its key
 * is refused untouched, a read-only store reads and refuses a write with 5, and a corrupted secret
 * exits 8 and can be removed with {@code delete --force}.
 *
 * <p>FileStoreCommandsTest runs the same situations in-process for every command they concern: each
 * read of a missing store, the second apply, every command on a store without its key, the listing
 * of a read-only store, and the delete without {@code --force} of a corrupted secret.
 */
@ExtendWith(LeakScanner.class)
class FileStoreProcessIT {

  @TempDir
  Path home;

  private Canaries canaries;
  private String password;
  private PackagedSecretctl process;

  @BeforeEach
  void plant(Canaries planted) throws IOException {
    process = new PackagedSecretctl(home);
    canaries = planted;
    password = planted.plant();
    PgManifest.write(home, password);
  }

  @AfterEach
  void nothingPrintedTheCanary() {
    process.assertNothingLeaked(canaries);
  }

  @Test
  void aReadOfAMissingStore_exits4_andCreatesNothing_evenWithAKeyFileElsewhere() throws Exception {
    Path typo = home.resolve("secrte");
    Path keys = home.resolve("keys");

    ProcessRun run = secretctl("get", "--store", "file:" + typo + "?keyFile=" + keys.resolve("k"));

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(Failures.NOT_FOUND);
    assertThat(run.stderr()).contains("store not found: file:" + typo)
        .contains("there is no store at " + typo + " yet; the first write creates it")
        .contains("hint: check --store and $SECRETKIT_STORE");
    assertThat(run.out()).isEmpty();
    assertThat(typo).doesNotExist();
    assertThat(keys).doesNotExist();
    assertThat(home.resolve(".secretkit")).doesNotExist();
  }

  @Test
  void theFirstApply_createsTheStore_andSaysWhereItsKeyIs_onStderr() throws Exception {
    ProcessRun first = secretctl("apply", "-f", home.resolve("pg.yaml").toString());

    assertThat(first.exitCode()).as(first.stderr()).isZero();
    assertThat(first.out()).isEqualTo("created public:pg-r (secret v1, version 1)\n");
    Path keyFile = DefaultStoreKey.of(home);
    assertThat(first.stderr()).isEqualTo("apply: this apply created the store (there is no store at "
        + home.resolve(".secretkit") + " yet; the first write creates it, with a new master key in "
        + keyFile + "); back up its master key: without it no secret in the store can be read\n");
    assertThat(keyFile).isRegularFile();
    assertThat(home.resolve(".secretkit/master.key")).as("the key is kept outside the store").doesNotExist();
  }

  @Test
  void aStoreWhoseKeyIsMissing_isRefused_andLeftExactlyAsItWas() throws Exception {
    process.applyInProcess(null, home.resolve("pg.yaml"));
    Path store = home.resolve(".secretkit");
    Path keyFile = DefaultStoreKey.of(home);
    Files.delete(keyFile);
    List<String> before = tree(store);

    ProcessRun run = secretctl("apply", "-f", home.resolve("pg.yaml").toString());

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(Failures.USAGE);
    assertThat(run.stderr()).contains("its master key file " + keyFile + " is missing")
        .contains("restore the key file from your backup");
    assertThat(run.out()).isEmpty();
    assertThat(tree(store)).isEqualTo(before);
  }

  @Test
  void aReadOnlyStore_isReadable_andAWriteSaysWhichPathRefusedIt() throws Exception {
    process.applyInProcess(null, home.resolve("pg.yaml"));
    Path store = home.resolve(".secretkit");
    Files.delete(store.resolve("store.lock"));

    ReadOnlyTree readOnly = ReadOnlyTree.of(store);
    try {
      ProcessRun resolve = secretctl("resolve", "pg-r#password");
      assertThat(resolve.exitCode()).as(resolve.stderr()).isZero();
      assertThat(resolve.out()).isEqualTo(password);
      ProcessRun write = secretctl("delete", "-n", "pg-r");
      assertThat(write.exitCode()).as(write.stderr()).isEqualTo(Failures.ACCESS_DENIED);
      assertThat(write.stderr()).contains("was refused by the file system").contains(store.toString())
          .doesNotContain("retry");
    } finally {
      readOnly.close();
    }
  }

  @Test
  void aCorruptedSecret_exits8_withAHintThatWorks_deleteForce() throws Exception {
    process.applyInProcess(null, home.resolve("pg.yaml"));
    Path record = home.resolve(".secretkit/secrets/public/pg-r.sk");
    byte[] bytes = Files.readAllBytes(record);
    bytes[bytes.length - 1] ^= 1;
    Files.write(record, bytes);

    ProcessRun get = secretctl("get", "-n", "pg-r");
    assertThat(get.exitCode()).isEqualTo(Failures.DATA_ERROR);
    assertThat(get.stderr()).contains("hint: the record will read the same every time: restore it from a backup, or"
        + " remove it with secretctl delete -n pg-r -w public --force").doesNotContain("\tat ");
    assertThat(get.out()).isEmpty();

    ProcessRun delete = secretctl("delete", "-n", "pg-r", "-w", "public", "--force");
    assertThat(delete.exitCode()).as(delete.stderr()).isZero();
    assertThat(delete.out()).isEqualTo("deleted public:pg-r\n");
    assertThat(record).doesNotExist();
  }

  @Test
  void aWorkspaceListing_withOneCorruptedSecret_listsTheOthers_namesIt_andExits8() throws Exception {
    process.applyInProcess(null, home.resolve("pg.yaml"));
    Path record = home.resolve(".secretkit/secrets/public/pg-r.sk");
    Files.copy(record, record.resolveSibling("zz-copy.sk"));

    ProcessRun get = secretctl("get");

    assertThat(get.exitCode()).as(get.stderr()).isEqualTo(Failures.DATA_ERROR);
    assertThat(get.out()).contains("pg-r").doesNotContain("zz-copy");
    assertThat(get.stderr()).contains("get: cannot read secret public:zz-copy")
        .contains("hint: the record will read the same every time: restore it from a backup, or remove it with"
            + " secretctl delete -n zz-copy -w public --force").doesNotContain("\tat ");
  }

  @Test
  void storeRotateKey_resealsUnderANewKeyFirstInTheKeyFile_andTheSecretStillResolves() throws Exception {
    process.applyInProcess(null, home.resolve("pg.yaml"));
    Path keyFile = DefaultStoreKey.of(home);
    String before = Files.readString(keyFile).strip();

    ProcessRun rotate = secretctl("store", "rotate-key");

    assertThat(rotate.exitCode()).as(rotate.stderr()).isZero();
    assertThat(rotate.out()).contains("re-sealed 1 records and 0 older versions")
        .contains("the new key is first in master key file " + keyFile);
    assertThat(rotate.stderr()).isEqualTo("secretctl: info: store file:" + home.resolve(".secretkit")
        + ": rotated the master key to key id " + rotate.out().split("key id ")[1].split(" ")[0]
        + "; 1 records and 0 versions re-sealed\n");
    assertThat(Files.readAllLines(keyFile)).hasSize(2).endsWith(before);
    ProcessRun resolve = secretctl("resolve", "pg-r#password");
    assertThat(resolve.exitCode()).as(resolve.stderr()).isZero();
    assertThat(resolve.out()).isEqualTo(password);

    ProcessRun memory = secretctl("store", "rotate-key", "--store", "memory:");
    assertThat(memory.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(memory.stderr()).contains("rotate-key rotates the master key of a file store");
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
        } catch (java.security.NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
      }).toList();
    }
  }

  private ProcessRun secretctl(String... args) throws Exception {
    return process.run(args);
  }
}
