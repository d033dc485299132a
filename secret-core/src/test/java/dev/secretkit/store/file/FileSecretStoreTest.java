package dev.secretkit.store.file;

import static dev.secretkit.store.file.TestStores.T0;
import static dev.secretkit.store.file.TestStores.metadata;
import static dev.secretkit.store.file.TestStores.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.ConflictException;
import dev.secretkit.InvalidManifestException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretSummary;
import dev.secretkit.SecretValue;
import dev.secretkit.SecretVersion;
import dev.secretkit.access.Grant;
import dev.secretkit.access.Permission;
import dev.secretkit.spi.Page;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.Capability;
import dev.secretkit.spi.SecretHead;
import dev.secretkit.spi.StoreCapabilities;
import dev.secretkit.spi.StoredSecret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SecretStore contract as the file store keeps it: values, versions, revisions, limits, listing, persistence. */
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
  void read_returnsTextBinaryUnicodeAndEmptyValuesByteForByte() {
    byte[] binary = new byte[256];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) i;
    }
    Map<String, SecretValue> values = new java.util.LinkedHashMap<>();
    values.put("text", SecretValue.ofString("p@ss word\n"));
    values.put("binary", SecretValue.ofBytes(binary));
    values.put("unicode", SecretValue.ofString("пароль-密码-🔑"));
    values.put("empty", SecretValue.ofBytes(new byte[0]));

    store.create(ID, metadata("alice", T0), values);
    StoredSecret read = store.read(ID).orElseThrow();

    assertThat(read.values().keySet()).containsExactly("text", "binary", "unicode", "empty");
    assertThat(read.values().get("text").asString()).isEqualTo("p@ss word\n");
    assertThat(read.values().get("binary").bytes()).isEqualTo(binary);
    assertThat(read.values().get("unicode").asString()).isEqualTo("пароль-密码-🔑");
    assertThat(read.values().get("empty").bytes()).isEmpty();
    assertThat(read.metadata()).isEqualTo(metadata("alice", T0));
  }

  @Test
  void read_returnsFreshValuesEveryTime() {
    Map<String, SecretValue> given = values("password", "one");
    StoredSecret created = store.create(ID, metadata("alice", T0), given);
    given.get("password").destroy();
    created.values().get("password").destroy();

    StoredSecret first = store.read(ID).orElseThrow();
    first.values().get("password").destroy();

    assertThat(store.read(ID).orElseThrow().values().get("password").asString()).isEqualTo("one");
  }

  @Test
  void metadata_keepsEveryField() {
    SecretMetadata full = new SecretMetadata("instance-secret", "v2alpha", "postgres", null, "bob", List.of("a", "b"),
        null, "user", List.of(new Grant("carol", Permission.CAN_USE), new Grant("bob", Permission.CAN_EDIT)),
        List.of("depot:v2alpha:sales", "cluster:v1:x"), T0, "bob", T0.plusSeconds(5), "carol");

    store.create(ID, full, values("k", "v"));

    assertThat(store.read(ID).orElseThrow().metadata()).isEqualTo(full);
  }

  @Test
  void update_addsVersionsReadableByNumber() {
    StoredSecret v1 = store.create(ID, metadata("alice", T0), values("password", "one"));
    StoredSecret v2 = store.update(ID, v1.revision(), metadata("bob", T0.plusSeconds(1)), values("password", "two"));
    store.update(ID, v2.revision(), metadata("carol", T0.plusSeconds(2)), values("password", "three", "user", "u"));

    assertThat(store.versions(ID)).containsExactly(new SecretVersion(1, T0, "alice"),
        new SecretVersion(2, T0.plusSeconds(1), "bob"), new SecretVersion(3, T0.plusSeconds(2), "carol"));
    assertThat(store.read(ID).orElseThrow().version().number()).isEqualTo(3);
    assertThat(store.read(ID, 1).orElseThrow().values().get("password").asString()).isEqualTo("one");
    assertThat(store.read(ID, 2).orElseThrow().values().get("password").asString()).isEqualTo("two");
    StoredSecret third = store.read(ID, 3).orElseThrow();
    assertThat(third.values().keySet()).containsExactly("password", "user");
    assertThat(third.metadata().updatedBy()).isEqualTo("carol");
    assertThat(store.read(ID, 2).orElseThrow().metadata().updatedBy()).isEqualTo("carol");
    assertThat(store.read(ID, 0)).isEmpty();
    assertThat(store.read(ID, 4)).isEmpty();
    assertThat(store.read(SecretId.of("public", "missing"), 1)).isEmpty();
    assertThat(store.versions(SecretId.of("public", "missing"))).isEmpty();
  }

  @Test
  void updateMetadata_keepsTheVersionAndChangesTheRevision() {
    StoredSecret v1 = store.create(ID, metadata("alice", T0), values("password", "one"));
    SecretMetadata changed = metadata("bob", T0.plusSeconds(9)).withDependents(List.of("depot:v1:x"));

    SecretHead written = store.updateMetadata(ID, v1.revision(), changed);

    assertThat(written.latest()).isEqualTo(v1.version());
    assertThat(written.revision()).isNotEqualTo(v1.revision());
    assertThat(written.keys()).containsExactly("password");
    StoredSecret read = store.read(ID).orElseThrow();
    assertThat(read.values().get("password").asString()).isEqualTo("one");
    assertThat(read.metadata()).isEqualTo(changed);
    assertThat(read.version()).isEqualTo(new SecretVersion(1, T0, "alice"));
    assertThat(store.versions(ID)).hasSize(1);
  }

  @Test
  void write_changesTheRevisionEveryTimeAndDetectsConflicts() {
    StoredSecret v1 = store.create(ID, metadata("alice", T0), values("password", "one"));
    StoredSecret v2 = store.update(ID, v1.revision(), metadata("alice", T0), values("password", "two"));
    SecretHead v2b = store.updateMetadata(ID, v2.revision(), metadata("bob", T0));

    assertThat(Set.of(v1.revision(), v2.revision(), v2b.revision())).hasSize(3);
    assertThat(v1.revision()).matches("[0-9a-f]{32}");
    assertThatThrownBy(() -> store.update(ID, v1.revision(), metadata("x", T0), values("password", "lost")))
        .isInstanceOfSatisfying(ConflictException.class,
            e -> assertThat(e.reason()).isEqualTo(ConflictException.Reason.CHANGED));
    assertThatThrownBy(() -> store.updateMetadata(ID, v2.revision(), metadata("x", T0)))
        .isInstanceOfSatisfying(ConflictException.class,
            e -> assertThat(e.reason()).isEqualTo(ConflictException.Reason.CHANGED));
    assertThatThrownBy(() -> store.delete(ID, v1.revision())).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> store.create(ID, metadata("x", T0), values("password", "lost")))
        .isInstanceOfSatisfying(ConflictException.class,
            e -> assertThat(e.reason()).isEqualTo(ConflictException.Reason.EXISTS));
    assertThatThrownBy(() -> store.update(SecretId.of("public", "gone"), v1.revision(), metadata("x", T0),
        values("k", "v"))).isInstanceOf(ConflictException.class);
    StoredSecret read = store.read(ID).orElseThrow();
    assertThat(read.revision()).isEqualTo(v2b.revision());
    assertThat(read.values().get("password").asString()).isEqualTo("two");
  }

  @Test
  void revision_isNeverReusedAfterDeleteAndRecreate() {
    Set<String> revisions = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      StoredSecret created = store.create(ID, metadata("alice", T0), values("password", "same"));
      assertThat(revisions.add(created.revision())).isTrue();
      store.delete(ID, created.revision());
    }
  }

  @Test
  void write_breakingLimits_isRefusedBeforeWriting() throws IOException {
    try (SecretStore small = new FileSecretStoreProvider().open(TestStores.config(
        "file:" + directory + "?maxValueBytes=4&maxKeys=2&maxSecretBytes=12",
        Map.of(MasterKey.VARIABLE, key)))) {
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
  void list_pagesThroughAScopeInNameOrder() {
    List<String> names = List.of("m", "c", "a", "z", "b.x", "b-y", "q");
    for (String name : names) {
      store.create(SecretId.of("public", name), metadata("alice", T0), values("key-" + name, "v"));
    }
    store.create(SecretId.of("other", "a"), metadata("alice", T0), values("k", "v"));

    List<String> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String token = null;
    do {
      Page<SecretSummary> page = store.list("public", token, 3);
      sizes.add(page.items().size());
      page.items().forEach(item -> {
        seen.add(item.id().name());
        assertThat(item.keys()).containsExactly("key-" + item.id().name());
        assertThat(item.latest().number()).isEqualTo(1);
      });
      token = page.nextPageToken();
    } while (token != null);

    assertThat(seen).containsExactly("a", "b-y", "b.x", "c", "m", "q", "z");
    assertThat(sizes).containsExactly(3, 3, 1);
    assertThat(store.list("empty", null, 10).items()).isEmpty();
    assertThat(store.list("other", null, 10).items()).extracting(s -> s.id().name()).containsExactly("a");
    assertThatThrownBy(() -> store.list("public", "NOT A TOKEN", 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.list("public", null, 0)).isInstanceOf(IllegalArgumentException.class);
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
  void delete_removesEveryVersionAndTheFile() throws IOException {
    StoredSecret v1 = store.create(ID, metadata("alice", T0), values("password", "one"));
    StoredSecret v2 = store.update(ID, v1.revision(), metadata("alice", T0), values("password", "two"));
    assertThat(recordFiles()).hasSize(1);

    store.delete(ID, v2.revision());

    assertThat(store.read(ID)).isEmpty();
    assertThat(store.read(ID, 1)).isEmpty();
    assertThat(store.versions(ID)).isEmpty();
    assertThat(store.list("public", null, 10).items()).isEmpty();
    assertThat(recordFiles()).isEmpty();
    StoredSecret again = store.create(ID, metadata("alice", T0), values("password", "new"));
    assertThat(again.version().number()).isEqualTo(1);
  }

  @Test
  void close_isIdempotentThenEveryCallThrows() {
    StoredSecret created = store.create(ID, metadata("alice", T0), values("password", "one"));
    store.close();
    store.close();

    assertThatThrownBy(() -> store.read(ID)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> store.read(ID, 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.versions(ID)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.list("public", null, 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.create(SecretId.of("public", "x"), metadata("a", T0), values("k", "v")))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.update(ID, created.revision(), metadata("a", T0), values("k", "v")))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.updateMetadata(ID, created.revision(), metadata("a", T0)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.delete(ID, created.revision())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void reopen_seesTheSameData() {
    StoredSecret v1 = store.create(ID, metadata("alice", T0), values("password", "one"));
    StoredSecret v2 = store.update(ID, v1.revision(), metadata("bob", T0.plusSeconds(1)), values("password", "two"));
    store.close();

    try (SecretStore reopened = TestStores.open(directory, key)) {
      StoredSecret read = reopened.read(ID).orElseThrow();
      assertThat(read.revision()).isEqualTo(v2.revision());
      assertThat(read.values().get("password").asString()).isEqualTo("two");
      assertThat(reopened.read(ID, 1).orElseThrow().values().get("password").asString()).isEqualTo("one");
      assertThat(reopened.versions(ID)).hasSize(2);
      reopened.update(ID, v2.revision(), metadata("carol", T0), values("password", "three"));
    }
  }

  @Test
  void capabilities_arePersistentWithAuthorsAndEveryVersion() {
    assertThat(store.capabilities()).isEqualTo(StoreCapabilities.of(0, Capability.PERSISTENT,
        Capability.VERSION_AUTHORS, Capability.ATOMIC_METADATA, Capability.CONDITIONAL_DELETE));
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
