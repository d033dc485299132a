package dev.secretkit.store.file;

import static dev.secretkit.store.file.TestStores.T0;
import static dev.secretkit.store.file.TestStores.metadata;
import static dev.secretkit.store.file.TestStores.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.ConfigurationException;
import dev.secretkit.ConflictException;
import dev.secretkit.SecretDataException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretValue;
import dev.secretkit.access.Principal;
import dev.secretkit.access.Role;
import dev.secretkit.client.SecretClient;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged, truncated, swapped or foreign record is a clear error, never garbage, and never shows a value. */
class RecordCipherTest {
  private static final SecretId ID = SecretId.of("public", "pg");
  private static final SecretId OTHER = SecretId.of("public", "other");
  private static final String CANARY = "canary-" + UUID.randomUUID();

  @TempDir
  Path directory;

  private final String key = TestStores.newKey();
  private SecretStore store;
  private Path file;

  @BeforeEach
  void open() {
    store = TestStores.open(directory, key);
    file = directory.resolve("secrets/public/pg.sk");
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void record_hasTheDocumentedLayout() throws IOException {
    store.create(ID, metadata("alice", T0), values("password", CANARY));
    byte[] first = Files.readAllBytes(file);
    StoredSecret current = store.read(ID).orElseThrow();
    store.updateMetadata(ID, current.revision(), metadata("alice", T0));
    byte[] second = Files.readAllBytes(file);

    assertThat(Arrays.copyOf(first, 5)).isEqualTo(new byte[] {'S', 'K', 'S', 'F', 2});
    assertThat(Arrays.copyOfRange(first, 5, 13)).isEqualTo(Arrays.copyOfRange(second, 5, 13));
    assertThat(Arrays.copyOfRange(first, 13, 25)).isNotEqualTo(Arrays.copyOfRange(second, 13, 25));
  }

  @Test
  void flippedByte_anywhereInARecord_isTheCorruptionError() throws IOException {
    store.create(ID, metadata("alice", T0), values("password", CANARY));
    byte[] good = Files.readAllBytes(file);
    int[] regions = {0, 4, 5, 12, 13, 24, 25, good.length / 2, good.length - 17, good.length - 16, good.length - 1};
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < good.length; i++) {
      positions.add(i);
    }
    assertThat(positions).contains(Arrays.stream(regions).boxed().toArray(Integer[]::new));

    for (int position : positions) {
      byte[] bad = good.clone();
      bad[position] ^= 0x01;
      Files.write(file, bad);
      Throwable thrown = catchThrowable(() -> store.read(ID));
      assertThat(thrown).as("flipped byte %d of %d", position, good.length)
          .isInstanceOfSatisfying(SecretDataException.class, e -> {
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.getMessage()).contains("is corrupted", file.toString(), "file:" + directory,
                "restore it from a backup, or remove it with a forced delete");
          });
      assertNoCanary(thrown);
    }
    Files.write(file, good);
    assertThat(store.read(ID).orElseThrow().values().get("password").asString()).isEqualTo(CANARY);
  }

  @Test
  void truncatedRecord_isTheCorruptionError() throws IOException {
    store.create(ID, metadata("alice", T0), values("password", CANARY));
    byte[] good = Files.readAllBytes(file);

    for (int length : new int[] {0, 3, 4, 5, 13, 25, 40, 41, good.length / 2, good.length - 1}) {
      Files.write(file, Arrays.copyOf(good, length));
      Throwable thrown = catchThrowable(() -> store.read(ID));
      assertThat(thrown).as("truncated to %d bytes", length).isInstanceOf(SecretDataException.class)
          .hasMessageContaining("is corrupted");
      assertNoCanary(thrown);
    }
  }

  @Test
  void recordCopiedOverAnothers_isDetected() throws IOException {
    store.create(ID, metadata("alice", T0), values("password", CANARY));
    store.create(OTHER, metadata("alice", T0), values("password", "other"));

    Files.copy(file, directory.resolve("secrets/public/other.sk"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    Throwable thrown = catchThrowable(() -> store.read(OTHER));
    assertThat(thrown).isInstanceOf(SecretDataException.class).hasMessageContaining("is corrupted")
        .hasMessageContaining("copied from another secret's file").hasMessageContaining("other.sk");
    assertNoCanary(thrown);
  }

  @Test
  void corruptedRecord_isNeitherOverwrittenNorLost_byAWrite() throws IOException {
    StoredSecret created = store.create(ID, metadata("alice", T0), values("password", CANARY));
    byte[] bad = Files.readAllBytes(file);
    bad[bad.length - 1] ^= 0x40;
    Files.write(file, bad);

    assertThatThrownBy(() -> store.update(ID, created.revision(), metadata("a", T0), values("password", "x")))
        .isInstanceOf(SecretDataException.class);
    assertThatThrownBy(() -> store.create(ID, metadata("a", T0), values("password", "x")))
        .isInstanceOf(SecretDataException.class);
    assertThat(Files.readAllBytes(file)).isEqualTo(bad);
  }

  @Test
  void corruptedRecord_isRemovedByAForcedDeleteOnly() throws IOException {
    StoredSecret created = store.create(ID, metadata("alice", T0), values("password", CANARY));
    byte[] bad = Files.readAllBytes(file);
    bad[bad.length - 1] ^= 0x40;
    Files.write(file, bad);

    assertThatThrownBy(() -> store.delete(ID, created.revision())).isInstanceOf(SecretDataException.class);
    assertThat(Files.readAllBytes(file)).isEqualTo(bad);

    store.delete(ID, null);

    assertThat(file).doesNotExist();
    assertThat(store.read(ID)).isEmpty();
    assertThatThrownBy(() -> store.delete(ID, null)).isInstanceOf(ConflictException.class);
  }

  @Test
  void corruptedRecord_throughTheClient_isADataErrorThatOnlyAnAdministratorsForcedDeleteRemoves()
      throws IOException {
    store.create(ID, metadata("alice", T0), values("password", CANARY));
    byte[] bad = Files.readAllBytes(file);
    bad[bad.length - 1] ^= 0x40;
    Files.write(file, bad);
    SecretClient alice = SecretClient.builder().store(store).principal(Principal.of("alice", Role.DATA_DEVELOPER))
        .build();
    SecretClient admin = SecretClient.builder().store(store).principal(Principal.of("root", Role.TENANT_ADMIN))
        .build();

    assertThatThrownBy(() -> alice.resolve("public:pg#password")).isInstanceOf(SecretDataException.class)
        .hasMessageNotContaining(CANARY);
    assertThatThrownBy(() -> alice.delete(ID, false)).isInstanceOf(SecretDataException.class);
    assertThatThrownBy(() -> alice.delete(ID, true)).as("the record names no owner to let alice delete it")
        .isInstanceOf(AccessDeniedException.class);
    assertThat(Files.readAllBytes(file)).isEqualTo(bad);

    admin.delete(ID, true);

    assertThat(file).doesNotExist();
    assertThat(store.read(ID)).isEmpty();
  }

  @Test
  void canary_neverAppearsInMessagesToStringsOrFilesOnDisk() throws IOException {
    String encoded = Base64.getEncoder().encodeToString(CANARY.getBytes(StandardCharsets.UTF_8));
    StoredSecret created = store.create(ID, metadata("alice", T0), values("password", CANARY, "other", CANARY));
    StoredSecret updated = store.update(ID, created.revision(), metadata("bob", T0), values("password", CANARY + "2"));
    List<Object> shown = new ArrayList<>(List.of(store, created, updated, store.read(ID).orElseThrow(),
        store.read(ID, 1).orElseThrow(), store.list("public", null, 10), store.versions(ID)));
    shown.addAll(created.values().values());
    shown.add(catchThrowable(() -> store.update(ID, created.revision(), metadata("x", T0),
        values("password", CANARY))));
    shown.add(catchThrowable(() -> store.create(ID, metadata("x", T0), values("password", CANARY))));
    shown.add(catchThrowable(() -> new FileSecretStoreProvider().open(TestStores.config(
        "file:" + directory + "?maxValueBytes=4", Map.of(KeySource.VARIABLE, CANARY)))));
    try (SecretStore small = new FileSecretStoreProvider().open(TestStores.config(
        "file:" + directory + "?maxValueBytes=4", Map.of(KeySource.VARIABLE, key)))) {
      shown.add(catchThrowable(() -> small.create(OTHER, metadata("x", T0), values("password", CANARY))));
    }
    shown.add(catchThrowable(() -> TestStores.open(directory, TestStores.newKey())));
    byte[] good = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(good, good.length - 3));
    shown.add(catchThrowable(() -> store.read(ID)));
    Files.write(file, good);

    for (Object item : shown) {
      assertThat(item).isNotNull();
      String text = item instanceof Throwable thrown ? stackTrace(thrown) : item.toString();
      assertThat(text).doesNotContain(CANARY).doesNotContain(encoded);
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path path : files.filter(Files::isRegularFile).toList()) {
        byte[] raw = Files.readAllBytes(path);
        String latin1 = new String(raw, StandardCharsets.ISO_8859_1);
        assertThat(latin1).as(path.toString()).doesNotContain(CANARY).doesNotContain(encoded)
            .doesNotContain(encoded.substring(0, 12));
      }
    }
  }

  @Test
  void value_largerThanAPage_roundTrips() {
    byte[] big = new byte[1 << 20];
    new java.util.Random(7).nextBytes(big);
    store.create(ID, metadata("alice", T0), Map.of("blob", SecretValue.ofBytes(big)));
    assertThat(store.read(ID).orElseThrow().values().get("blob").bytes()).isEqualTo(big);
  }

  @Test
  void wrongKey_isAConfigurationErrorAtOpen() {
    store.create(ID, metadata("alice", T0), values("password", CANARY));

    Throwable thrown = catchThrowable(() -> TestStores.open(directory, TestStores.newKey()));

    assertThat(thrown).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("was created with another master key");
    assertNoCanary(thrown);
  }

  private static void assertNoCanary(Throwable thrown) {
    assertThat(stackTrace(thrown)).doesNotContain(CANARY);
  }

  private static String stackTrace(Throwable thrown) {
    StringWriter text = new StringWriter();
    thrown.printStackTrace(new PrintWriter(text));
    return text.toString();
  }
}
