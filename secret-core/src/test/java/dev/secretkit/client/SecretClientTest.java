package dev.secretkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.ApplyResult;
import dev.secretkit.ApplyResult.Outcome;
import dev.secretkit.ConfigurationException;
import dev.secretkit.ConflictException;
import dev.secretkit.InvalidReferenceException;
import dev.secretkit.Manifests;
import dev.secretkit.Secret;
import dev.secretkit.SecretFilter;
import dev.secretkit.SecretId;
import dev.secretkit.SecretNotFoundException;
import dev.secretkit.SecretRef;
import dev.secretkit.SecretSummary;
import dev.secretkit.SecretValue;
import dev.secretkit.SecretVersion;
import dev.secretkit.access.Principal;
import dev.secretkit.access.Role;
import dev.secretkit.manifest.InvalidManifestException;
import dev.secretkit.manifest.SecretManifest;
import dev.secretkit.manifest.SecretSection;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.memory.InMemorySecretStoreProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretClientTest {
  private static final SecretId PG = SecretId.of("public", "pg");
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  private final String canary = "canary-" + UUID.randomUUID();
  private final List<String> messages = new ArrayList<>();
  private SecretStore store;
  private SecretClient client;

  @BeforeEach
  void openClient() {
    store = new InMemorySecretStoreProvider().open(StoreConfig.parse("memory:?maxValueBytes=64&maxKeys=3", Map.of(),
        Clock.fixed(T0, ZoneOffset.UTC)));
    client = SecretClient.builder().store(store).environment(Map.of("USER", "me", "PG_PASSWORD", canary))
        .clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
  }

  @AfterEach
  void noMessageHeldTheCanary() {
    assertThat(messages).noneMatch(message -> message.contains(canary));
    store.close();
  }

  @Test
  void apply_createsThenUpdatesThenLeavesUnchanged() {
    assertThat(client.apply(Manifests.secret("pg", "password", canary)))
        .isEqualTo(new ApplyResult(PG, Outcome.CREATED, 1));
    assertThat(client.apply(Manifests.secret("pg", "password", canary)))
        .isEqualTo(new ApplyResult(PG, Outcome.UNCHANGED, 1));
    assertThat(client.apply(Manifests.secret("pg", "password", canary + "-2")))
        .isEqualTo(new ApplyResult(PG, Outcome.UPDATED, 2));

    assertThat(client.versions(PG)).extracting(SecretVersion::number).containsExactly(1L, 2L);
    assertThat(client.get(PG, 1).value("password").asString()).isEqualTo(canary);
    assertThat(client.get(PG).value("password").asString()).isEqualTo(canary + "-2");
    assertThat(client.versions(PG).get(1)).isEqualTo(new SecretVersion(2, T0, "me"));
  }

  @Test
  void apply_ofChangedMetadataOnly_updatesInPlaceWithoutANewVersion() {
    client.apply(Manifests.secret("pg", "password", canary));
    SecretManifest tagged = Manifests.secret("pg", "password", canary);
    tagged = new SecretManifest(tagged.name(), tagged.version(), tagged.type(), List.of("source:postgresql"),
        "the sales database", null, null, null, tagged.secret());

    assertThat(client.apply(tagged)).isEqualTo(new ApplyResult(PG, Outcome.UPDATED, 1));
    assertThat(client.describe(PG).metadata().tags()).containsExactly("source:postgresql");
    assertThat(client.describe(PG).metadata().description()).isEqualTo("the sales database");
    assertThat(client.apply(tagged).outcome()).isEqualTo(Outcome.UNCHANGED);
  }

  @Test
  void apply_placesSecretsInTheirScope() {
    SecretManifest base = Manifests.secret("depot-r", "k", "v");
    SecretManifest inSales = new SecretManifest("depot-r", "v1", "secret", List.of(), null, null, null, "sales",
        base.secret());
    SecretManifest instance = new SecretManifest("depot-r", "v1", "instance-secret", List.of(), null, null, null, null,
        base.secret());

    assertThat(client.apply(base).id()).isEqualTo(SecretId.of("public", "depot-r"));
    assertThat(client.apply(inSales).id()).isEqualTo(SecretId.of("sales", "depot-r"));
    assertThat(client.apply(instance).id()).isEqualTo(SecretId.of("instance", "depot-r"));
    SecretManifest intoInstance = new SecretManifest("x", "v1", "secret", List.of(), null, null, null, "instance",
        base.secret());
    assertThatThrownBy(() -> client.apply(intoInstance)).isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("reserved for instance secrets");
  }

  @Test
  void apply_overTheStoresLimits_writesNothingAndNamesTheKey() {
    SecretManifest tooBig = Manifests.secret("pg", "password", canary + "x".repeat(64), "user", "u");

    InvalidManifestException e = catchMessage(InvalidManifestException.class, () -> client.apply(tooBig));

    assertThat(e.validations().get(0).errors()).singleElement()
        .satisfies(v -> assertThat(v.path()).isEqualTo("secret.data.password"))
        .satisfies(v -> assertThat(v.message()).contains("is 107 bytes; the store allows at most 64"));
    assertThat(store.read(PG)).isEmpty();
    SecretManifest tooMany = Manifests.secret("pg", "a", "1", "b", "2", "c", "3", "d", "4");
    assertThatThrownBy(() -> client.apply(tooMany)).hasMessageContaining("4 keys; the store allows at most 3");
    assertThat(store.read(PG)).isEmpty();
  }

  @Test
  void applyPath_validatesEveryDocumentBeforeApplyingAny(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("two.yaml");
    Files.writeString(file, """
        name: good
        version: v1
        type: secret
        secret:
          type: key-value-properties
          acl: r
          data:
            password: $PG_PASSWORD
        ---
        name: Bad_Name
        version: v1
        type: secret
        secret:
          type: key-value-properties
          acl: r
          data:
            password: x
        """);

    InvalidManifestException e = catchMessage(InvalidManifestException.class, () -> client.apply(file));

    assertThat(e.getMessage()).contains("two.yaml").contains("name");
    assertThat(client.list("public", SecretFilter.ALL)).isEmpty();
    Files.writeString(file, Files.readString(file).replace("Bad_Name", "bad-name"));
    assertThat(client.apply(file)).extracting(ApplyResult::outcome).containsExactly(Outcome.CREATED, Outcome.CREATED);
    assertThat(client.resolve("good#password").asString()).isEqualTo(canary);
  }

  @Test
  void applyPath_checksEveryManifestAgainstTheStoresLimits_beforeWritingAny(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("two.yaml");
    Files.writeString(file, """
        name: small
        version: v1
        type: secret
        secret:
          type: key-value-properties
          acl: r
          data:
            password: fits
        ---
        name: large
        version: v1
        type: secret
        secret:
          type: key-value-properties
          acl: r
          data:
            password: %s
        """.formatted("x".repeat(65)));

    InvalidManifestException e = catchMessage(InvalidManifestException.class, () -> client.apply(file));

    assertThat(e.validations()).singleElement().satisfies(v -> assertThat(v.origin()).isEqualTo("secret public:large"));
    assertThat(client.list("public", SecretFilter.ALL)).as("the first manifest was not applied either").isEmpty();
  }

  @Test
  void apply_remembersWhichKeysCameFromFiles(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("certs"));
    Files.write(dir.resolve("certs/ca.pem"), new byte[] {0, (byte) 0xff, 10});
    Path file = dir.resolve("certs.yaml");
    Files.writeString(file, """
        name: tls
        version: v1
        type: secret
        secret:
          type: certificates
          acl: r
          data:
            user: u
          files:
            ca: certs/ca.pem
        """);

    client.apply(file);

    SecretSummary summary = client.describe(SecretId.of("public", "tls"));
    assertThat(summary.metadata().fileNames()).containsExactly(Map.entry("ca", "ca.pem"));
    assertThat(summary.keys()).containsExactly("user", "ca");
    assertThat(client.resolve("tls#ca").bytes()).containsExactly(0, 0xff, 10);
    assertThat(client.apply(file).get(0).outcome()).isEqualTo(Outcome.UNCHANGED);
  }

  @Test
  void resolve_readsKeysOfTheLatestOrAPinnedVersion() {
    client.apply(Manifests.secret("pg", "password", "one", "user", "u"));
    client.apply(Manifests.secret("pg", "password", "two", "user", "u"));

    assertThat(client.resolve("pg#password").asString()).isEqualTo("two");
    assertThat(client.resolve("public:pg#password@1").asString()).isEqualTo("one");
    assertThat(client.resolve(SecretRef.to(PG, "user")).asString()).isEqualTo("u");
  }

  @Test
  void resolve_saysWhatIsMissing() {
    client.apply(Manifests.secret("pg", "password", canary, "user", "u"));

    assertThat(catchMessage(SecretNotFoundException.class, () -> client.resolve("nope#password")))
        .hasMessage("secret not found: public:nope in store memory:?maxValueBytes=64&maxKeys=3")
        .extracting(SecretNotFoundException::missing).isEqualTo(SecretNotFoundException.Missing.SECRET);
    assertThat(catchMessage(SecretNotFoundException.class, () -> client.resolve("pg#password@3")))
        .hasMessage("version not found: public:pg@3 in store memory:?maxValueBytes=64&maxKeys=3;"
            + " the store keeps versions 1 to 1")
        .extracting(SecretNotFoundException::missing).isEqualTo(SecretNotFoundException.Missing.VERSION);
    assertThat(catchMessage(SecretNotFoundException.class, () -> client.resolve("pg#pasword")))
        .hasMessage("key not found: public:pg#pasword in store memory:?maxValueBytes=64&maxKeys=3;"
            + " version 1 holds password, user; did you mean password?")
        .extracting(SecretNotFoundException::missing).isEqualTo(SecretNotFoundException.Missing.KEY);
    assertThat(catchMessage(SecretNotFoundException.class, () -> client.resolve("pg#token")))
        .as("no key is close: no guess").hasMessageEndingWith("version 1 holds password, user");
  }

  @Test
  void badReferenceText_anywhere_isAnInvalidReferenceException_thatNeverRepeatsIt() {
    client.apply(Manifests.secret("pg", "password", canary));
    String typedByMistake = canary.replace('-', '_') + "#";

    List<org.assertj.core.api.ThrowableAssert.ThrowingCallable> calls = List.of(
        () -> client.resolve("pg"),
        () -> client.resolve(SecretRef.parse("public:pg")),
        () -> client.resolve(typedByMistake),
        () -> client.resolve("Public:pg#password"),
        () -> SecretRef.parse(typedByMistake),
        () -> SecretId.parse(typedByMistake, "public"),
        () -> SecretId.parse("pg", "Not A Scope"),
        () -> SecretId.of(canary),
        () -> SecretId.of("public:" + typedByMistake),
        () -> client.describe(SecretId.of("pg")),
        () -> SecretClient.builder().store(store).defaultScope(canary.toUpperCase()).build());
    for (org.assertj.core.api.ThrowableAssert.ThrowingCallable call : calls) {
      InvalidReferenceException e = catchMessage(InvalidReferenceException.class, call);
      assertThat(e.getMessage()).doesNotContain(canary).doesNotContain(canary.toUpperCase())
          .doesNotContain(typedByMistake);
    }
    assertThat(catchMessage(InvalidReferenceException.class, () -> client.resolve("pg")))
        .hasMessage("the reference names no key; write it as [scope:]name#key[@version]");
    assertThat(catchMessage(InvalidReferenceException.class, () -> SecretId.of("pg")))
        .hasMessageContaining("a secret id needs its scope (2 characters").hasMessageContaining("scope:name");
  }

  @Test
  void secretIdOfText_namesASecretForEveryMethodThatTakesAnId() {
    client.apply(Manifests.secret("pg", "password", canary));
    SecretId id = SecretId.of("public:pg");

    assertThat(id).isEqualTo(PG);
    assertThat(client.describe(id).id()).isEqualTo(PG);
    assertThat(client.get(id).value("password").asString()).isEqualTo(canary);
    assertThat(client.versions(id)).hasSize(1);
    assertThat(SecretId.of("instance:git-r")).isEqualTo(SecretId.of(SecretId.INSTANCE_SCOPE, "git-r"));
    assertThat(SecretId.parse("pg", client.defaultScope())).isEqualTo(PG);
  }

  @Test
  void resolve_returnsACopyTheCallerMayDestroy() {
    client.apply(Manifests.secret("pg", "password", canary));

    client.resolve("pg#password").destroy();
    client.get(PG).value("password").destroy();

    assertThat(client.resolve("pg#password").asString()).isEqualTo(canary);
  }

  @Test
  void delete_withADependent_failsWithTheDocsMessage_andForceDeletes() {
    client.apply(Manifests.secret("pg", "password", canary));
    client.apply(Manifests.secret("pg", "password", canary + "-2"));
    client.registerDependent(PG, "depot:v2alpha:sales");
    client.registerDependent(PG, "depot:v2alpha:sales");
    client.registerDependent(PG, "service:v1:ping:sandbox");

    ConflictException e = catchMessage(ConflictException.class, () -> client.delete(PG, false));

    assertThat(e).hasMessageStartingWith(
        "cannot delete secret public:pg: it is a dependency of depot:v2alpha:sales, service:v1:ping:sandbox");
    assertThat(e.reason()).isEqualTo(ConflictException.Reason.IN_USE);
    assertThat(e.dependents()).containsExactly("depot:v2alpha:sales", "service:v1:ping:sandbox");
    assertThat(client.resolve("pg#password").asString()).isEqualTo(canary + "-2");

    client.delete(PG, true);

    assertThat(store.read(PG)).isEmpty();
    assertThat(store.read(PG, 1)).isEmpty();
    assertThat(store.read(PG, 2)).isEmpty();
    assertThat(store.versions(PG)).isEmpty();
    assertThatThrownBy(() -> client.resolve("pg#password@1")).isInstanceOf(SecretNotFoundException.class);
    assertThatThrownBy(() -> client.versions(PG)).isInstanceOf(SecretNotFoundException.class);
    assertThat(client.apply(Manifests.secret("pg", "password", "again"))).isEqualTo(
        new ApplyResult(PG, Outcome.CREATED, 1));
  }

  @Test
  void unregisterDependent_unblocksDelete() {
    client.apply(Manifests.secret("pg", "password", canary));
    client.registerDependent(PG, "workflow:v1:nightly:public");
    client.unregisterDependent(PG, "workflow:v1:nightly:public");

    client.delete(PG, false);

    assertThat(store.read(PG)).isEmpty();
  }

  @Test
  void registerDependent_rejectsMalformedDependents() {
    client.apply(Manifests.secret("pg", "password", canary));

    for (String bad : List.of("depot", "depot:v1", "Depot:v1:x", "depot:v1:x:y:z", "depot:v1:x y")) {
      assertThatThrownBy(() -> client.registerDependent(PG, bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kind:version:name");
    }
  }

  @Test
  void dependentsAndGrants_doNotMakeVersions() {
    client.apply(Manifests.secret("pg", "password", canary));
    client.registerDependent(PG, "depot:v2alpha:sales");
    client.grant(PG, "carol", dev.secretkit.access.Permission.CAN_USE);

    assertThat(client.versions(PG)).hasSize(1);
    assertThat(client.apply(Manifests.secret("pg", "password", canary)).outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(client.describe(PG).metadata().dependents()).containsExactly("depot:v2alpha:sales");
  }

  @Test
  void list_filtersByOwnerTagAndType() {
    client.apply(Manifests.secret("a", "k", "v"));
    SecretManifest b = Manifests.secret("b", "k", "v");
    try (SecretClient admin = SecretClient.builder().store(store).principal(Principal.of("tina", Role.TENANT_ADMIN))
        .clock(Clock.fixed(T0, ZoneOffset.UTC)).build()) {
      admin.apply(new SecretManifest("b", "v1", "secret", List.of("team:x"), null, "bob", null, null,
          b.secret().withType("key-value")));
    }

    assertThat(client.list("public", SecretFilter.ALL)).extracting(s -> s.id().name()).containsExactly("a", "b");
    assertThat(client.list("public", new SecretFilter("bob", null, null))).extracting(s -> s.id().name())
        .containsExactly("b");
    assertThat(client.list("public", new SecretFilter(null, List.of("team:x"), null))).hasSize(1);
    assertThat(client.list("public", new SecretFilter(null, null, "key-value-properties")))
        .extracting(s -> s.id().name()).containsExactly("a");
    assertThat(client.list("sales", SecretFilter.ALL)).isEmpty();
  }

  @Test
  void list_readsEveryPage() {
    for (int i = 0; i < 250; i++) {
      client.apply(Manifests.secret(String.format("s%03d", i), "k", "v"));
    }

    assertThat(client.list("public", SecretFilter.ALL)).hasSize(250);
  }

  @Test
  void concurrentApplies_eitherSucceedOrConflict_andLoseNothing() throws Exception {
    int threads = 8;
    int applies = 500;
    AtomicInteger successes = new AtomicInteger();
    AtomicInteger conflicts = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<String>> lastWrites = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        lastWrites.add(pool.submit(() -> {
          String last = null;
          for (int i = 0; i < applies; i++) {
            String value = "t" + thread + "-" + i;
            try {
              client.apply(Manifests.secret("pg", "password", value));
              successes.incrementAndGet();
              last = value;
            } catch (ConflictException e) {
              conflicts.incrementAndGet();
            }
          }
          return last;
        }));
      }
      for (Future<String> last : lastWrites) {
        last.get();
      }
    } finally {
      pool.shutdown();
    }

    assertThat(successes.get() + conflicts.get()).isEqualTo(threads * applies);
    assertThat(client.versions(PG)).hasSize(successes.get());
    List<String> written = new ArrayList<>();
    for (SecretVersion version : client.versions(PG)) {
      written.add(client.get(PG, version.number()).value("password").asString());
    }
    assertThat(written).doesNotHaveDuplicates();
  }

  @Test
  void close_closesOnlyAStoreTheClientOpened() {
    client.close();
    assertThat(store.read(PG)).isEmpty();

    SecretClient owning = SecretClient.builder().store("memory:").build();
    owning.apply(Manifests.secret("pg", "password", "v"));
    owning.close();
    assertThatThrownBy(() -> owning.resolve("pg#password")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void builder_usesSecretkitStoreFromTheEnvironment_andChecksItsOptions(@TempDir Path tempHome) {
    try (SecretClient fromEnv = SecretClient.builder()
        .environment(Map.of("SECRETKIT_STORE", "memory:?maxKeys=7")).build()) {
      assertThat(fromEnv.store()).isEqualTo("memory:?maxKeys=7");
      assertThat(fromEnv.defaultScope()).isEqualTo("public");
    }
    try (SecretClient blank = SecretClient.builder()
        .environment(Map.of("SECRETKIT_STORE", " ", "HOME", tempHome.toString())).build()) {
      assertThat(blank.store()).as("a blank SECRETKIT_STORE counts as unset")
          .isEqualTo("file:" + tempHome.resolve(".secretkit"));
    }
    assertThatThrownBy(() -> SecretClient.builder().store("memory:").defaultScope("Bad Scope").build())
        .isInstanceOf(InvalidReferenceException.class);
    assertThatThrownBy(() -> SecretClient.builder().store("nosuch:x").build())
        .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("unknown store type 'nosuch'");
  }

  @Test
  void aStoreThatDoesNotExist_saysSoOnLookups_listsNothing_andIsCreatedByTheFirstApplyOnly(@TempDir Path tempHome) {
    Path missing = tempHome.resolve("typo");
    try (SecretClient typo = SecretClient.builder().store("file:" + missing).environment(Map.of("USER", "me"))
        .build()) {
      assertThat(typo.storeAbsence()).get().asString().startsWith("there is no store at " + missing + " yet");
      assertThatThrownBy(() -> typo.resolve("pg#password")).isInstanceOfSatisfying(SecretNotFoundException.class,
          e -> assertThat(e.missing()).isEqualTo(SecretNotFoundException.Missing.STORE))
          .hasMessageContaining("store not found: file:" + missing).hasMessageContaining("the first write creates it");
      assertThat(typo.list("public", SecretFilter.ALL)).isEmpty();
      assertThat(typo.planApply(List.of(Manifests.secret("pg", "password", canary))).ready()).isTrue();
      assertThat(missing).doesNotExist();

      typo.apply(Manifests.secret("pg", "password", canary));

      assertThat(typo.storeAbsence()).isEmpty();
      assertThatThrownBy(() -> typo.resolve("other#password")).isInstanceOfSatisfying(SecretNotFoundException.class,
          e -> assertThat(e.missing()).isEqualTo(SecretNotFoundException.Missing.SECRET));
    }
  }

  @Test
  void check_judgesASecretNamedTwiceInOneBatch_onWhatTheFirstManifestWrites() {
    String longOwner = "owner-with-a-rather-long-name";
    SecretManifest transfer = new SecretManifest("pg", "v1", "secret", List.of(), null, longOwner, null, null,
        new SecretSection("key-value-properties", "r", Map.of("password", SecretValue.ofString("x")), Map.of()));
    SecretManifest described = new SecretManifest("pg", "v1", "secret", List.of(), "d".repeat(200), null, null, null,
        new SecretSection("key-value-properties", "r", Map.of("password", SecretValue.ofString("x")), Map.of()));
    int limit = 100;
    while (!fitsAlone(described, limit)) {
      limit++;
    }
    int justEnough = limit;

    try (SecretClient tight = clientWithMaxMetadataBytes(justEnough)) {
      tight.check(List.of(transfer));
      assertThatThrownBy(() -> tight.check(List.of(transfer, described)))
          .as("the second manifest keeps the first one's owner and grants, which no longer fit")
          .isInstanceOf(InvalidManifestException.class).hasMessageContaining("secret public:pg")
          .hasMessageContaining("metadata");
    }
  }

  private boolean fitsAlone(SecretManifest manifest, int maxMetadataBytes) {
    try (SecretClient tight = clientWithMaxMetadataBytes(maxMetadataBytes)) {
      tight.check(List.of(manifest));
      return true;
    } catch (InvalidManifestException tooLarge) {
      return false;
    }
  }

  private SecretClient clientWithMaxMetadataBytes(int maxMetadataBytes) {
    return SecretClient.builder().store("memory:?maxMetadataBytes=" + maxMetadataBytes)
        .principal(Principal.of("tina", Role.TENANT_ADMIN)).clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
  }

  @Test
  void toStrings_neverShowValues() {
    client.apply(Manifests.secret("pg", "password", canary));
    Secret secret = client.get(PG);

    messages.add(secret.toString());
    messages.add(client.describe(PG).toString());
    messages.add(client.toString());
    messages.add(new SecretSection("key-value", null, secret.values(), Map.of()).toString());
    assertThat(secret.toString()).contains("password");
  }

  private <T extends Throwable> T catchMessage(Class<T> type, org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    T thrown = org.assertj.core.api.Assertions.catchThrowableOfType(type, call);
    assertThat(thrown).as("expected " + type.getSimpleName()).isNotNull();
    messages.add(thrown.getMessage());
    messages.add(thrown.toString());
    return thrown;
  }
}
