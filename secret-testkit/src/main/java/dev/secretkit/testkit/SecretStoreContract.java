package dev.secretkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.ApplyResult;
import dev.secretkit.ConflictException;
import dev.secretkit.Secret;
import dev.secretkit.SecretFilter;
import dev.secretkit.SecretDataException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretNotFoundException;
import dev.secretkit.SecretRef;
import dev.secretkit.SecretSummary;
import dev.secretkit.SecretValue;
import dev.secretkit.SecretVersion;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.access.Grant;
import dev.secretkit.access.Permission;
import dev.secretkit.access.Principal;
import dev.secretkit.access.Role;
import dev.secretkit.client.CachePolicy;
import dev.secretkit.client.Resolution;
import dev.secretkit.client.SecretClient;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.manifest.InvalidManifestException;
import dev.secretkit.manifest.SecretManifest;
import dev.secretkit.manifest.SecretSection;
import dev.secretkit.projection.ProjectionRenderer;
import dev.secretkit.projection.RenderedProjection;
import dev.secretkit.spi.Capability;
import dev.secretkit.spi.Page;
import dev.secretkit.spi.SecretHead;
import dev.secretkit.spi.SecretPayload;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreLimits;
import dev.secretkit.spi.StoredSecret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * The contract every {@link SecretStore} must pass, as JUnit 5 tests a backend runs by
 * subclassing: implement {@link #openStore()} to return a fresh, empty store for each test, and
 * override the hooks that apply to the backend.
 *
 * <pre>{@code
 * class VaultStoreContractTest extends SecretStoreContract {
 *   private final VaultEmulator vault = VaultEmulator.start();
 *
 *   @Override
 *   protected SecretStore openStore() {
 *     return new VaultSecretStoreProvider().open(StoreConfig.parse(vault.uri(), Map.of(), Clock.systemUTC()));
 *   }
 *
 *   @Override
 *   protected int concurrentWritesPerWriter() {
 *     return 5; // HTTP round trips are slower than memory
 *   }
 * }
 * }</pre>
 *
 * <p>Every test goes through the SPI, except those named {@code client...}, which go through a
 * {@link SecretClient} built on the store. Values the kit writes are canaries planted with
 * {@link LeakScanner}, which runs with every test: a canary in output, in logs, in an exception's
 * message or in the {@code toString} of anything the store returns fails the test. Secrets are
 * written in the scopes {@value #SCOPE} and {@value #OTHER_SCOPE}, and one in
 * {@value SecretId#INSTANCE_SCOPE}. No test sleeps; the only
 * threads are those of the concurrency tests, which race writers in lockstep rounds held by
 * barriers (concurrent updates, metadata writes, grants and revokes through a client; a delete
 * against a write from the same revision), and whose size {@link #concurrentWriters()} and
 * {@link #concurrentWritesPerWriter()} set. Subclasses may add backend-specific tests that use
 * {@link #store()} and {@link #canaries()}.
 *
 * <p>The class holds JUnit's {@link Resources#SYSTEM_OUT} and {@link Resources#SYSTEM_ERR} locks:
 * with parallel execution on, contract tests never overlap other tests that replace those streams.
 */
@ExtendWith(LeakScanner.class)
@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
public abstract class SecretStoreContract {
  /** The scope most tests write in. */
  protected static final String SCOPE = "contract";
  /** A second scope, to check that scopes are isolated. */
  protected static final String OTHER_SCOPE = "contract-other";

  private static final Instant CREATED = Instant.parse("2024-05-01T10:00:00Z");
  private static final long MAX_TEST_BYTES = 64L << 20;
  private static final int MAX_TEST_KEYS = 100_000;
  private static final long CONCURRENCY_TIMEOUT_SECONDS = 120;
  private static final Duration CACHE_TTL = Duration.ofMinutes(1);

  private final List<SecretStore> opened = new ArrayList<>();
  private SecretStore store;
  private Canaries canaries;

  /** Creates the contract; subclasses need no constructor arguments. */
  protected SecretStoreContract() {
  }

  /**
   * Returns a freshly opened, empty store; called once before every test, and the store is
   * closed after it.
   */
  protected abstract SecretStore openStore();

  /**
   * Returns a new session with the store {@link #openStore()} returned last, after the kit has
   * closed that one; called only when {@code capabilities().persistent()} is true, to check that
   * secrets outlive the session.
   *
   * @throws UnsupportedOperationException by default; a persistent store must override this
   */
  protected SecretStore reopenStore() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " reports a persistent store but does"
        + " not override reopenStore(), so the contract cannot check that secrets outlive a session");
  }

  /** Returns how many threads write the same secret at once in the concurrency tests; 4 by default. */
  protected int concurrentWriters() {
    return 4;
  }

  /** Returns how many read-then-write cycles each concurrent writer makes; 25 by default. */
  protected int concurrentWritesPerWriter() {
    return 25;
  }

  /**
   * Returns what damages the stored record of a secret from outside the store, as a disk error, a hand edit or
   * another tool would, so that the store reads it as a {@link SecretDataException}; it is given the id of a
   * secret the store under test holds. Empty by default, for a store whose records cannot be damaged from
   * outside (such as the in-memory store): the contract's test of an unreadable record is then skipped.
   */
  protected Optional<Consumer<SecretId>> recordCorrupter() {
    return Optional.empty();
  }

  /** Returns the store under test in the current test. */
  protected final SecretStore store() {
    return store;
  }

  /** Returns the canaries of the current test, for backend-specific tests that write values. */
  protected final Canaries canaries() {
    return canaries;
  }

  @BeforeEach
  final void openStoreUnderTest(Canaries testCanaries) {
    this.canaries = testCanaries;
    this.store = Objects.requireNonNull(openStore(), "openStore() returned null");
    opened.add(store);
  }

  @AfterEach
  final void closeStoresUnderTest() {
    for (SecretStore each : opened) {
      each.close();
    }
    opened.clear();
  }

  // ---------------------------------------------------------------- round trips

  @Test
  void create_textValues_readBackByteForByte() {
    SecretId id = id("text");
    Map<String, SecretValue> values = values("username", canaries.plant(), "password", canaries.plant());
    StoredSecret created = store.create(id, metadata("writer", CREATED), values);

    assertThat(created.id()).isEqualTo(id);
    assertThat(created.version().number()).isEqualTo(1);
    assertSameValues("the values create returned", values, created.values());
    StoredSecret read = store.read(id).orElseThrow(() -> new AssertionError("a created secret must be readable"));
    assertSameValues("the values read back", values, read.values());
    assertThat(read.revision()).isEqualTo(created.revision());
    assertNoValueIn(created, read);
  }

  @Test
  void create_binaryValues_keepAll256ByteValues() {
    byte[] ascending = new byte[256];
    byte[] descending = new byte[256];
    for (int i = 0; i < 256; i++) {
      ascending[i] = (byte) i;
      descending[i] = (byte) (255 - i);
    }
    Map<String, SecretValue> values = new LinkedHashMap<>();
    values.put("ascending", SecretValue.ofBytes(ascending));
    values.put("descending", SecretValue.ofBytes(descending));
    values.put("not-utf8", SecretValue.ofBytes(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, 0x00, (byte) 0x80}));
    SecretId id = id("binary");
    store.create(id, metadata("writer", CREATED), values);

    assertSameValues("binary values read back", values, store.read(id).orElseThrow().values());
    assertSameValues("binary values of version 1", values, store.read(id, 1).orElseThrow().values());
  }

  @Test
  void create_unicodeValues_keepAstralCharsAndNul() {
    String unicode = canaries.plant() + " h\u00e9llo \u65e5\u672c\u8a9e \u05e9\u05dc\u05d5\u05dd e\u0301"
        + " \ud83d\ude00 \ud834\udd1e \u0000 nul\u0000end \ufeff \u2028 \t\r\n";
    Map<String, SecretValue> values = values("unicode", unicode, "only-nul", "\u0000\u0000\u0000\u0000\u0000\u0000",
        "astral", "\ud83d\udd11\ud83d\udd12\ud83d\udd13" + canaries.plant());
    SecretId id = id("unicode");
    store.create(id, metadata("writer", CREATED), values);

    StoredSecret read = store.read(id).orElseThrow();
    assertSameValues("unicode values read back", values, read.values());
    assertThat(read.values().get("unicode").asString().equals(unicode))
        .as("the unicode value decodes to the same text").isTrue();
  }

  @Test
  void create_emptyValue_readsBackEmpty() {
    SecretId id = id("empty");
    Map<String, SecretValue> values = values("empty", "", "next", canaries.plant());
    store.create(id, metadata("writer", CREATED), values);
    SecretId onlyEmpty = id("only-empty");
    store.create(onlyEmpty, metadata("writer", CREATED), values("empty", ""));

    StoredSecret read = store.read(id).orElseThrow();
    assertThat(read.values().get("empty").length()).as("length of an empty value").isZero();
    assertSameValues("values with an empty one", values, read.values());
    assertThat(store.read(onlyEmpty).orElseThrow().values().get("empty").length()).isZero();
  }

  @Test
  void create_manyKeys_keepsKeyOrder() {
    List<String> keys = List.of("zeta", "alpha", "mike", "bravo", "x-ray", "echo.1", "delta_2", "Charlie", "9lives");
    assumeTrue(store.limits().maxKeys() >= keys.size(), "the store allows fewer than " + keys.size() + " keys");
    Map<String, SecretValue> values = new LinkedHashMap<>();
    keys.forEach(key -> values.put(key, SecretValue.ofString(canaries.plant())));
    SecretId id = id("ordered");
    StoredSecret created = store.create(id, metadata("writer", CREATED), values);

    assertThat(created.values().keySet()).as("keys create returned").containsExactlyElementsOf(keys);
    assertThat(store.read(id).orElseThrow().values().keySet()).as("keys read").containsExactlyElementsOf(keys);
    assertThat(store.read(id, 1).orElseThrow().values().keySet()).as("keys of version 1").containsExactlyElementsOf(keys);
    SecretSummary summary = listAll(SCOPE, 10).get(0);
    assertThat(summary.keys()).as("keys listed").containsExactlyElementsOf(keys);
  }

  @Test
  void create_metadata_readsBackEqualAndDatesTheVersion() {
    SecretId id = id("described");
    SecretMetadata metadata = metadata("the-author", CREATED.plusSeconds(5));
    StoredSecret created = store.create(id, metadata, values("k", canaries.plant()));

    assertThat(created.metadata()).isEqualTo(metadata);
    StoredSecret read = store.read(id).orElseThrow();
    assertThat(read.metadata()).isEqualTo(metadata);
    assertThat(read.version().createdAt()).isEqualTo(metadata.updatedAt());
    if (store.capabilities().versionAuthors()) {
      assertThat(read.version().createdBy()).isEqualTo("the-author");
    }
    assertThat(store.versions(id)).containsExactly(read.version());
  }

  @Test
  void create_existingSecret_throwsExistsAndKeepsTheSecret() {
    SecretId id = id("taken");
    Map<String, SecretValue> first = values("k", canaries.plant());
    StoredSecret created = store.create(id, metadata("writer", CREATED), first);

    ConflictException conflict = expectConflict(ConflictException.Reason.EXISTS,
        () -> store.create(id, metadata("intruder", CREATED), values("k", canaries.plant())));
    assertThat(conflict.id()).isEqualTo(id);

    StoredSecret read = store.read(id).orElseThrow();
    assertSameValues("the first secret's values", first, read.values());
    assertThat(read.revision()).isEqualTo(created.revision());
    assertThat(read.version().number()).isEqualTo(1);
  }

  @Test
  void read_missingSecret_isEmpty() {
    SecretId id = id("missing");
    assertThat(store.read(id)).isEmpty();
    assertThat(store.read(id, 1)).isEmpty();
    assertThat(store.versions(id)).isEmpty();
    assertThat(store.head(id)).isEmpty();
    assertThat(store.probe(id)).isEmpty();
    assertThat(store.readAll(List.of(id))).isEmpty();
  }

  // ---------------------------------------------------------------- versions and revisions

  @Test
  void update_eachWrite_addsAVersionNumberedFromOne() {
    SecretId id = id("versioned");
    List<Map<String, SecretValue>> written = new ArrayList<>();
    written.add(values("k", canaries.plant()));
    StoredSecret current = store.create(id, metadata("v1-author", CREATED), written.get(0));
    for (int version = 2; version <= 3; version++) {
      Map<String, SecretValue> next = values("k", canaries.plant(), "added-" + version, canaries.plant());
      written.add(next);
      current = store.update(id, current.revision(), metadata("v" + version + "-author", CREATED.plusSeconds(version)),
          next);
      assertThat(current.version().number()).as("version after update " + (version - 1)).isEqualTo(version);
      assertSameValues("values update returned", next, current.values());
    }

    assertThat(store.read(id).orElseThrow().version().number()).isEqualTo(3);
    assertSameValues("latest values", written.get(2), store.read(id).orElseThrow().values());
    List<Long> kept = keptVersions(3);
    assertThat(store.versions(id)).extracting(SecretVersion::number).containsExactlyElementsOf(kept);
    for (long version : kept) {
      StoredSecret old = store.read(id, version).orElseThrow(() -> new AssertionError("version " + version));
      assertThat(old.version().number()).isEqualTo(version);
      assertThat(old.version().createdAt()).isEqualTo(CREATED.plusSeconds(version == 1 ? 0 : version));
      if (store.capabilities().versionAuthors()) {
        assertThat(old.version().createdBy()).isEqualTo("v" + version + "-author");
      }
      assertSameValues("values of version " + version, written.get((int) version - 1), old.values());
      assertThat(old.revision()).as("an old version carries the secret's current revision")
          .isEqualTo(current.revision());
      assertThat(old.metadata()).as("an old version carries the secret's current metadata")
          .isEqualTo(current.metadata());
    }
    for (long version = 1; version < kept.get(0); version++) {
      assertThat(store.read(id, version)).as("version %d is past the store's retention", version).isEmpty();
    }
  }

  @Test
  void read_missingVersion_isEmpty() {
    SecretId id = id("two-versions");
    StoredSecret created = store.create(id, metadata("writer", CREATED), values("k", canaries.plant()));
    store.update(id, created.revision(), metadata("writer", CREATED), values("k", canaries.plant()));

    for (long version : new long[] {0, -1, 3, 4, 1000, Long.MAX_VALUE, Long.MIN_VALUE}) {
      assertThat(store.read(id, version)).as("version " + version).isEmpty();
    }
  }

  @Test
  void updateMetadata_keepsVersionAndValues_changesRevision() {
    SecretId id = id("relabelled");
    Map<String, SecretValue> values = values("k", canaries.plant());
    StoredSecret created = store.create(id, metadata("writer", CREATED), values);
    SecretMetadata changed = metadata("relabeller", CREATED.plusSeconds(60))
        .withGrants(List.of(new Grant("someone-else", Permission.CAN_USE)));

    SecretHead updated = store.updateMetadata(id, created.revision(), changed);

    assertThat(updated.latest()).isEqualTo(created.version());
    assertThat(updated.revision()).isNotEqualTo(created.revision());
    assertThat(updated.metadata()).isEqualTo(changed);
    assertThat(updated.keys()).containsExactly("k");
    StoredSecret read = store.read(id).orElseThrow();
    assertThat(read.version()).isEqualTo(created.version());
    assertThat(read.metadata()).isEqualTo(changed);
    assertThat(read.revision()).isEqualTo(updated.revision());
    assertSameValues("values after a metadata change", values, read.values());
    assertThat(store.versions(id)).hasSize(1);
  }

  @Test
  void update_staleRevision_throwsChangedAndWritesNothing() {
    SecretId id = id("raced");
    StoredSecret first = store.create(id, metadata("writer", CREATED), values("k", canaries.plant()));
    Map<String, SecretValue> winner = values("k", canaries.plant());
    StoredSecret second = store.update(id, first.revision(), metadata("winner", CREATED), winner);

    expectConflict(ConflictException.Reason.CHANGED,
        () -> store.update(id, first.revision(), metadata("loser", CREATED), values("k", canaries.plant())));

    StoredSecret read = store.read(id).orElseThrow();
    assertThat(read.revision()).isEqualTo(second.revision());
    assertThat(read.version().number()).isEqualTo(2);
    assertThat(read.metadata().updatedBy()).isEqualTo("winner");
    assertSameValues("the winner's values", winner, read.values());
    assertThat(store.versions(id)).hasSize(Math.min(2, retainedOr(2)));
  }

  @Test
  void updateMetadata_staleRevision_throwsChangedAndWritesNothing() {
    SecretId id = id("raced-metadata");
    StoredSecret first = store.create(id, metadata("writer", CREATED), values("k", canaries.plant()));
    SecretHead second = store.updateMetadata(id, first.revision(), metadata("winner", CREATED));

    expectConflict(ConflictException.Reason.CHANGED,
        () -> store.updateMetadata(id, first.revision(), metadata("loser", CREATED)));

    StoredSecret read = store.read(id).orElseThrow();
    assertThat(read.revision()).isEqualTo(second.revision());
    assertThat(read.metadata().updatedBy()).isEqualTo("winner");
  }

  @Test
  void delete_staleRevision_throwsChangedAndKeepsTheSecret() {
    SecretId id = id("raced-delete");
    StoredSecret first = store.create(id, metadata("writer", CREATED), values("k", canaries.plant()));
    SecretHead second = store.updateMetadata(id, first.revision(), metadata("winner", CREATED));

    expectConflict(ConflictException.Reason.CHANGED, () -> store.delete(id, first.revision()));

    assertThat(store.read(id)).as("the secret survives a stale delete").isPresent();
    assertThat(store.read(id).orElseThrow().revision()).isEqualTo(second.revision());
  }

  @Test
  void writes_missingSecret_throwChanged() {
    SecretId id = id("never-written");
    StoredSecret other = store.create(id("other"), metadata("writer", CREATED), values("k", canaries.plant()));
    String revision = other.revision();

    expectConflict(ConflictException.Reason.CHANGED,
        () -> store.update(id, revision, metadata("writer", CREATED), values("k", canaries.plant())));
    expectConflict(ConflictException.Reason.CHANGED,
        () -> store.updateMetadata(id, revision, metadata("writer", CREATED)));
    expectConflict(ConflictException.Reason.CHANGED, () -> store.delete(id, revision));

    assertThat(store.read(id)).isEmpty();
  }

  @Test
  void revision_changesWithEveryWrite() {
    SecretId id = id("revisions");
    Set<String> revisions = new HashSet<>();
    StoredSecret current = store.create(id, metadata("writer", CREATED), values("k", canaries.plant()));
    revisions.add(current.revision());
    for (int i = 0; i < 3; i++) {
      current = store.update(id, current.revision(), metadata("writer", CREATED), values("k", canaries.plant()));
      assertThat(revisions.add(current.revision())).as("update " + i + " gave a new revision").isTrue();
      String relabelled = store.updateMetadata(id, current.revision(), metadata("writer-" + i, CREATED)).revision();
      assertThat(revisions.add(relabelled)).as("metadata update " + i + " gave a new revision").isTrue();
      current = store.read(id).orElseThrow();
      assertThat(current.revision()).isEqualTo(relabelled);
    }
  }

  @Test
  void revision_neverReusedAfterDeleteAndRecreate() {
    SecretId id = id("reborn");
    Set<String> seen = new HashSet<>();
    String lastRevision = null;
    for (int life = 0; life < 3; life++) {
      StoredSecret current = store.create(id, metadata("writer", CREATED), values("k", canaries.plant()));
      assertThat(seen.add(current.revision())).as("revision of life " + life + " is new").isTrue();
      if (lastRevision != null) {
        String stale = lastRevision;
        expectConflict(ConflictException.Reason.CHANGED,
            () -> store.update(id, stale, metadata("ghost", CREATED), values("k", canaries.plant())));
        expectConflict(ConflictException.Reason.CHANGED, () -> store.delete(id, stale));
      }
      current = store.update(id, current.revision(), metadata("writer", CREATED), values("k", canaries.plant()));
      assertThat(seen.add(current.revision())).as("revision after update in life " + life + " is new").isTrue();
      store.delete(id, current.revision());
      lastRevision = current.revision();
    }
  }

  // ---------------------------------------------------------------- limits

  @Test
  void create_overValueLimit_isRefusedAndWritesNothing() {
    StoreLimits limits = store.limits();
    assumeTrue(limits.maxValueBytes() < MAX_TEST_BYTES, "the value limit is too large to test");
    SecretId id = id("too-large-value");
    Map<String, SecretValue> values = new LinkedHashMap<>();
    values.put("big", paddedCanary(limits.maxValueBytes() + 1));

    expectRefusal("a value over the limit", () -> store.create(id, metadata("writer", CREATED), values));
    assertNothingIn(id);
  }

  @Test
  void create_overKeyLimit_isRefusedAndWritesNothing() {
    StoreLimits limits = store.limits();
    assumeTrue(limits.maxKeys() < MAX_TEST_KEYS, "the key limit is too large to test");
    SecretId id = id("too-many-keys");
    Map<String, SecretValue> values = new LinkedHashMap<>();
    SecretValue small = SecretValue.ofString("v");
    for (int i = 0; i <= limits.maxKeys(); i++) {
      values.put(String.format("k%06d", i), small);
    }

    expectRefusal("one key over the limit", () -> store.create(id, metadata("writer", CREATED), values));
    assertNothingIn(id);
  }

  @Test
  void create_overTotalLimit_isRefusedAndWritesNothing() {
    StoreLimits limits = store.limits();
    int perValue = limits.maxValueBytes();
    long count = limits.maxSecretBytes() / (long) perValue + 1;
    assumeTrue(count <= limits.maxKeys(), "the total limit cannot be broken without breaking the key limit");
    assumeTrue(count * perValue < MAX_TEST_BYTES, "the total limit is too large to test");
    SecretId id = id("too-large-total");
    Map<String, SecretValue> values = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      values.put("part-" + i, paddedCanary(perValue));
    }

    expectRefusal("values over the total limit",
        () -> store.create(id, metadata("writer", CREATED), values));
    assertNothingIn(id);
  }

  @Test
  void update_overLimits_isRefusedAndKeepsTheSecret() {
    StoreLimits limits = store.limits();
    assumeTrue(limits.maxValueBytes() < MAX_TEST_BYTES, "the value limit is too large to test");
    SecretId id = id("grows-too-large");
    Map<String, SecretValue> small = values("k", canaries.plant());
    StoredSecret created = store.create(id, metadata("writer", CREATED), small);
    Map<String, SecretValue> big = new LinkedHashMap<>();
    big.put("k", paddedCanary(limits.maxValueBytes() + 1));

    expectRefusal("an update over the value limit",
        () -> store.update(id, created.revision(), metadata("writer", CREATED), big));

    StoredSecret read = store.read(id).orElseThrow();
    assertThat(read.revision()).isEqualTo(created.revision());
    assertThat(read.version().number()).isEqualTo(1);
    assertSameValues("values after a refused update", small, read.values());
    assertThat(store.versions(id)).hasSize(1);
  }

  @Test
  void create_valueExactlyAtLimit_succeeds() {
    StoreLimits limits = store.limits();
    int keyBytes = "at-limit".length();
    assumeTrue(limits.maxValueBytes() < MAX_TEST_BYTES, "the value limit is too large to test");
    assumeTrue((long) limits.maxValueBytes() + keyBytes <= limits.maxSecretBytes(),
        "the total limit is below the value limit");
    Map<String, SecretValue> values = new LinkedHashMap<>();
    values.put("at-limit", paddedCanary(limits.maxValueBytes()));
    SecretId id = id("value-at-limit");
    SecretMetadata metadata = metadata("writer", CREATED);
    assertThat(store.problems(metadata, values)).as("a value at the limit is accepted").isEmpty();
    store.create(id, metadata, values);
    assertSameValues("a value at the limit", values, store.read(id).orElseThrow().values());
  }

  @Test
  void create_keysExactlyAtLimit_succeeds() {
    StoreLimits limits = store.limits();
    assumeTrue(limits.maxKeys() < MAX_TEST_KEYS, "the key limit is too large to test");
    assumeTrue(limits.maxKeys() * 8L <= limits.maxSecretBytes(), "the total limit is below the key limit");
    Map<String, SecretValue> values = new LinkedHashMap<>();
    for (int i = 0; i < limits.maxKeys(); i++) {
      values.put(String.format("k%06d", i), SecretValue.ofString("v"));
    }
    SecretId id = id("keys-at-limit");
    SecretMetadata metadata = metadata("writer", CREATED);
    assertThat(store.problems(metadata, values)).as("keys at the limit are accepted").isEmpty();
    store.create(id, metadata, values);
    assertThat(store.read(id).orElseThrow().values()).hasSize(limits.maxKeys());
  }

  @Test
  void problems_agreeWithWhatTheStoreRefuses() {
    SecretId id = id("judged");
    Map<String, SecretValue> reserved = values(SecretPayload.RESERVED_KEY, canaries.plant());
    assertThat(store.problems(metadata("writer", CREATED), reserved)).as("the reserved key is refused")
        .extracting(StoreLimits.Problem::key).contains(SecretPayload.RESERVED_KEY);
    expectRefusal("the reserved key", () -> store.create(id, metadata("writer", CREATED), reserved));
    assertNothingIn(id);
  }

  @Test
  void updateMetadata_overMetadataLimit_isRefusedAndKeepsTheSecret() {
    StoreLimits limits = store.limits();
    assumeTrue(limits.maxMetadataBytes() < MAX_TEST_BYTES, "the metadata limit is too large to test");
    SecretId id = id("metadata-grows");
    StoredSecret created = store.create(id, metadata("writer", CREATED), values("k", canaries.plant()));
    List<String> dependents = new ArrayList<>();
    for (int i = 0; dependents.size() * 24L <= limits.maxMetadataBytes(); i++) {
      dependents.add(String.format("depot:v2alpha:consumer-%06d", i));
    }
    SecretMetadata big = metadata("writer", CREATED).withDependents(dependents);
    assertThat(store.problems(big, Map.of())).as("the big metadata is refused by problems()")
        .anyMatch(StoreLimits.Problem::metadata);

    expectRefusal("metadata over the limit", () -> store.updateMetadata(id, created.revision(), big));

    assertThat(store.head(id).orElseThrow().revision()).isEqualTo(created.revision());
    assertThat(store.read(id).orElseThrow().metadata()).isEqualTo(created.metadata());
  }

  @Test
  void clientApplyAll_lastManifestOverValueLimit_writesNothing() {
    StoreLimits limits = store.limits();
    assumeTrue(limits.maxValueBytes() < MAX_TEST_BYTES, "the value limit is too large to test");
    Map<String, SecretValue> big = new LinkedHashMap<>();
    big.put("password", paddedCanary(limits.maxValueBytes() + 1));
    SecretManifest last = manifest("batch-value-c", big, "written by the contract kit");

    expectBatchRefused(last, limits.maxValueBytes());
  }

  @Test
  void clientApplyAll_lastManifestOverMetadataLimit_writesNothing() {
    StoreLimits limits = store.limits();
    assumeTrue(limits.maxMetadataBytes() < MAX_TEST_BYTES, "the metadata limit is too large to test");
    String description = "d".repeat(limits.maxMetadataBytes() + 1);
    SecretManifest last = manifest("batch-metadata-c", values("password", canaries.plant()), description);

    expectBatchRefused(last, limits.maxMetadataBytes());
  }

  /**
   * Applies two good manifests and then {@code last} the way {@link SecretClient#apply(java.nio.file.Path)}
   * applies the documents of one file (check them all, then apply each), and checks that nothing
   * was written and that the error names {@code last}'s secret and {@code limit}.
   */
  private void expectBatchRefused(SecretManifest last, int limit) {
    try (SecretClient client = client()) {
      List<SecretManifest> manifests = List.of(manifest("batch-a", "password", canaries.plant()),
          manifest("batch-b", "password", canaries.plant()), last);

      Throwable thrown = catchThrowable(() -> {
        client.check(manifests);
        manifests.forEach(client::apply);
      });

      assertThat(thrown).as("a batch whose last manifest breaks a limit").isInstanceOf(InvalidManifestException.class);
      assertNoValueIn("a refused batch", thrown);
      InvalidManifestException refused = (InvalidManifestException) thrown;
      assertThat(refused.validations()).as("manifests refused").hasSize(1);
      assertThat(refused.validations().get(0).origin()).as("the refused manifest").contains(id(last.name()).toString());
      assertThat(refused.getMessage()).as("the refusal names the last secret and the limit")
          .contains(id(last.name()).toString()).contains(Integer.toString(limit));
      for (SecretManifest manifest : manifests) {
        assertThat(store.read(id(manifest.name()))).as("%s after a refused batch", manifest.name()).isEmpty();
      }
      assertThat(listAll(SCOPE, 100)).as("secrets after a refused batch").isEmpty();
    }
  }

  // ---------------------------------------------------------------- listing

  @Test
  void list_manySecrets_pagesInNameOrder() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      names.add(String.format("s-%02d", i));
    }
    names.addAll(List.of("a-b", "a.b", "a_b", "ab"));
    List<String> shuffled = new ArrayList<>(names);
    Collections.shuffle(shuffled, new Random(7));
    for (String name : shuffled) {
      store.create(id(name), metadata("writer", CREATED), values("k", canaries.plant()));
    }
    List<String> sorted = new ArrayList<>(names);
    Collections.sort(sorted);

    for (int pageSize : new int[] {1, 7, 25, 100}) {
      assertThat(listAll(SCOPE, pageSize)).as("names listed %d at a time", pageSize)
          .extracting(summary -> summary.id().name()).containsExactlyElementsOf(sorted);
    }
  }

  @Test
  void list_scopes_areIsolated() {
    store.create(id("mine"), metadata("writer", CREATED), values("k", canaries.plant()));
    Map<String, SecretValue> here = values("k", canaries.plant());
    Map<String, SecretValue> there = values("k", canaries.plant());
    StoredSecret sharedHere = store.create(id("shared"), metadata("writer", CREATED), here);
    store.create(SecretId.of(OTHER_SCOPE, "shared"), metadata("writer", CREATED), there);
    store.create(SecretId.of(OTHER_SCOPE, "theirs"), metadata("writer", CREATED), values("k", canaries.plant()));

    assertThat(listAll(SCOPE, 10)).extracting(SecretSummary::id).containsExactly(id("mine"), id("shared"));
    assertThat(listAll(OTHER_SCOPE, 10)).extracting(SecretSummary::id)
        .containsExactly(SecretId.of(OTHER_SCOPE, "shared"), SecretId.of(OTHER_SCOPE, "theirs"));
    Page<SecretSummary> empty = store.list("contract-empty", null, 10);
    assertThat(empty.items()).isEmpty();
    assertThat(empty.next()).isEmpty();
    assertSameValues("the secret in " + SCOPE, here, store.read(id("shared")).orElseThrow().values());
    assertSameValues("its namesake in " + OTHER_SCOPE, there,
        store.read(SecretId.of(OTHER_SCOPE, "shared")).orElseThrow().values());

    store.delete(id("shared"), sharedHere.revision());
    assertThat(store.read(SecretId.of(OTHER_SCOPE, "shared"))).as("a namesake in another scope survives a delete")
        .isPresent();
  }

  @Test
  void list_badToken_throwsIllegalArgument() {
    store.create(id("listed"), metadata("writer", CREATED), values("k", canaries.plant()));
    Throwable thrown = catchThrowable(() -> store.list(SCOPE, "%%not a token%%", 10));
    assertThat(thrown).as("a page token the store never issued").isInstanceOf(IllegalArgumentException.class);
    assertNoValueIn("a bad page token", thrown);
  }

  @Test
  void list_summaries_showLatestVersionKeysAndMetadata() {
    SecretId id = id("summarised");
    StoredSecret created = store.create(id, metadata("writer", CREATED), values("a", canaries.plant()));
    SecretMetadata latestMetadata = metadata("second-writer", CREATED.plusSeconds(9));
    store.update(id, created.revision(), latestMetadata, values("b", canaries.plant(), "c", canaries.plant()));

    List<SecretSummary> listed = listAll(SCOPE, 10);
    assertThat(listed).hasSize(1);
    SecretSummary summary = listed.get(0);
    assertThat(summary.id()).isEqualTo(id);
    assertThat(summary.latest().number()).isEqualTo(2);
    assertThat(summary.keys()).containsExactly("b", "c");
    assertThat(summary.metadata()).isEqualTo(latestMetadata);
    assertNoValueIn(summary);
  }

  @Test
  void list_withOneUnreadableRecord_listsTheOthers_andNamesIt() {
    Optional<Consumer<SecretId>> corrupter = recordCorrupter();
    assumeTrue(corrupter.isPresent(), "the store's records cannot be damaged from outside: recordCorrupter() is"
        + " empty");
    Map<SecretId, Map<String, SecretValue>> readable = new LinkedHashMap<>();
    readable.put(id("unreadable-a"), values("k", canaries.plant()));
    SecretId bad = id("unreadable-b");
    readable.put(id("unreadable-c"), values("k", canaries.plant(), "l", canaries.plant()));
    store.create(id("unreadable-a"), metadata("writer", CREATED), readable.get(id("unreadable-a")));
    store.create(bad, metadata("writer", CREATED), values("k", canaries.plant()));
    store.create(id("unreadable-c"), metadata("writer", CREATED), readable.get(id("unreadable-c")));

    corrupter.get().accept(bad);

    Throwable read = catchThrowable(() -> store.read(bad));
    assertThat(read).as("a read of the record recordCorrupter() damaged").isInstanceOf(SecretDataException.class);
    assertNoValueIn("the damaged record's read", read);
    for (int pageSize : new int[] {1, 2, 100}) {
      List<SecretSummary> items = new ArrayList<>();
      List<SecretDataException> unreadable = new ArrayList<>();
      String token = null;
      int pages = 0;
      do {
        Page<SecretSummary> page = store.list(SCOPE, token, pageSize);
        assertThat(page.items().size() + page.unreadable().size())
            .as("items and unreadable secrets on a page of at most %d", pageSize).isLessThanOrEqualTo(pageSize);
        assertNoValueIn(page, page.unreadable());
        items.addAll(page.items());
        unreadable.addAll(page.unreadable());
        token = page.nextPageToken();
      } while (token != null && ++pages < 10);
      assertThat(token).as("the listing %d at a time ended within 10 pages", pageSize).isNull();
      assertThat(items).as("the readable secrets listed %d at a time", pageSize).extracting(SecretSummary::id)
          .containsExactlyElementsOf(readable.keySet());
      assertThat(unreadable).as("the unreadable secrets listed %d at a time", pageSize).singleElement()
          .satisfies(e -> assertThat(e.secretId()).contains(bad.toString()))
          .satisfies(e -> assertThat(e).hasMessageContaining(bad.toString()))
          .satisfies(e -> assertNoValueIn("the unreadable secret's exception", e));
    }

    try (SecretClient client = client()) {
      List<SecretDataException> told = new ArrayList<>();
      assertThat(client.list(SCOPE, SecretFilter.ALL, told::add)).extracting(SecretSummary::id)
          .containsExactlyElementsOf(readable.keySet());
      assertThat(told).as("what the client told of the unreadable secret").singleElement()
          .satisfies(e -> assertThat(e.secretId()).contains(bad.toString()));
    }
    readable.forEach((id, values) -> assertSameValues("the values of " + id + " beside an unreadable record", values,
        store.read(id).orElseThrow().values()));
    assertThat(allIds(100)).as("its name is still taken").contains(bad);

    store.delete(bad, null);

    assertThat(store.read(bad)).as("the unreadable secret after a forced delete").isEmpty();
    Page<SecretSummary> after = store.list(SCOPE, null, 100);
    assertThat(after.items()).extracting(SecretSummary::id).containsExactlyElementsOf(readable.keySet());
    assertThat(after.unreadable()).isEmpty();
  }

  // ---------------------------------------------------------------- listing ids

  @Test
  void listIds_everyScope_eachIdOnceAcrossPages() {
    List<SecretId> created = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      created.add(id(String.format("n-%02d", i)));
    }
    created.addAll(List.of(SecretId.of(OTHER_SCOPE, "n-00"), SecretId.of(OTHER_SCOPE, "other"),
        SecretId.of(SecretId.INSTANCE_SCOPE, "n-00")));
    List<SecretId> shuffled = new ArrayList<>(created);
    Collections.shuffle(shuffled, new Random(11));
    for (SecretId id : shuffled) {
      store.create(id, metadata("writer", CREATED), values("k", canaries.plant()));
    }

    for (int pageSize : new int[] {1, 3, 100}) {
      assertThat(allIds(pageSize)).as("ids listed %d at a time", pageSize).containsExactlyInAnyOrderElementsOf(created);
    }
  }

  @Test
  void listIds_agreesWithList_andLeavesOutWhatWasDeleted() {
    StoredSecret doomed = store.create(id("doomed"), metadata("writer", CREATED), values("k", canaries.plant()));
    store.create(id("kept"), metadata("writer", CREATED), values("k", canaries.plant()));
    store.create(SecretId.of(OTHER_SCOPE, "doomed"), metadata("writer", CREATED), values("k", canaries.plant()));

    store.delete(id("doomed"), doomed.revision());

    List<SecretId> listed = new ArrayList<>();
    for (String scope : List.of(SCOPE, OTHER_SCOPE)) {
      listAll(scope, 10).forEach(summary -> listed.add(summary.id()));
    }
    assertThat(allIds(10)).containsExactlyInAnyOrderElementsOf(listed)
        .containsExactlyInAnyOrder(id("kept"), SecretId.of(OTHER_SCOPE, "doomed"));
  }

  @Test
  void listIds_ofAnEmptyStore_isEmpty_andABadTokenThrowsIllegalArgument() {
    assertThat(allIds(10)).isEmpty();

    store.create(id("listed"), metadata("writer", CREATED), values("k", canaries.plant()));
    Throwable thrown = catchThrowable(() -> store.listIds("%%not a token%%", 10));
    assertThat(thrown).as("a page token the store never issued").isInstanceOf(IllegalArgumentException.class);
    assertNoValueIn("a bad page token", thrown);
    assertThat(catchThrowable(() -> store.listIds(null, 0))).as("a page size of 0")
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void clientListAllIdsAndSimilar_spanEveryScope() {
    try (SecretClient client = client()) {
      client.apply(manifest("pg-r", "password", canaries.plant()));
      client.apply(manifest("pg-rw", "password", canaries.plant()));
      client.apply(manifest(OTHER_SCOPE, "pg", "password", canaries.plant()));
      client.apply(manifest(OTHER_SCOPE, "zeta", "password", canaries.plant()));

      assertThat(client.ids()).containsExactly(SecretId.of(SCOPE, "pg-r"), SecretId.of(SCOPE, "pg-rw"),
          SecretId.of(OTHER_SCOPE, "pg"), SecretId.of(OTHER_SCOPE, "zeta"));
      assertThat(client.listAll(SecretFilter.ALL)).extracting(SecretSummary::id)
          .containsExactlyElementsOf(client.ids());
      assertThat(client.listAll(new SecretFilter("nobody", List.of(), null))).isEmpty();
      assertThat(client.similar(SecretId.of(SCOPE, "pg"))).as("what public:pg may have meant")
          .containsExactly(SecretId.of(OTHER_SCOPE, "pg"), SecretId.of(SCOPE, "pg-r"), SecretId.of(SCOPE, "pg-rw"));
      assertThat(client.similar(SecretId.of(SCOPE, "pg-r"))).as("an id that exists").isEmpty();
      assertThat(client.similar(SecretId.of(SCOPE, "unrelated"))).isEmpty();
      assertNoValueIn(client.ids(), client.listAll(SecretFilter.ALL));
    }
  }

  // ---------------------------------------------------------------- delete

  @Test
  void delete_removesEveryVersion() {
    SecretId id = id("doomed");
    SecretId survivor = id("survivor");
    store.create(survivor, metadata("writer", CREATED), values("k", canaries.plant()));
    StoredSecret current = store.create(id, metadata("writer", CREATED), values("k", canaries.plant()));
    for (int i = 0; i < 2; i++) {
      current = store.update(id, current.revision(), metadata("writer", CREATED), values("k", canaries.plant()));
    }

    store.delete(id, current.revision());

    assertThat(store.read(id)).isEmpty();
    for (long version = 1; version <= 3; version++) {
      assertThat(store.read(id, version)).as("version " + version + " after delete").isEmpty();
    }
    assertThat(store.versions(id)).isEmpty();
    assertThat(store.head(id)).isEmpty();
    assertThat(store.probe(id)).isEmpty();
    assertThat(store.readAll(List.of(id, survivor))).containsOnlyKeys(survivor);
    assertThat(listAll(SCOPE, 10)).extracting(SecretSummary::id).containsExactly(survivor);
  }

  @Test
  void delete_withoutARevision_removesWhateverIsThere_andAMissingSecretIsChanged() {
    SecretId id = id("forced");
    StoredSecret created = store.create(id, metadata("writer", CREATED), values("k", canaries.plant()));
    store.update(id, created.revision(), metadata("writer", CREATED), values("k", canaries.plant()));

    store.delete(id, null);

    assertThat(store.read(id)).isEmpty();
    assertThat(store.head(id)).isEmpty();
    assertThat(store.versions(id)).isEmpty();
    Throwable again = catchThrowable(() -> store.delete(id, null));
    if (again != null) {
      assertThat(again).as("a forced delete of nothing").isInstanceOf(ConflictException.class);
    }
  }

  @Test
  void delete_thenCreate_startsAtVersionOne() {
    SecretId id = id("phoenix");
    StoredSecret current = store.create(id, metadata("writer", CREATED), values("k", canaries.plant()));
    current = store.update(id, current.revision(), metadata("writer", CREATED), values("k", canaries.plant()));
    store.delete(id, current.revision());

    Map<String, SecretValue> reborn = values("new-key", canaries.plant());
    StoredSecret recreated = store.create(id, metadata("reborn", CREATED.plusSeconds(1)), reborn);

    assertThat(recreated.version().number()).isEqualTo(1);
    assertThat(store.versions(id)).extracting(SecretVersion::number).containsExactly(1L);
    assertThat(store.read(id, 2)).isEmpty();
    StoredSecret read = store.read(id).orElseThrow();
    assertSameValues("values of the re-created secret", reborn, read.values());
    assertThat(read.metadata().updatedBy()).isEqualTo("reborn");
  }

  // ---------------------------------------------------------------- copies

  @Test
  void read_returnsFreshCopiesTheCallerMayDestroy() {
    SecretId id = id("copied");
    Map<String, SecretValue> values = values("a", canaries.plant(), "b", canaries.plant());
    store.create(id, metadata("writer", CREATED), values);

    StoredSecret first = store.read(id).orElseThrow();
    StoredSecret second = store.read(id).orElseThrow();
    for (String key : values.keySet()) {
      assertThat(first.values().get(key)).as("two reads share no value instance").isNotSameAs(second.values().get(key));
    }
    first.values().values().forEach(SecretValue::destroy);
    store.read(id, 1).orElseThrow().values().values().forEach(SecretValue::destroy);
    store.readAll(List.of(id)).values().forEach(secret -> secret.values().values().forEach(SecretValue::destroy));

    assertSameValues("values read after the caller destroyed earlier reads", values, store.read(id).orElseThrow().values());
    assertSameValues("values read before the others were destroyed", values, second.values());
  }

  @Test
  void write_callerDestroysItsValuesAfterwards_storedCopyIntact() {
    SecretId id = id("wiped-by-caller");
    String first = canaries.plant();
    String second = canaries.plant();
    Map<String, SecretValue> given = values("k", first);
    StoredSecret created = store.create(id, metadata("writer", CREATED), given);
    given.values().forEach(SecretValue::destroy);
    created.values().values().forEach(SecretValue::destroy);

    assertSameValues("values after the caller destroyed what it gave and got", values("k", first),
        store.read(id).orElseThrow().values());

    Map<String, SecretValue> next = values("k", second);
    StoredSecret updated = store.update(id, store.read(id).orElseThrow().revision(), metadata("writer", CREATED), next);
    next.values().forEach(SecretValue::destroy);
    updated.values().values().forEach(SecretValue::destroy);

    assertSameValues("version 2 after the caller destroyed its values", values("k", second),
        store.read(id).orElseThrow().values());
    if (retainedOr(2) >= 2) {
      assertSameValues("version 1, still intact", values("k", first), store.read(id, 1).orElseThrow().values());
    }
  }

  // ---------------------------------------------------------------- defaults that stores may override

  @Test
  void readAll_agreesWithRead() {
    SecretId a = id("bulk-a");
    SecretId b = id("bulk-b");
    SecretId missing = id("bulk-missing");
    StoredSecret createdA = store.create(a, metadata("writer", CREATED), values("k", canaries.plant()));
    store.update(a, createdA.revision(), metadata("writer", CREATED), values("k", canaries.plant()));
    store.create(b, metadata("writer", CREATED), values("k", canaries.plant(), "l", canaries.plant()));

    Map<SecretId, StoredSecret> all = store.readAll(List.of(b, missing, a));

    assertThat(all).containsOnlyKeys(a, b);
    for (SecretId id : List.of(a, b)) {
      StoredSecret single = store.read(id).orElseThrow();
      StoredSecret bulk = all.get(id);
      assertThat(bulk.id()).isEqualTo(id);
      assertThat(bulk.revision()).isEqualTo(single.revision());
      assertThat(bulk.version()).isEqualTo(single.version());
      assertThat(bulk.metadata()).isEqualTo(single.metadata());
      assertSameValues("values read in bulk", single.values(), bulk.values());
    }
    assertThat(store.readAll(List.of())).isEmpty();
  }

  @Test
  void headAndProbe_agreeWithRead_afterEveryKindOfWrite() {
    SecretId id = id("latest");
    StoredSecret created = store.create(id, metadata("writer", CREATED), values("k", canaries.plant()));
    assertAgree(id, created);
    StoredSecret updated = store.update(id, created.revision(), metadata("writer", CREATED.plusSeconds(3)),
        values("k", canaries.plant(), "k2", canaries.plant()));
    assertAgree(id, updated);
    SecretHead relabelled = store.updateMetadata(id, updated.revision(), metadata("relabeller",
        CREATED.plusSeconds(4)).withGrants(List.of(new Grant("reader", Permission.CAN_USE))));
    assertThat(relabelled.latest()).as("a metadata change keeps the version").isEqualTo(updated.version());
    assertThat(store.head(id)).contains(relabelled);
    assertAgree(id, store.read(id).orElseThrow());
  }

  private void assertAgree(SecretId id, StoredSecret written) {
    StoredSecret read = store.read(id).orElseThrow();
    assertThat(read.head()).as("read agrees with the write").isEqualTo(written.head());
    assertThat(store.head(id)).as("head agrees with read").contains(read.head());
    assertThat(store.probe(id)).as("probe agrees with read").contains(read.revision());
    StoredSecret bulk = store.readAll(List.of(id)).get(id);
    assertThat(bulk).as("readAll agrees with read").isEqualTo(read);
    assertThat(listAll(id.scope(), 100)).as("list agrees with head").contains(read.head().summary());
  }

  // ---------------------------------------------------------------- close

  @Test
  void close_isIdempotentAndThenEveryMethodThrowsIllegalState() {
    SecretId id = id("closing");
    StoredSecret created = store.create(id, metadata("writer", CREATED), values("k", canaries.plant()));
    String revision = created.revision();

    store.close();
    store.close();

    Map<String, Runnable> calls = new LinkedHashMap<>();
    calls.put("read", () -> store.read(id));
    calls.put("read(id, version)", () -> store.read(id, 1));
    calls.put("readAll", () -> store.readAll(List.of(id)));
    calls.put("head", () -> store.head(id));
    calls.put("probe", () -> store.probe(id));
    calls.put("list", () -> store.list(SCOPE, null, 10));
    calls.put("listIds", () -> store.listIds(null, 10));
    calls.put("versions", () -> store.versions(id));
    calls.put("create", () -> store.create(id("after-close"), metadata("writer", CREATED), values("k", canaries.plant())));
    calls.put("update", () -> store.update(id, revision, metadata("writer", CREATED), values("k", canaries.plant())));
    calls.put("updateMetadata", () -> store.updateMetadata(id, revision, metadata("writer", CREATED)));
    calls.put("delete", () -> store.delete(id, revision));
    calls.forEach((name, call) -> {
      Throwable thrown = catchThrowable(call::run);
      assertThat(thrown).as(name + " after close").isInstanceOf(IllegalStateException.class);
      assertNoValueIn(name + " after close", thrown);
    });
  }

  @Test
  void reopen_persistentStore_keepsEverything() {
    assumeTrue(store.capabilities().persistent(), "the store is not persistent");
    SecretId id = id("durable");
    Map<String, SecretValue> first = values("k", canaries.plant());
    Map<String, SecretValue> second = values("k", canaries.plant(), "bin", "\u0000\u00ff" + canaries.plant());
    StoredSecret current = store.create(id, metadata("writer", CREATED), first);
    current = store.update(id, current.revision(), metadata("writer", CREATED.plusSeconds(1)), second);
    store.updateMetadata(id, current.revision(), metadata("relabeller", CREATED.plusSeconds(2)));
    current = store.read(id).orElseThrow();
    List<SecretVersion> versions = store.versions(id);
    store.close();

    store = Objects.requireNonNull(reopenStore(), "reopenStore() returned null");
    opened.add(store);

    StoredSecret read = store.read(id).orElseThrow(() -> new AssertionError("the secret did not outlive its session"));
    assertThat(read.revision()).isEqualTo(current.revision());
    assertThat(read.version()).isEqualTo(current.version());
    assertThat(read.metadata()).isEqualTo(current.metadata());
    assertSameValues("values after reopening", second, read.values());
    assertThat(store.versions(id)).isEqualTo(versions);
    if (retainedOr(2) >= 2) {
      assertSameValues("version 1 after reopening", first, store.read(id, 1).orElseThrow().values());
    }
    StoredSecret updated = store.update(id, read.revision(), metadata("writer", CREATED), values("k", canaries.plant()));
    assertThat(updated.version().number()).isEqualTo(3);
    assertThat(updated.revision()).isNotEqualTo(read.revision());
  }

  // ---------------------------------------------------------------- concurrency

  @Test
  void update_concurrentWriters_loseNoUpdate() throws Exception {
    SecretId id = id("contended");
    store.create(id, metadata("writer", CREATED), values("counter", "0", "writer", canaries.plant()));
    Map<Long, Long> counterByVersion = new ConcurrentHashMap<>();
    AtomicInteger conflicts = new AtomicInteger();
    // Lockstep rounds: every writer reads, then every writer writes, so each round is a real race.
    CyclicBarrier lockstep = new CyclicBarrier(concurrentWriters());

    runConcurrently(writer -> {
      String label = "writer-" + writer;
      for (int i = 0; i < concurrentWritesPerWriter(); i++) {
        StoredSecret current = store.read(id).orElseThrow(() -> new AssertionError("the contended secret vanished"));
        long counter = Long.parseLong(current.values().get("counter").asString());
        lockstep.await(CONCURRENCY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        try {
          StoredSecret written = store.update(id, current.revision(), metadata(label, CREATED),
              values("counter", Long.toString(counter + 1), "writer", canaries.plant()));
          Long previous = counterByVersion.put(written.version().number(), counter + 1);
          if (previous != null) {
            throw new AssertionError("two updates both succeeded as version " + written.version().number());
          }
        } catch (ConflictException e) {
          assertThat(e.reason()).as("the only conflict a concurrent update may meet").isEqualTo(ConflictException.Reason.CHANGED);
          assertNoValueIn("a conflict under concurrency", e);
          conflicts.incrementAndGet();
        }
        lockstep.await(CONCURRENCY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
    });

    int successes = counterByVersion.size();
    int attempts = concurrentWriters() * concurrentWritesPerWriter();
    assertThat(successes + conflicts.get()).as("every update either succeeded or conflicted").isEqualTo(attempts);
    assertThat(successes).as("successful updates").isPositive();
    StoredSecret last = store.read(id).orElseThrow();
    assertThat(last.version().number()).as("final version after %d successful updates", successes)
        .isEqualTo(1L + successes);
    assertThat(Long.parseLong(last.values().get("counter").asString()))
        .as("the counter each successful update incremented: a lower value means an update was lost")
        .isEqualTo(successes);
    for (Map.Entry<Long, Long> write : counterByVersion.entrySet()) {
      assertThat(write.getValue()).as("counter written as version %d", write.getKey()).isEqualTo(write.getKey() - 1);
    }
    for (long version : keptVersions(1 + successes)) {
      assertThat(Long.parseLong(store.read(id, version).orElseThrow().values().get("counter").asString()))
          .as("counter in version %d", version).isEqualTo(version - 1);
    }
  }

  @Test
  void updateMetadata_concurrentWriters_exactlyOneWinsEachRound() throws Exception {
    SecretId id = id("contended-metadata");
    store.create(id, metadata("writer", CREATED), values("k", canaries.plant()));
    int rounds = concurrentWritesPerWriter();
    Map<Integer, List<SecretHead>> winners = new ConcurrentHashMap<>();
    Map<Integer, SecretHead> afterRound = new ConcurrentHashMap<>();
    AtomicInteger conflicts = new AtomicInteger();
    CyclicBarrier lockstep = new CyclicBarrier(concurrentWriters());

    runConcurrently(concurrentWriters(), writer -> {
      for (int round = 0; round < rounds; round++) {
        String revision = store.head(id).orElseThrow(() -> new AssertionError("the contended secret vanished"))
            .revision();
        lockstep.await(CONCURRENCY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        SecretMetadata mine = metadata("writer-" + writer + "-round-" + round, CREATED.plusSeconds(round))
            .withGrants(List.of(new Grant("reader-" + writer, Permission.CAN_USE)));
        try {
          SecretHead written = store.updateMetadata(id, revision, mine);
          assertThat(written.metadata()).as("the metadata updateMetadata returned").isEqualTo(mine);
          winners.computeIfAbsent(round, r -> Collections.synchronizedList(new ArrayList<>())).add(written);
        } catch (ConflictException e) {
          assertThat(e.reason()).as("the only conflict a racing metadata write may meet")
              .isEqualTo(ConflictException.Reason.CHANGED);
          assertNoValueIn("a conflict of racing metadata writes", e);
          conflicts.incrementAndGet();
        }
        lockstep.await(CONCURRENCY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        // Nobody writes until writer 0 reaches the next round's barrier, so this is the round's outcome.
        if (writer == 0) {
          afterRound.put(round, store.head(id).orElseThrow());
        }
      }
    });

    assertThat(conflicts.get()).as("conflicts: every writer but the winner, every round")
        .isEqualTo(rounds * (concurrentWriters() - 1));
    for (int round = 0; round < rounds; round++) {
      List<SecretHead> won = winners.getOrDefault(round, List.of());
      assertThat(won).as("writers whose metadata write won round %d from the same revision", round).hasSize(1);
      SecretHead winner = won.get(0);
      assertThat(afterRound.get(round)).as("the head after round %d is the winner's", round).isEqualTo(winner);
    }
    StoredSecret last = store.read(id).orElseThrow();
    assertThat(last.version().number()).as("metadata writes keep the version").isEqualTo(1);
    assertThat(last.metadata()).isEqualTo(afterRound.get(rounds - 1).metadata());
  }

  @Test
  void delete_racingUpdateMetadata_exactlyOneWinsNeverAThirdState() throws Exception {
    raceDelete("metadata", (id, revision, round) -> {
      store.updateMetadata(id, revision, metadata("racer-" + round, CREATED.plusSeconds(round)));
      return null;
    });
  }

  @Test
  void delete_racingUpdate_exactlyOneWinsNeverAThirdState() throws Exception {
    raceDelete("values", (id, revision, round) -> store.update(id, revision,
        metadata("racer-" + round, CREATED.plusSeconds(round)), values("k", canaries.plant())));
  }

  private interface RacingWrite {
    StoredSecret write(SecretId id, String revision, int round);
  }

  /**
   * Creates one secret per round; in each round one thread deletes it and another writes it with
   * {@code write}, both from the revision it was created with, released together.
   */
  private void raceDelete(String kind, RacingWrite write) throws Exception {
    int rounds = concurrentWritesPerWriter();
    List<SecretId> ids = new ArrayList<>();
    List<String> revisions = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      SecretId id = id("race-delete-" + kind + "-" + round);
      ids.add(id);
      revisions.add(store.create(id, metadata("writer", CREATED), values("k", canaries.plant())).revision());
    }
    Map<Integer, Boolean> deleted = new ConcurrentHashMap<>();
    Map<Integer, Boolean> written = new ConcurrentHashMap<>();
    CyclicBarrier start = new CyclicBarrier(2);

    runConcurrently(2, racer -> {
      for (int round = 0; round < rounds; round++) {
        SecretId id = ids.get(round);
        start.await(CONCURRENCY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        try {
          if (racer == 0) {
            store.delete(id, revisions.get(round));
            deleted.put(round, true);
          } else {
            StoredSecret result = write.write(id, revisions.get(round), round);
            if (result != null) {
              result.values().values().forEach(SecretValue::destroy);
            }
            written.put(round, true);
          }
        } catch (ConflictException e) {
          assertThat(e.reason()).as("the only conflict a racing %s may meet", racer == 0 ? "delete" : "write")
              .isEqualTo(ConflictException.Reason.CHANGED);
          assertNoValueIn("a conflict of a delete race", e);
        }
      }
    });

    boolean conditional = store.capabilities().has(Capability.CONDITIONAL_DELETE);
    for (int round = 0; round < rounds; round++) {
      SecretId id = ids.get(round);
      boolean deleteWon = deleted.getOrDefault(round, false);
      boolean writeWon = written.getOrDefault(round, false);
      assertThat(deleteWon || writeWon).as("round %d: one of delete and %s write succeeds", round, kind).isTrue();
      if (conditional) {
        assertThat(deleteWon && writeWon).as("round %d: a conditional delete and a %s write from one revision"
            + " both succeeded", round, kind).isFalse();
      }
      Optional<StoredSecret> left = store.read(id);
      if (deleteWon) {
        assertThat(left).as("round %d: the delete succeeded, so the secret is gone", round).isEmpty();
        assertThat(store.head(id)).isEmpty();
        assertThat(store.versions(id)).isEmpty();
      } else {
        StoredSecret kept = left.orElseThrow(() -> new AssertionError("the write won, yet the secret is gone"));
        assertThat(kept.metadata().updatedBy()).as("round %d: the winning write's metadata", round)
            .isEqualTo("racer-" + round);
        assertThat(kept.revision()).isNotEqualTo(revisions.get(round));
        assertThat(store.head(id)).contains(kept.head());
      }
    }
  }

  @Test
  void clientGrantAndRevoke_concurrentPrincipals_loseNoGrantAndKeepNoRevokedOne() throws Exception {
    int writers = concurrentWriters();
    int rounds = concurrentWritesPerWriter();
    // In one lockstep round a write can lose only to the other writers' writes of that round, so the
    // client's retries on CHANGED always suffice when there are fewer writers than it has attempts.
    assumeTrue(writers < 20, "the client retries a metadata change at most 20 times");
    try (SecretClient client = client()) {
      SecretId id = id("contended-grants");
      client.apply(manifest(id.name(), "password", canaries.plant()));
      CyclicBarrier lockstep = new CyclicBarrier(writers);

      runConcurrently(writers, writer -> {
        for (int round = 0; round < rounds; round++) {
          lockstep.await(CONCURRENCY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
          client.grant(id, grantee(writer, round), Permission.CAN_USE);
        }
      });
      List<Grant> granted = client.describe(id).metadata().grants();
      for (int writer = 0; writer < writers; writer++) {
        for (int round = 0; round < rounds; round++) {
          assertThat(granted).as("grants after concurrent grants: none lost")
              .contains(new Grant(grantee(writer, round), Permission.CAN_USE));
        }
      }

      runConcurrently(writers, writer -> {
        for (int round = 0; round < rounds; round += 2) {
          lockstep.await(CONCURRENCY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
          client.revoke(id, grantee(writer, round), Permission.CAN_USE);
        }
      });
      List<Grant> left = store.read(id).orElseThrow().metadata().grants();
      for (int writer = 0; writer < writers; writer++) {
        for (int round = 0; round < rounds; round++) {
          Grant grant = new Grant(grantee(writer, round), Permission.CAN_USE);
          if (round % 2 == 0) {
            assertThat(left).as("grants after concurrent revokes: a revoked grant reads back").doesNotContain(grant);
          } else {
            assertThat(left).as("grants after concurrent revokes: a kept grant was lost").contains(grant);
          }
        }
      }
      assertThat(client.describe(id).latest().number()).as("grants and revokes keep the version").isEqualTo(1);
    }
  }

  private static String grantee(int writer, int round) {
    return "grantee-" + writer + "-" + round;
  }

  @Test
  void clientApply_concurrentWriters_versionsMatchSuccesses() throws Exception {
    try (SecretClient client = client()) {
      SecretId id = id("contended-apply");
      List<ApplyResult> successes = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger conflicts = new AtomicInteger();

      runConcurrently(writer -> {
        for (int i = 0; i < concurrentWritesPerWriter(); i++) {
          try {
            successes.add(client.apply(manifest(id.name(), "password", canaries.plant())));
          } catch (ConflictException e) {
            assertNoValueIn("a conflict of a concurrent apply", e);
            conflicts.incrementAndGet();
          }
        }
      });

      assertThat(successes.size() + conflicts.get()).isEqualTo(concurrentWriters() * concurrentWritesPerWriter());
      assertThat(successes).extracting(ApplyResult::outcome).doesNotContain(ApplyResult.Outcome.UNCHANGED);
      assertThat(successes).filteredOn(result -> result.outcome() == ApplyResult.Outcome.CREATED).hasSize(1);
      assertThat(successes).extracting(ApplyResult::version).doesNotHaveDuplicates();
      assertThat(client.describe(id).latest().number()).as("versions after %d successful applies", successes.size())
          .isEqualTo(successes.size());
    }
  }

  // ---------------------------------------------------------------- through a client

  @Test
  void client_applyResolveGetVersionsDelete_roundTrip() {
    try (SecretClient client = client()) {
      String first = canaries.plant();
      String second = canaries.plant();
      SecretId id = id("through-client");
      String ref = id + "#password";

      ApplyResult created = client.apply(manifest(id.name(), "password", first));
      assertThat(created.outcome()).isEqualTo(ApplyResult.Outcome.CREATED);
      assertThat(created.version()).isEqualTo(1);
      assertThat(client.resolve(ref).asString().equals(first)).as("resolve gives the applied value").isTrue();

      ApplyResult updated = client.apply(manifest(id.name(), "password", second));
      assertThat(updated.outcome()).isEqualTo(ApplyResult.Outcome.UPDATED);
      assertThat(updated.version()).isEqualTo(2);
      assertThat(client.apply(manifest(id.name(), "password", second)).outcome())
          .isEqualTo(ApplyResult.Outcome.UNCHANGED);

      Secret latest = client.get(id);
      assertThat(latest.version().number()).isEqualTo(2);
      assertThat(latest.value("password").asString().equals(second)).as("get gives the latest value").isTrue();
      assertThat(client.resolve(ref + "@1").asString().equals(first)).as("a pinned ref gives version 1").isTrue();
      assertThat(client.versions(id)).extracting(SecretVersion::number).containsExactlyElementsOf(keptVersions(2));
      assertThat(client.list(SCOPE, SecretFilter.ALL)).extracting(SecretSummary::id).containsExactly(id);
      assertNoValueIn(latest, client.describe(id));
      assertNoValueIn("a missing key", catchThrowable(() -> client.resolve(id + "#nope")));

      client.delete(id, false);

      assertThat(catchThrowable(() -> client.get(id))).isInstanceOf(SecretNotFoundException.class);
      assertThat(catchThrowable(() -> client.versions(id))).isInstanceOf(SecretNotFoundException.class);
      Throwable gone = catchThrowable(() -> client.resolve(ref));
      assertThat(gone).isInstanceOf(SecretNotFoundException.class);
      assertNoValueIn("resolve after delete", gone);
      assertThat(store.read(id)).isEmpty();
    }
  }

  // ---------------------------------------------------------------- a caching client on this store

  @Test
  void cachedClient_hitsCallNothing_andAfterItsTtl_probeOnce_andRereadOnlyAChange() {
    SecretId id = id("cached");
    String first = canaries.plant();
    String second = canaries.plant();
    store.create(id, metadata("writer", CREATED), values("password", first));
    FaultInjectingStore counted = FaultInjectingStore.builder(store).build();
    AtomicLong now = new AtomicLong();
    SecretRef ref = SecretRef.to(id, "password");
    try (SecretClient client = cachedClient(counted, now, "contract")) {
      assertThat(client.resolve(ref).asString()).isEqualTo(first);
      long loaded = counted.totalCalls();
      assertThat(client.resolve(ref).asString()).isEqualTo(first);
      assertThat(counted.totalCalls()).as("calls of a cache hit").isEqualTo(loaded);

      now.addAndGet(CACHE_TTL.toNanos());
      assertThat(client.resolve(ref).asString()).isEqualTo(first);
      assertThat(counted.calls(FaultInjectingStore.Operation.PROBE)).as("probes of an unchanged secret").isEqualTo(1);
      assertThat(counted.totalCalls()).as("calls after the TTL of an unchanged secret").isEqualTo(loaded + 1);

      StoredSecret current = store.read(id).orElseThrow();
      wipe(current);
      wipe(store.update(id, current.revision(), metadata("writer", CREATED), values("password", second)));
      assertThat(client.resolve(ref).asString()).isEqualTo(first);
      now.addAndGet(CACHE_TTL.toNanos());
      assertThat(client.resolve(ref).asString()).as("the value after the TTL of a change").isEqualTo(second);
    }
  }

  @Test
  void cachedClient_deniesARevokedGrantWithinOneTtl() {
    SecretId id = id("cached-grant");
    store.create(id, metadata("writer", CREATED), values("password", canaries.plant()));
    AtomicLong now = new AtomicLong();
    SecretRef ref = SecretRef.to(id, "password");
    try (SecretClient reader = cachedClient(store, now, "contract-reader"); SecretClient admin = client()) {
      reader.resolve(ref).destroy();
      admin.revoke(id, "contract-reader", Permission.CAN_USE);
      reader.resolve(ref).destroy();

      now.addAndGet(CACHE_TTL.toNanos());

      assertThat(catchThrowable(() -> reader.resolve(ref))).as("a revoked grant after one TTL")
          .isInstanceOf(AccessDeniedException.class);
    }
  }

  @Test
  void cachedClient_servesTheLastValueStale_whileTheStoreFailsTransiently() {
    SecretId id = id("cached-stale");
    String value = canaries.plant();
    store.create(id, metadata("writer", CREATED), values("password", value));
    FaultInjectingStore failing = FaultInjectingStore.builder(store).build();
    AtomicLong now = new AtomicLong();
    SecretRef ref = SecretRef.to(id, "password");
    try (SecretClient client = cachedClient(failing, now, "contract")) {
      client.resolve(ref).destroy();
      failing.failNext(FaultInjectingStore.Operation.PROBE, 1, FaultInjectingStore.Fault.unavailable());
      now.addAndGet(CACHE_TTL.toNanos());

      Resolution stale = client.lookup(ref);

      assertThat(stale.stale()).isTrue();
      assertThat(stale.value().asString()).isEqualTo(value);
      assertThat(stale.failure()).containsInstanceOf(StoreUnavailableException.class);
    }
  }

  @Test
  void resolveAll_readsEachSecretOnce_inOneBulkReadWhereTheStoreHasOne() {
    store.create(id("all-a"), metadata("writer", CREATED), values("user", "fake-user-a", "password", canaries.plant()))
        .values().values().forEach(SecretValue::destroy);
    String b = canaries.plant();
    store.create(id("all-b"), metadata("writer", CREATED), values("token", b)).values().values()
        .forEach(SecretValue::destroy);
    FaultInjectingStore counted = FaultInjectingStore.builder(store).build();
    List<SecretRef> refs = List.of(SecretRef.to(id("all-a"), "user"), SecretRef.to(id("all-b"), "token"),
        SecretRef.to(id("all-a"), "password"));
    try (SecretClient client = SecretClient.builder().store(counted).principal(Principal.localUser("contract"))
        .environment(Map.of()).build()) {
      Map<SecretRef, SecretValue> resolved = client.resolveAll(refs);

      assertThat(resolved.keySet()).containsExactlyElementsOf(refs);
      assertThat(resolved.get(refs.get(0)).asString()).isEqualTo("fake-user-a");
      assertThat(resolved.get(refs.get(1)).asString()).isEqualTo(b);
      resolved.values().forEach(SecretValue::destroy);
    }
    if (store.capabilities().has(Capability.BULK_READ)) {
      assertThat(counted.calls()).as("calls of a store that reads in bulk")
          .containsOnly(Map.entry(FaultInjectingStore.Operation.READ_ALL, 1L));
    } else {
      assertThat(counted.calls()).as("calls of a store that reads secret by secret")
          .containsOnly(Map.entry(FaultInjectingStore.Operation.READ, 2L));
    }
  }

  private static SecretClient cachedClient(SecretStore on, AtomicLong nanos, String principal) {
    Principal acting = principal.equals("contract") ? Principal.localUser(principal)
        : Principal.of(principal, Role.DATA_DEVELOPER);
    return SecretClient.builder().store(on).clock(new ManualClock(CREATED)).principal(acting).environment(Map.of())
        .cache(CachePolicy.defaults().withTtl(CACHE_TTL)).ticker(nanos::get).build();
  }

  // ---------------------------------------------------------------- projections

  @Test
  void projection_rendersEveryFormFromOneReadOfOneVersion_andRegistersTheConsumer() {
    SecretId id = id("proj-db");
    String ca = canaries.plant();
    String password = canaries.plant();
    StoredSecret created = store.create(id, metadata("writer", CREATED), values("ca", ca, "user", "fake-user",
        "password", canaries.plant()));
    wipe(created);
    wipe(store.update(id, created.revision(), metadata("writer", CREATED), values("ca", ca, "user", "fake-user-2",
        "password", password)));
    FaultInjectingStore counted = FaultInjectingStore.builder(store).build();
    try (SecretClient client = SecretClient.builder().store(counted).clock(new ManualClock(CREATED))
        .principal(Principal.localUser("contract")).environment(Map.of()).build()) {
      ProjectionChecks.rendersEveryFormFromOneRead(client, counted, id, 2, password, ca, canaries);
    }
  }

  @Test
  void projection_renderedAgainThroughACache_probesOnceAfterItsTtl_andReadsOnlyAChange() {
    SecretId id = id("proj-db");
    StoredSecret created = store.create(id, metadata("writer", CREATED), values("ca", "fake-ca", "user", "fake-user",
        "password", canaries.plant()));
    wipe(created);
    FaultInjectingStore counted = FaultInjectingStore.builder(store).build();
    AtomicLong now = new AtomicLong();
    try (SecretClient client = cachedClient(counted, now, "contract")) {
      ProjectionRenderer renderer = new ProjectionRenderer(client);
      renderer.render(ProjectionChecks.consumers()).destroy();
      long loaded = counted.totalCalls();

      renderer.render(ProjectionChecks.consumers()).destroy();
      assertThat(counted.totalCalls()).as("calls of a render within the TTL").isEqualTo(loaded);
      now.addAndGet(CACHE_TTL.toNanos());
      renderer.render(ProjectionChecks.consumers()).destroy();
      assertThat(counted.totalCalls()).as("calls of a render after the TTL of an unchanged secret")
          .isEqualTo(loaded + 1);
      assertThat(counted.calls(FaultInjectingStore.Operation.PROBE)).isEqualTo(1);

      wipe(store.update(id, created.revision(), metadata("writer", CREATED), values("ca", "fake-ca", "user",
          "fake-user-2", "password", canaries.plant())));
      now.addAndGet(CACHE_TTL.toNanos());
      RenderedProjection changed = renderer.render(ProjectionChecks.consumers());
      assertThat(changed.env()).containsEntry("user", "fake-user-2");
      assertThat(changed.versions()).containsValue(2L);
    }
  }

  // ---------------------------------------------------------------- leaks

  @Test
  void messagesAndToStrings_neverContainValues() {
    SecretId id = id("leaky");
    StoredSecret created = store.create(id, metadata("writer", CREATED), values("k", canaries.plant()));
    StoredSecret updated = store.update(id, created.revision(), metadata("writer", CREATED), values("k", canaries.plant()));

    assertNoValueIn(created, updated, store.read(id).orElseThrow(), store.read(id, 1).orElseThrow(),
        store.list(SCOPE, null, 10), store.listIds(null, 10), store.versions(id), store.readAll(List.of(id)), store.head(id), store.probe(id),
        store.description(), store);
    assertNoValueIn("EXISTS", catchThrowable(() -> store.create(id, metadata("writer", CREATED),
        values("k", canaries.plant()))));
    assertNoValueIn("CHANGED", catchThrowable(() -> store.update(id, created.revision(), metadata("writer", CREATED),
        values("k", canaries.plant()))));
    if (store.limits().maxValueBytes() < MAX_TEST_BYTES) {
      Map<String, SecretValue> big = new LinkedHashMap<>();
      big.put("k", paddedCanary(store.limits().maxValueBytes() + 1));
      assertNoValueIn("a limit", catchThrowable(() -> store.update(id, updated.revision(), metadata("writer", CREATED),
          big)));
    }
    store.close();
    assertNoValueIn("closed", catchThrowable(() -> store.read(id)));
  }

  // ---------------------------------------------------------------- helpers

  private SecretClient client() {
    return SecretClient.builder().store(store).clock(new ManualClock(CREATED)).principal(Principal.localUser("contract"))
        .environment(Map.of()).build();
  }

  private static SecretManifest manifest(String name, String key, String value) {
    return manifest(name, values(key, value), "written by the contract kit");
  }

  private static SecretManifest manifest(String name, Map<String, SecretValue> data, String description) {
    return manifest(SCOPE, name, data, description);
  }

  private static SecretManifest manifest(String scope, String name, String key, String value) {
    return manifest(scope, name, values(key, value), "written by the contract kit");
  }

  private static SecretManifest manifest(String scope, String name, Map<String, SecretValue> data,
      String description) {
    return new SecretManifest(name, "v1", SecretManifest.TYPE_SECRET, List.of("contract"), description, null, null,
        scope, new SecretSection("key-value", "r", data, Map.of()));
  }

  private interface Writer {
    void write(int writer) throws Exception;
  }

  private void runConcurrently(Writer body) throws Exception {
    runConcurrently(concurrentWriters(), body);
  }

  private void runConcurrently(int writers, Writer body) throws Exception {
    if (writers < 1 || concurrentWritesPerWriter() < 1) {
      throw new IllegalStateException("concurrentWriters() and concurrentWritesPerWriter() must be at least 1");
    }
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        int writer = i;
        futures.add(pool.submit(() -> {
          start.await();
          body.write(writer);
          return null;
        }));
      }
      start.countDown();
      Throwable first = null;
      for (Future<Void> future : futures) {
        try {
          future.get(CONCURRENCY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          // A writer that fails breaks the others' barrier; report the failure, not the broken barrier.
          Throwable cause = e.getCause();
          if (first == null || first instanceof BrokenBarrierException) {
            first = cause;
          }
        } catch (TimeoutException e) {
          throw new AssertionError("concurrent writers did not finish within " + CONCURRENCY_TIMEOUT_SECONDS
              + " s: a deadlock, or lower concurrentWritesPerWriter() for this store", e);
        }
      }
      if (first instanceof Error error) {
        throw error;
      }
      if (first != null) {
        throw (Exception) first;
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void wipe(StoredSecret secret) {
    secret.values().values().forEach(SecretValue::destroy);
  }

  private static SecretId id(String name) {
    return SecretId.of(SCOPE, name);
  }

  private static SecretMetadata metadata(String author, Instant at) {
    return new SecretMetadata("secret", "v1", "key-value", "rw", "contract-owner", List.of("contract", "tier-gold"),
        "written by the contract kit", "user", List.of(new Grant("contract-reader", Permission.CAN_USE)),
        List.of("depot:v2alpha:contract"), CREATED, "contract-owner", at, author,
        Map.of("ca", "ca.pem", "tls.key", "server key.pem"));
  }

  private static Map<String, SecretValue> values(String... keysAndValues) {
    Map<String, SecretValue> values = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      values.put(keysAndValues[i], SecretValue.ofString(keysAndValues[i + 1]));
    }
    return values;
  }

  private SecretValue paddedCanary(int length) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) 'x');
    byte[] canary = canaries.plant().getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(canary, 0, bytes, 0, Math.min(canary.length, length));
    return SecretValue.ofBytes(bytes);
  }

  private int retainedOr(int all) {
    int retained = store.capabilities().versionsRetained();
    return retained == 0 ? all : retained;
  }

  /** Returns the version numbers the store keeps of {@code latest} versions, given its retention. */
  private List<Long> keptVersions(long latest) {
    long kept = Math.min(latest, retainedOr(Integer.MAX_VALUE));
    List<Long> numbers = new ArrayList<>();
    for (long version = latest - kept + 1; version <= latest; version++) {
      numbers.add(version);
    }
    return numbers;
  }

  private List<SecretSummary> listAll(String scope, int pageSize) {
    List<SecretSummary> all = new ArrayList<>();
    String token = null;
    for (int page = 0; page < 10_000; page++) {
      Page<SecretSummary> listed = store.list(scope, token, pageSize);
      assertThat(listed.items().size()).as("items on a page of at most %d", pageSize).isLessThanOrEqualTo(pageSize);
      assertNoValueIn(listed);
      all.addAll(listed.items());
      Optional<String> next = listed.next();
      if (next.isEmpty()) {
        assertThat(all).extracting(SecretSummary::id).as("ids listed across pages").doesNotHaveDuplicates();
        return all;
      }
      token = next.get();
    }
    throw new AssertionError("listing " + scope + " did not end after 10,000 pages");
  }

  /** Returns every id {@link SecretStore#listIds} gives, {@code pageSize} at a time, checking each page's shape. */
  private List<SecretId> allIds(int pageSize) {
    List<SecretId> all = new ArrayList<>();
    String token = null;
    for (int page = 0; page < 10_000; page++) {
      Page<SecretId> listed = store.listIds(token, pageSize);
      assertThat(listed.items().size()).as("ids on a page of at most %d", pageSize).isLessThanOrEqualTo(pageSize);
      all.addAll(listed.items());
      Optional<String> next = listed.next();
      if (next.isEmpty()) {
        assertThat(all).as("ids listed across pages").doesNotHaveDuplicates();
        return all;
      }
      token = next.get();
    }
    throw new AssertionError("listing ids did not end after 10,000 pages");
  }

  private void assertNothingIn(SecretId id) {
    assertThat(store.read(id)).as("a refused write left nothing behind").isEmpty();
    assertThat(store.versions(id)).isEmpty();
    assertThat(listAll(id.scope(), 100)).extracting(SecretSummary::id).doesNotContain(id);
    assertThat(allIds(100)).doesNotContain(id);
  }

  private ConflictException expectConflict(ConflictException.Reason reason, Runnable write) {
    Throwable thrown = catchThrowable(write::run);
    assertThat(thrown).as("expected a " + reason + " conflict").isInstanceOf(ConflictException.class);
    ConflictException conflict = (ConflictException) thrown;
    assertThat(conflict.reason()).isEqualTo(reason);
    assertNoValueIn(reason + " conflict", conflict);
    return conflict;
  }

  private void expectRefusal(String what, Supplier<?> call) {
    Throwable thrown = catchThrowable(call::get);
    assertThat(thrown).as(what + " is an invalid manifest").isInstanceOf(InvalidManifestException.class);
    assertThat(((InvalidManifestException) thrown).isRetryable()).isFalse();
    assertNoValueIn(what, thrown);
  }

  /** Compares values without ever printing one: keys, lengths and the first differing byte only. */
  private static void assertSameValues(String what, Map<String, SecretValue> expected, Map<String, SecretValue> actual) {
    assertThat(actual.keySet()).as("keys of " + what).containsExactlyElementsOf(expected.keySet());
    for (String key : expected.keySet()) {
      SecretValue actualValue = actual.get(key);
      if (actualValue == null || actualValue.isDestroyed()) {
        fail(what + ": the value of key " + key + " is " + (actualValue == null ? "null" : "destroyed"));
      }
      byte[] want = expected.get(key).bytes();
      byte[] got = actualValue.bytes();
      int mismatch = Arrays.mismatch(want, got);
      if (mismatch >= 0) {
        fail(what + ": the value of key " + key + " differs at byte " + mismatch + " (expected " + want.length
            + " bytes, got " + got.length + ")");
      }
    }
  }

  private void assertNoValueIn(Object... returned) {
    for (Object object : returned) {
      String text = String.valueOf(object);
      canaries.assertAbsent("the toString of a returned " + (object == null ? "null" : object.getClass().getSimpleName()),
          text);
      if (object instanceof StoredSecret stored) {
        assertNoValueIn(stored.metadata(), stored.summary(), stored.toSecret(), stored.version());
      }
    }
  }

  private void assertNoValueIn(String what, Throwable thrown) {
    canaries.assertAbsent(what, thrown);
  }

}
