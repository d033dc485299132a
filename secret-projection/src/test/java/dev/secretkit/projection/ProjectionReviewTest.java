package dev.secretkit.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretNotFoundException;
import dev.secretkit.SecretValue;
import dev.secretkit.access.Permission;
import dev.secretkit.access.Principal;
import dev.secretkit.client.CachePolicy;
import dev.secretkit.client.SecretChange;
import dev.secretkit.client.SecretClient;
import dev.secretkit.client.Ticker;
import dev.secretkit.manifest.InvalidManifestException;
import dev.secretkit.manifest.Validation;
import dev.secretkit.manifest.Violation;
import dev.secretkit.spi.ForwardingSecretStore;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review of issue 15: each test names a behaviour the projection module promises (or the spec
 * requires) and that the code did not keep when the test was written.
 */
class ProjectionReviewTest {
  private static final CachePolicy POLICY = CachePolicy.defaults().withJitter(0);
  private static final String SERVICE = "name: app\nversion: v1\ntype: service\n";

  @TempDir
  Path temp;
  private Secrets secrets;
  private final AtomicLong now = new AtomicLong();
  private final Ticker ticker = now::get;

  @BeforeEach
  void open() {
    secrets = new Secrets(temp);
  }

  @AfterEach
  void close() {
    secrets.close();
  }

  private static List<Consumer> consumers(String yaml) {
    return ConsumerReader.consumers(SERVICE + yaml, "consumer.yaml");
  }

  private static List<Violation> findings(String yaml) {
    return ConsumerReader.read(SERVICE + yaml, "consumer.yaml").stream().map(ConsumerDocument::validation)
        .map(Validation::violations).flatMap(List::stream).toList();
  }

  /** Creates {@code public:<name>} through the SPI, as another tool writing the store would. */
  private void createThroughTheSpi(String name, Map<String, SecretValue> values, Map<String, String> fileNames) {
    secrets.put("owner-probe", Map.of("k", "fake"));
    String owner = secrets.client.describe(SecretId.of("public:owner-probe")).metadata().owner();
    Instant at = Instant.parse("2025-01-01T00:00:00Z");
    SecretMetadata metadata = new SecretMetadata("secret", "v1", "key-value-properties", "r", owner, List.of(), null,
        null, List.of(), List.of(), at, owner, at, owner, fileNames);
    secrets.store.create(SecretId.of("public", name), metadata, values);
  }

  /** Waits, at most 10 seconds, for the watch thread to bring {@code projection} to {@code left}. */
  private static String awaitLeft(Projection projection, String left, BlockingQueue<?> events) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!left.equals(projection.current().env().get("left")) && System.nanoTime() < deadline) {
      events.poll(100, TimeUnit.MILLISECONDS);
    }
    return projection.current().env().get("left");
  }

  // ------------------------------------------------------------------------------------ consistency

  /**
   * Two entries naming one secret ({@code pg} and {@code public:pg}) must render from one version.
   * resolveSecrets prefetches the nodes, then looks each reference up again; a cache smaller than
   * the projection evicts in between, the secret is read again, and a writer's update lands
   * between the two reads.
   */
  @Test
  void aSecretUsedByTwoEntries_rendersFromOneVersion_evenWhenTheCacheIsSmallerThanTheProjection() {
    secrets.put("pg", Map.of("password", "v0")).put("kafka", Map.of("token", "fake-token"));
    AtomicInteger writes = new AtomicInteger();
    SecretStore writerAfterEachRead = new ForwardingSecretStore(secrets.store) {
      @Override
      public Optional<StoredSecret> read(SecretId id) {
        Optional<StoredSecret> read = super.read(id);
        bumpIf(id.name().equals("pg"));
        return read;
      }

      @Override
      public Map<SecretId, StoredSecret> readAll(Collection<SecretId> ids) {
        Map<SecretId, StoredSecret> read = super.readAll(ids);
        bumpIf(ids.stream().anyMatch(id -> id.name().equals("pg")));
        return read;
      }

      private void bumpIf(boolean pg) {
        if (pg) {
          secrets.put("pg", Map.of("password", "v" + writes.incrementAndGet()));
        }
      }
    };
    try (SecretClient client = SecretClient.builder().store(writerAfterEachRead).environment(Map.of())
        .cache(POLICY.withMaxEntries(1)).ticker(ticker).build()) {
      RenderedProjection rendered = new ProjectionRenderer(client).render(consumers("""
          service:
            dataosSecrets:
              - {name: pg, key: password}
              - {name: kafka, key: token}
          projection:
            templateType: liquid
            secrets:
              - {id: "public:pg", contextAlias: db}
            projections:
              envVars:
                - key: DB_PASSWORD
                  template: "{{ secrets['db'].password | base64_decode }}"
          """));

      assertThat(rendered.env().get("DB_PASSWORD")).as("the V2 block's pg against the V1 entry's pg")
          .isEqualTo(rendered.env().get("password"));
    }
  }

  /**
   * Projection.start renders, then starts the watches, which take what the store holds then as
   * their baseline: a write in between is never seen, and the projection serves the old values
   * until the next change, however long that is. A writer is simulated by a store that writes a
   * new version right after the render's read.
   */
  @Test
  void aChangeBetweenTheFirstRenderAndTheWatches_isRenderedAfterATtl() throws Exception {
    secrets.put("pair", Map.of("left", "0", "right", "0"));
    AtomicBoolean written = new AtomicBoolean();
    SecretStore writerAfterFirstRead = new ForwardingSecretStore(secrets.store) {
      @Override
      public Optional<StoredSecret> read(SecretId id) {
        Optional<StoredSecret> read = super.read(id);
        if (written.compareAndSet(false, true)) {
          secrets.put("pair", Map.of("left", "1", "right", "1"));
        }
        return read;
      }
    };
    BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    ProjectionListener listener = new ProjectionListener() {
      @Override
      public void rendered(RenderedProjection projection, List<SecretChange> changes) {
        events.add(changes);
      }

      @Override
      public void failed(RuntimeException error) {
        events.add(error);
      }
    };
    try (SecretClient client = SecretClient.builder().store(writerAfterFirstRead).environment(Map.of())
        .ticker(ticker).build();
        Projection projection = Projection.start(client, consumers("""
            service:
              dataosSecrets:
                - {name: pair, keys: [left, right]}
            """), null, listener)) {
      assertThat(written).isTrue();
      now.addAndGet(POLICY.ttl().toNanos());

      assertThat(awaitLeft(projection, "1", events)).as("left after the store changed and a TTL passed")
          .isEqualTo("1");
    }
  }

  /**
   * Two secrets that change together: the first watch re-renders with both new values and tells
   * the listener the first secret changed; the second watch's re-render finds the output
   * unchanged and tells nothing, so the listener never hears that the second secret changed.
   */
  @Test
  void twoSecretsChangingTogether_bothReachTheListener() throws Exception {
    secrets.put("alpha", Map.of("a", "0")).put("beta", Map.of("b", "0"));
    BlockingQueue<List<SecretChange>> renders = new LinkedBlockingQueue<>();
    try (SecretClient client = SecretClient.builder().store(secrets.store).environment(Map.of()).cache(POLICY)
        .ticker(ticker).build();
        Projection projection = Projection.start(client, consumers("""
            service:
              dataosSecrets:
                - {name: alpha, key: a}
                - {name: beta, key: b}
            """), null, (rendered, changes) -> renders.add(changes))) {
      secrets.put("alpha", Map.of("a", "1")).put("beta", Map.of("b", "1"));
      now.addAndGet(POLICY.ttl().toNanos());

      Set<String> told = new TreeSet<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (told.size() < 2 && System.nanoTime() < deadline) {
        List<SecretChange> changes = renders.poll(100, TimeUnit.MILLISECONDS);
        if (changes != null) {
          changes.forEach(change -> told.add(change.id().toString()));
        }
      }

      assertThat(projection.current().env()).containsEntry("a", "1").containsEntry("b", "1");
      assertThat(told).as("the secrets the listener heard changed").containsExactly("public:alpha", "public:beta");
    }
  }

  // ------------------------------------------------------------------------------------ dependents

  /**
   * register is "all or none", but undoing a failure unregisters what this call did not add: a
   * consumer registered yesterday whose manifest now names a missing secret loses its place among
   * the dependents of the secrets it still uses, and those can then be deleted without --force.
   */
  @Test
  void aFailedRegister_keepsTheRegistrationsThatWereThereBefore() {
    secrets.put("pg", Map.of("password", "fake-password"));
    Consumer before = consumers("service:\n  dataosSecrets:\n    - {name: pg, key: password}\n").get(0);
    ConsumerDependents.register(secrets.client, before);
    Consumer edited = consumers("service:\n  dataosSecrets:\n    - {name: pg, key: password}\n"
        + "    - {name: missing, key: token}\n").get(0);

    assertThatThrownBy(() -> ConsumerDependents.register(secrets.client, edited))
        .isInstanceOf(SecretNotFoundException.class);

    assertThat(secrets.client.describe(SecretId.of("public:pg")).metadata().dependents())
        .as("the dependents of pg, on which the consumer was registered before the failed call")
        .contains("service:v1:app");
  }

  /**
   * "All or none" fails for the usual workload principal: registering needs can-use, undoing needs
   * the right to update, so when a later secret is missing the undo is denied (suppressed) and the
   * consumer stays registered on the first secret.
   */
  @Test
  void aFailedRegister_byAPrincipalThatMayOnlyUse_leavesNoRegistration() {
    secrets.put("pg", Map.of("password", "fake-password"));
    secrets.client.grant(SecretId.of("public:pg"), "app", Permission.CAN_USE);
    Consumer consumer = consumers("service:\n  dataosSecrets:\n    - {name: pg, key: password}\n"
        + "    - {name: missing, key: token}\n").get(0);
    try (SecretClient workload = SecretClient.builder().store(secrets.store).environment(Map.of())
        .principal(Principal.of("app")).build()) {
      assertThatThrownBy(() -> ConsumerDependents.register(workload, consumer))
          .isInstanceOf(SecretNotFoundException.class);
    }

    assertThat(secrets.client.describe(SecretId.of("public:pg")).metadata().dependents())
        .as("the dependents of pg after a register that failed").doesNotContain("service:v1:app");
  }

  // ------------------------------------------------------------------------------------ directory

  /**
   * write follows a secret directory that is a symbolic link (a --dir under macOS's /tmp, or a
   * link to a tmpfs), but clear() checks it with NOFOLLOW_LINKS, returns at once, and every
   * projected secret stays on disk.
   */
  @Test
  void clear_leavesNoSecretBehind_whenTheDirectoryIsASymlink() throws Exception {
    Path real = Files.createDirectory(temp.resolve("real"));
    Path link = Files.createSymbolicLink(temp.resolve("link"), real);
    SecretDirectory directory = SecretDirectory.at(link);
    try {
      directory.write(List.of(new ProjectedFile("token", "fake-token".getBytes(StandardCharsets.UTF_8), 0600)));
    } catch (RuntimeException refused) {
      // Refusing a directory that is a link is as good as cleaning it.
      assertThat(real).isEmptyDirectory();
      return;
    }

    directory.clear();

    try (Stream<Path> left = Files.list(real)) {
      assertThat(left.map(path -> path.getFileName().toString())).as("what clear() left").isEmpty();
    }
  }

  /**
   * The README says the directory is 0700, but an existing one keeps its mode: in a directory
   * others may write to, anyone can point {@code ..data} or a top-level link at files of their own
   * (a database URL, a CA) and the workload reads them as its secrets.
   */
  @Test
  void write_neverLeavesTheSecretDirectoryWritableByOthers() throws Exception {
    Path root = Files.createDirectory(temp.resolve("shared"));
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
    try {
      SecretDirectory.at(root).write(List.of(new ProjectedFile("token", "fake".getBytes(StandardCharsets.UTF_8),
          0600)));
    } catch (RuntimeException refused) {
      return;
    }

    assertThat(Files.getPosixFilePermissions(root)).as("the mode of the secret directory after a write")
        .doesNotContain(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
  }

  // ------------------------------------------------------------------------------------ renderer

  /**
   * A V1 file {@code app} and a V2 file in {@code directory: app} are different paths, so no
   * collision is found; the render succeeds and SecretDirectory.write fails later with a bare
   * FileAlreadyExistsException, naming neither entry.
   */
  @Test
  void aFileAndADirectoryOfTheSameName_areACollisionFoundWhenRendered() {
    secrets.put("pg", Map.of("app", "fake-app"));
    List<Consumer> consumers = consumers("""
        service:
          dataosSecrets:
            - {name: pg, key: app, consumptionType: file}
        projection:
          templateType: none
          projections:
            files:
              - {name: db.conf, directory: app, value: "host=db.example.test"}
        """);

    assertThatThrownBy(() -> new ProjectionRenderer(secrets.client).render(consumers))
        .isInstanceOf(InvalidManifestException.class).hasMessageContaining("app");
  }

  /**
   * A propFile is written as UTF-8, but Properties.load(InputStream), what most Java programs use
   * (and what a .properties file means by default), reads ISO-8859-1: a password with a non-ASCII
   * character comes back as a different password. Properties.store escapes it as backslash-u for
   * that reason.
   */
  @Test
  void aPropFile_readsBackExactly_throughPropertiesLoadOfAStream() throws Exception {
    String password = "fake-pässwörd-€-密码";
    secrets.put("pg", Map.of("password", password));
    RenderedProjection rendered = new ProjectionRenderer(secrets.client).render(consumers(
        "service:\n  dataosSecrets:\n    - {name: pg, key: password, consumptionType: propFile}\n"));

    Properties loaded = new Properties();
    loaded.load(new ByteArrayInputStream(rendered.files().get(0).content()));

    assertThat(loaded.getProperty("password")).isEqualTo(password);
  }

  /**
   * A value with a NUL byte (a binary key stored in data:) is rendered as a variable; handing the
   * env to a ProcessBuilder, what secretctl exec and every caller does with it, then throws
   * IllegalArgumentException("Invalid environment variable value: \"<the value>\"") from the
   * JDK: the secret is in the message, and the log. The render must refuse it by key name.
   */
  @Test
  void aValueNoEnvironmentCanHold_isRefusedWhenRendered_beforeTheJdkQuotesIt() {
    String canary = "canary-Nul7q-value";
    createThroughTheSpi("bin", Map.of("KEY", SecretValue.ofString(canary + "\u0000tail")), Map.of());

    Throwable thrown = catchThrowable(() -> {
      RenderedProjection rendered = new ProjectionRenderer(secrets.client).render(consumers(
          "service:\n  dataosSecrets:\n    - {name: bin, key: KEY}\n"));
      new ProcessBuilder("true").environment().putAll(rendered.env());
    });

    assertThat(thrown).as("what rendering and using the env threw").isInstanceOf(InvalidManifestException.class);
    assertThat(thrown.getMessage()).doesNotContain(canary);
  }

  /**
   * RenderedProjection promises that its maps and lists never show a value, but only their own
   * toString is redacted: {@code env().entrySet()}, {@code env().values()} and
   * {@code args().subList(..)} print every value, as a log line of them would.
   */
  @Test
  void theViewsOfTheRenderedMapsAndLists_neverShowAValue() {
    String canary = "canary-Vw3k-value";
    secrets.put("pg", Map.of("password", canary));
    RenderedProjection rendered = new ProjectionRenderer(secrets.client).render(consumers("""
        service:
          dataosSecrets:
            - {name: pg, key: password}
        projection:
          templateType: liquid
          secrets:
            - {id: pg, contextAlias: db}
          projections:
            args:
              - "--password={{ secrets['db'].password | base64_decode }}"
        """));

    String shown = rendered.env().entrySet() + " " + rendered.env().values() + " "
        + rendered.args().subList(0, 1) + " " + rendered.properties().entrySet();

    assertThat(shown).doesNotContain(canary);
  }

  /**
   * SensitiveVariables guards allKeys against keys that make programs run someone else's code, but
   * misses the common ones that load code from a path the key's value names: CLASSPATH (java with
   * no -cp), GCONV_PATH (glibc's iconv modules), PYTHONHOME, NODE_PATH, RUBYLIB, PERLLIB.
   */
  @Test
  void allKeys_neverSetsAVariableThatLoadsCodeFromAPath() {
    List<String> loaders = List.of("CLASSPATH", "GCONV_PATH", "PYTHONHOME", "NODE_PATH", "RUBYLIB", "PERLLIB");
    Map<String, String> data = new LinkedHashMap<>();
    loaders.forEach(name -> data.put(name, "/tmp/fake"));
    secrets.put("shared", data);

    RenderedProjection rendered = new ProjectionRenderer(secrets.client).render(consumers(
        "service:\n  dataosSecrets: [shared]\n"));

    assertThat(rendered.env()).isEmpty();
    assertThat(rendered.leftOut()).containsExactlyInAnyOrderElementsOf(loaders);
  }

  /**
   * The name of a key's file comes from the secret's record (its {@code files:} file name). A
   * record written by another tool, or tampered with in a remote store, may name
   * {@code ../../../x}: the render then hands out a ProjectedFile whose path leaves any directory
   * it is resolved against (SecretDirectory refuses it; the CLI's -o json and every other user of
   * RenderedProjection.files() do not).
   */
  @Test
  void aStoredFileName_neverMakesAFilePathThatLeavesTheSecretDirectory() {
    createThroughTheSpi("pg", Map.of("ca", SecretValue.ofString("fake-ca")), Map.of("ca", "../../../escaped.pem"));

    RenderedProjection rendered;
    try {
      rendered = new ProjectionRenderer(secrets.client).render(consumers(
          "service:\n  dataosSecrets:\n    - {name: pg, key: ca, consumptionType: file}\n"));
    } catch (InvalidManifestException refused) {
      return;
    }

    Path root = Path.of("/secrets");
    assertThat(rendered.files()).allSatisfy(file -> assertThat(root.resolve(file.path()).normalize()
        .startsWith(root)).as("%s stays under the secret directory", file.path()).isTrue());
  }

  // ------------------------------------------------------------------------------------ reader

  /**
   * The README promises "a key selection that takes nothing" is found when read, but an entry
   * with an empty {@code keys:} list (or an empty {@code keys:} value) and no {@code key} is left
   * out without a finding: the consumer reads as valid and silently projects nothing for it.
   */
  @Test
  void anEntryWhoseKeysListIsEmpty_isAFinding_notDroppedSilently() {
    List<Violation> emptyList = findings("service:\n  dataosSecrets:\n    - {name: pg, keys: []}\n");
    List<Violation> emptyValue = findings("service:\n  dataosSecrets:\n    - name: pg\n      keys:\n");

    assertThat(emptyList).filteredOn(Violation::isError).as("findings of keys: []")
        .anySatisfy(found -> assertThat(found.path()).startsWith("service.dataosSecrets[0]"));
    assertThat(emptyValue).filteredOn(Violation::isError).as("findings of an empty keys:")
        .anySatisfy(found -> assertThat(found.path()).startsWith("service.dataosSecrets[0]"));
  }

  /** An invalid key in {@code keys:} is reported at the entry's first line, not at the key. */
  @Test
  void anInvalidKeyInKeys_isReportedAtItsOwnLineAndColumn() {
    List<Violation> found = findings("""
        service:
          dataosSecrets:
            - name: pg
              keys:
                - password
                - "bad key!"
        """);

    assertThat(found).filteredOn(violation -> violation.path().equals("service.dataosSecrets[0].keys[1]"))
        .singleElement().satisfies(violation -> {
          assertThat(violation.line()).isEqualTo(9);
          assertThat(violation.column()).isEqualTo(11);
        });
  }

  /**
   * The consumer's {@code workspace} is the scope of its V1 entries and part of its dependent
   * name, yet it is not checked when read: {@code workspace: Sales_Team} reads fine, then render
   * and register both fail with a bare InvalidReferenceException that names no place in the file.
   */
  @Test
  void aConsumerWorkspaceThatIsNoScope_isAFindingWhenRead() {
    List<Violation> found = findings("workspace: Sales_Team\nservice:\n  dataosSecrets:\n    - {name: pg, key: k}\n");

    assertThat(found).filteredOn(Violation::isError)
        .anySatisfy(violation -> {
          assertThat(violation.path()).isEqualTo("workspace");
          assertThat(violation.line()).isEqualTo(4);
        });
  }
}
