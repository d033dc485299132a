package dev.secretkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretNotFoundException;
import dev.secretkit.SecretValue;
import dev.secretkit.SecretVersion;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.access.Grant;
import dev.secretkit.access.Permission;
import dev.secretkit.access.Principal;
import dev.secretkit.client.SecretClient;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.manifest.SecretManifest;
import dev.secretkit.manifest.SecretSection;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import dev.secretkit.testkit.FaultInjectingStore.Fault;
import dev.secretkit.testkit.FaultInjectingStore.Operation;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * The contract that every {@link SecretClient} write keeps its promise when any one store call of
 * it fails: the secret is left exactly as it was or exactly as success leaves it, a normal return
 * means the new state is stored, and doing the same again through a healthy client ends in the new
 * state. A backend runs it by subclassing, like {@link SecretStoreContract}: implement
 * {@link #openStore()} to return a fresh, empty store for each test.
 *
 * <pre>{@code
 * class AwsWriteFaultTest extends WriteFaultContract {
 *   private final SecretsManagerEmulator emulator = new SecretsManagerEmulator(new ManualClock()).start();
 *
 *   @Override
 *   protected SecretStore openStore() {
 *     return new AwsSecretsManagerStoreProvider().open(StoreConfig.parse("aws-sm://eu-west-1?endpoint="
 *         + emulator.endpoint(), Map.of("AWS_ACCESS_KEY_ID", "AKIDFAKE", "AWS_SECRET_ACCESS_KEY", "fake"),
 *         Clock.systemUTC()));
 *   }
 * }
 * }</pre>
 *
 * <p>Each test takes one client write (apply that creates, apply that writes new values, apply that
 * changes metadata only, grant, revoke, register a dependent, delete), runs it once on a healthy
 * store wrapped in a {@link FaultInjectingStore} to count the store calls it makes, {@code n}, and
 * then, for every {@code k} from 1 to {@code n} and each of {@link Fault#unavailable()} (the call
 * never reaches the store) and {@link Fault#lostResponse()} (the call takes effect and its answer is
 * lost), writes the same starting state under a fresh name, fails exactly call {@code k}, and checks
 * the state read through the store itself. It goes through the SPI and {@link SecretClient} only,
 * so it runs on any store. States are compared by equality of the version list, the latest values
 * and the whole metadata (owner, grants, dependents, tags, times); the revision is left out because
 * it is the store's token, different for every secret and every write. Times compare equal because
 * every client shares one clock that never moves. Values are {@link Canaries}, checked by
 * {@link LeakScanner} in every message.
 */
@ExtendWith(LeakScanner.class)
@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
public abstract class WriteFaultContract {
  /** The scope the kit writes in. */
  protected static final String SCOPE = "write-faults";

  private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
  private static final Grant MALLORY = new Grant("mallory", Permission.CAN_USE);
  private static final String DEPENDENT = "depot:v2alpha:sales";

  private SecretStore store;
  private Canaries canaries;

  /** Creates the contract; subclasses need no constructor arguments. */
  protected WriteFaultContract() {
  }

  /**
   * Returns a freshly opened, empty store; called once before every test, and the store is
   * closed after it.
   */
  protected abstract SecretStore openStore();

  /** Returns the store under test in the current test. */
  protected final SecretStore store() {
    return store;
  }

  @BeforeEach
  final void openStoreUnderTest(Canaries testCanaries) {
    this.canaries = testCanaries;
    this.store = Objects.requireNonNull(openStore(), "openStore() returned null");
  }

  @AfterEach
  final void closeStoreUnderTest() {
    store.close();
  }

  @Test
  void applyCreate_anyStoreCallFails_leavesNothingOrTheSecret() {
    String value = canaries.plant();
    check("create", (client, id) -> { }, (client, id) -> client.apply(manifest(id, "first", value)));
  }

  @Test
  void applyNewValues_anyStoreCallFails_leavesOldOrNewVersion() {
    String first = canaries.plant();
    String second = canaries.plant();
    check("values", (client, id) -> client.apply(manifest(id, "first", first)),
        (client, id) -> client.apply(manifest(id, "first", second)));
  }

  @Test
  void applyMetadataOnly_anyStoreCallFails_leavesOldOrNewMetadata() {
    String value = canaries.plant();
    check("relabel", (client, id) -> client.apply(manifest(id, "first", value)),
        (client, id) -> client.apply(manifest(id, "second", value)));
  }

  @Test
  void grant_anyStoreCallFails_leavesOldOrNewGrants() {
    String value = canaries.plant();
    check("grant", (client, id) -> client.apply(manifest(id, "first", value)),
        (client, id) -> client.grant(id, MALLORY.principal(), MALLORY.permission()));
  }

  @Test
  void revoke_anyStoreCallFails_neverKeepsTheGrantAfterANormalReturnOrRetry() {
    String value = canaries.plant();
    check("revoke", (client, id) -> {
      client.apply(manifest(id, "first", value));
      client.grant(id, MALLORY.principal(), MALLORY.permission());
    }, (client, id) -> client.revoke(id, MALLORY.principal(), MALLORY.permission()));
  }

  @Test
  void registerDependent_anyStoreCallFails_leavesOldOrNewDependents() {
    String value = canaries.plant();
    check("dependent", (client, id) -> client.apply(manifest(id, "first", value)),
        (client, id) -> client.registerDependent(id, DEPENDENT));
  }

  @Test
  void delete_anyStoreCallFails_leavesTheSecretOrNothing() {
    String value = canaries.plant();
    check("delete", (client, id) -> client.apply(manifest(id, "first", value)),
        (client, id) -> client.delete(id, false));
  }

  /** One step of a scenario, run through a client on the secret {@code id}. */
  private interface Step {
    void run(SecretClient client, SecretId id);
  }

  /**
   * What the kit compares: every version the store keeps, the latest values and the metadata. The
   * revision is left out (see the class comment); {@code toString} shows no value, since
   * {@link SecretValue#toString()} is redacted.
   */
  private record State(List<SecretVersion> versions, SecretMetadata metadata, Map<String, SecretValue> values) {
  }

  private void check(String operation, Step setUp, Step change) {
    SecretId clean = SecretId.of(SCOPE, operation + "-clean");
    setUp.run(client(store), clean);
    Optional<State> before = snapshot(clean);
    FaultInjectingStore counting = FaultInjectingStore.builder(store).build();
    change.run(client(counting), clean);
    long calls = counting.totalCalls();
    Optional<State> after = snapshot(clean);
    assertThat(calls).as("store calls of a healthy %s", operation).isPositive();
    assertThat(after).as("a healthy %s changes the secret", operation).isNotEqualTo(before);
    checkNoRevokedGrant(operation, "a healthy run", after);

    for (long k = 1; k <= calls; k++) {
      for (Fault fault : List.of(Fault.unavailable(), Fault.lostResponse())) {
        String attempt = operation + " with call " + k + " of " + calls + " failing (" + fault + ")";
        SecretId id = SecretId.of(SCOPE, operation + "-" + k + "-" + fault);
        setUp.run(client(store), id);
        assertThat(snapshot(id)).as("the starting state of %s", attempt).isEqualTo(before);
        FaultInjectingStore faulty = FaultInjectingStore.builder(store).failCall(k, fault).build();

        Throwable thrown = catchThrowable(() -> change.run(client(faulty), id));

        assertNoValueIn(attempt, thrown);
        assertThat(Stream.of(Operation.values()).mapToLong(faulty::faults).sum())
            .as("faults injected into %s: the run must reach call %d as the healthy run did", attempt, k).isEqualTo(1);
        Optional<State> state = snapshot(id);
        if (thrown == null) {
          assertThat(state).as("the state after %s returned normally", attempt).isEqualTo(after);
        } else {
          assertThat(thrown).as("what %s throws", attempt).isInstanceOf(StoreUnavailableException.class);
          assertThat(state).as("the state after %s failed: the old state or the new one", attempt)
              .isIn(before, after);
        }
        checkNoRevokedGrant(operation, attempt, thrown == null ? state : Optional.empty());

        Throwable retried = catchThrowable(() -> change.run(client(store), id));
        Optional<State> converged = snapshot(id);
        if (!(retried instanceof SecretNotFoundException && after.isEmpty())) {
          assertNoValueIn("the retry of " + attempt, retried);
          assertThat(retried).as("a retry of %s on a healthy store", attempt).isNull();
        }
        assertThat(converged).as("the state after a retry of %s", attempt).isEqualTo(after);
        checkNoRevokedGrant(operation, "the retry of " + attempt, converged);
      }
    }
  }

  private static void checkNoRevokedGrant(String operation, String when, Optional<State> state) {
    if (operation.equals("revoke")) {
      assertThat(state.map(s -> s.metadata().grants()).orElse(List.of()))
          .as("grants after %s: a revoked grant must never read back", when).doesNotContain(MALLORY);
    }
  }

  private Optional<State> snapshot(SecretId id) {
    Optional<StoredSecret> read = store.read(id);
    List<SecretVersion> versions = store.versions(id);
    return read.map(secret -> new State(versions, secret.metadata(), secret.values()));
  }

  private static SecretClient client(SecretStore target) {
    return SecretClient.builder().store(target).clock(new ManualClock(NOW))
        .principal(Principal.localUser("fault-contract")).environment(Map.of()).build();
  }

  private static SecretManifest manifest(SecretId id, String label, String value) {
    Map<String, SecretValue> data = new LinkedHashMap<>();
    data.put("password", SecretValue.ofString(value));
    return new SecretManifest(id.name(), "v1", SecretManifest.TYPE_SECRET, List.of("fault-contract", label),
        "written by the write-fault contract (" + label + ")", null, null, id.scope(),
        new SecretSection("key-value", "r", data, Map.of()));
  }

  private void assertNoValueIn(String what, Throwable thrown) {
    canaries.assertAbsent(what, thrown);
  }

}
