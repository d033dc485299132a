package dev.secretkit.store.file;

import static dev.secretkit.store.file.TestStores.T0;
import static dev.secretkit.store.file.TestStores.metadata;
import static dev.secretkit.store.file.TestStores.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.ConflictException;
import dev.secretkit.SecretId;
import dev.secretkit.manifest.InvalidManifestException;
import dev.secretkit.spi.Capability;
import dev.secretkit.spi.Page;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreCapabilities;
import dev.secretkit.spi.StoredSecret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the file store has to keep: limits from its URI, records as files on disk, listing by
 * file name, two stores on one directory. The store contract itself (values, versions, revisions,
 * limits, listing, persistence) is proven by secret-testkit's {@code FileStoreContractTest}.
 */
class FileSecretStoreTest {
  private static final SecretId ID = SecretId.of("public", "pg");

  @TempDir
  Path directory;

  private final String key = TestStores.newKey();
  private SecretStore store;

  @BeforeEach
  void open() {
    store = TestStores.open(directory, key);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void write_breakingLimits_isRefusedBeforeWriting() throws IOException {
    try (SecretStore small = new FileSecretStoreProvider().open(TestStores.config(
        "file:" + directory + "?maxValueBytes=4&maxKeys=2&maxSecretBytes=12",
        Map.of(KeySource.VARIABLE, key)))) {
      assertThat(small.limits().maxValueBytes()).isEqualTo(4);
      assertThatThrownBy(() -> small.create(ID, metadata("a", T0), values("k", "12345")))
          .isInstanceOf(InvalidManifestException.class).hasMessageContaining("key k is 5 bytes")
          .hasMessageContaining("secret.data.k");
      assertThatThrownBy(() -> small.create(ID, metadata("a", T0), values("a", "1", "b", "2", "c", "3")))
          .isInstanceOf(InvalidManifestException.class).hasMessageContaining("3 keys");
      assertThat(small.read(ID)).isEmpty();
      StoredSecret created = small.create(ID, metadata("a", T0), values("k", "1234"));
      assertThatThrownBy(() -> small.update(ID, created.revision(), metadata("a", T0), values("key1", "1234",
          "key2", "1234"))).isInstanceOf(InvalidManifestException.class).hasMessageContaining("16 bytes");
      assertThat(small.versions(ID)).hasSize(1);
    }
    assertThat(recordFiles()).hasSize(1);
  }

  @Test
  void listIds_readsFileNamesOnly_inIdOrder_andSkipsWhatNoSecretCouldBe() throws IOException {
    store.create(SecretId.of("public", "b"), metadata("alice", T0), values("k", "v"));
    store.create(SecretId.of("public", "a"), metadata("alice", T0), values("k", "v"));
    store.create(SecretId.of("public-x", "a"), metadata("alice", T0), values("k", "v"));
    store.create(SecretId.of("instance", "git-r"), metadata("alice", T0), values("k", "v"));
    Path secrets = directory.resolve("secrets");
    Files.writeString(secrets.resolve("public/.c.sk.tmp"), "a crashed writer's temp file");
    Files.writeString(secrets.resolve("public/Not_A_Name.sk"), "");
    Files.writeString(secrets.resolve("public/notes.txt"), "");
    Files.createDirectories(secrets.resolve("Not A Scope"));
    Files.writeString(secrets.resolve("public/corrupt.sk"), "not a sealed record");

    List<SecretId> seen = new ArrayList<>();
    String token = null;
    do {
      Page<SecretId> page = store.listIds(token, 2);
      assertThat(page.items().size()).isLessThanOrEqualTo(2);
      seen.addAll(page.items());
      token = page.nextPageToken();
    } while (token != null);

    assertThat(seen).as("a record that cannot be read still takes its name").containsExactly(
        SecretId.of("instance", "git-r"), SecretId.of("public", "a"), SecretId.of("public", "b"),
        SecretId.of("public", "corrupt"), SecretId.of("public-x", "a"));
    assertThatThrownBy(() -> store.listIds("public", 2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void listIds_ofAStoreWithoutSecrets_createsNothing(@TempDir Path empty) throws IOException {
    try (SecretStore fresh = TestStores.open(empty, key)) {
      Path secrets = empty.resolve("secrets");
      if (Files.isDirectory(secrets)) {
        Files.delete(secrets);
      }
      List<Path> before;
      try (Stream<Path> files = Files.walk(empty)) {
        before = files.toList();
      }

      assertThat(fresh.listIds(null, 10).items()).isEmpty();
      assertThat(fresh.listIds(null, 10).next()).isEmpty();
      try (Stream<Path> files = Files.walk(empty)) {
        assertThat(files.toList()).isEqualTo(before);
      }
    }
  }

  @Test
  void delete_removesTheRecordFileAndItsVersions() throws IOException {
    StoredSecret v1 = store.create(ID, metadata("alice", T0), values("password", "one"));
    StoredSecret v2 = store.update(ID, v1.revision(), metadata("alice", T0), values("password", "two"));
    assertThat(recordFiles()).as("the record holds the latest version, and version 1 has a file of its own")
        .containsExactlyInAnyOrder(directory.resolve("secrets/public/pg.sk"),
            directory.resolve("secrets/public/pg.versions/0/1.sk"));

    store.delete(ID, v2.revision());

    assertThat(recordFiles()).isEmpty();
    assertThat(directory.resolve("secrets/public/pg.versions")).doesNotExist();
  }

  @Test
  void list_ofAPageSizeBelowOne_isRefused() {
    assertThatThrownBy(() -> store.list("public", null, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void capabilities_arePersistentWithAuthors_andRevisionsAre128BitHex() {
    assertThat(store.create(ID, metadata("alice", T0), values("password", "one")).revision()).matches("[0-9a-f]{32}");
    assertThat(store.capabilities()).isEqualTo(StoreCapabilities.of(FileSecretStoreProvider.DEFAULT_VERSIONS_RETAINED,
        Capability.PERSISTENT, Capability.VERSION_AUTHORS, Capability.ATOMIC_METADATA, Capability.CONDITIONAL_DELETE));
    assertThat(store.description()).isEqualTo("file:" + directory);
    assertThat(store.toString()).contains(directory.toString());
  }

  @Test
  void twoStoresOnOneDirectory_inOneProcess_seeEachOthersWrites() {
    try (SecretStore second = TestStores.open(directory, key)) {
      StoredSecret v1 = store.create(ID, metadata("alice", T0), values("password", "one"));
      StoredSecret v2 = second.update(ID, v1.revision(), metadata("bob", T0), values("password", "two"));
      assertThatThrownBy(() -> store.update(ID, v1.revision(), metadata("x", T0), values("password", "x")))
          .isInstanceOf(ConflictException.class);
      assertThat(store.read(ID).orElseThrow().revision()).isEqualTo(v2.revision());
    }
  }

  private List<Path> recordFiles() throws IOException {
    try (Stream<Path> files = Files.walk(directory.resolve("secrets"))) {
      return files.filter(f -> f.toString().endsWith(".sk")).toList();
    }
  }
}
