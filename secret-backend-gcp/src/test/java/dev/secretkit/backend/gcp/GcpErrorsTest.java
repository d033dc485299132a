package dev.secretkit.backend.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.ConfigurationException;
import dev.secretkit.ConflictException;
import dev.secretkit.SecretException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.emulator.gcp.GcpEmulatorExtension;
import dev.secretkit.emulator.gcp.GcpOperation;
import dev.secretkit.emulator.gcp.GcpSecretManagerEmulator;
import dev.secretkit.emulator.gcp.GcpSecretManagerEmulator.Failure;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import io.grpc.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every gRPC status a Secret Manager call can end with maps to the exception a caller reacts to, driven through the
 * real client against the emulator, one fault on one call of a read or a write: {@code NOT_FOUND} is absence (or a
 * conflict where it means the secret went away), {@code PERMISSION_DENIED} and {@code UNAUTHENTICATED} a denial
 * naming the RPC, its IAM permission and where the credentials came from, {@code ALREADY_EXISTS} and a stale etag a
 * conflict, outages retryable and quota throttled, anything else a configuration error. Each message says what it
 * must, and none of them, their causes or printed stack traces holds the canary stored in the secret or the text
 * Secret Manager answered with. A failed write leaves the secret as it was.
 */
@ExtendWith(LeakScanner.class)
class GcpErrorsTest {
  private static final SecretId PG = SecretId.of("public", "pg");
  private static final SecretId NEW = SecretId.of("public", "fresh");
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  /** What the emulator answers its failures with (Google's wording): never copied into what the store throws. */
  private static final List<String> SERVICE_TEXTS = List.of("currently unavailable", "Quota exceeded",
      "Internal error encountered", "Deadline expired", "invalid authentication credentials", "denied for resource",
      "or it may not exist", "does not match the current etag", "already exists.", "not found.");
  private static final String NO_CREDENTIALS = "nowhere (tls=false sends none)";

  private static final ManualClock CLOCK = new ManualClock(T0);
  @RegisterExtension
  static final GcpEmulatorExtension GCP = new GcpEmulatorExtension().withClock(CLOCK);

  private GcpSecretManagerEmulator emulator;
  private Canaries canaries;
  private SecretStore store;
  private StoredSecret seeded;
  private String password;

  /** Opens a store on this test's own emulator and stores public:pg there, holding a canary. */
  @BeforeEach
  void seed(Canaries planted, GcpSecretManagerEmulator started) {
    canaries = planted;
    emulator = started;
    store = TestStores.open(emulator, "errors-", "", CLOCK);
    password = canaries.plant();
    seeded = store.create(PG, metadata(), Map.of("password", SecretValue.ofString(password)));
    emulator.resetCalls();
  }

  @AfterEach
  void close() {
    store.close();
  }

  // ---------------------------------------------------------------- NOT_FOUND

  @Test
  void notFoundOnARead_isAbsence_afterOneCall() {
    assertThat(store.read(NEW)).isEmpty();
    assertThat(store.head(NEW)).isEmpty();

    assertThat(emulator.calls(GcpOperation.ACCESS_SECRET_VERSION)).isEqualTo(2);
  }

  @Test
  void notFoundAnsweredForTheAliasOfASecretThatIsThere_isLookedUpThroughTheAnnotation() {
    refuseNext(GcpOperation.ACCESS_SECRET_VERSION, Status.Code.NOT_FOUND);

    assertThat(store.read(PG)).isPresent();
    assertThat(emulator.calls(GcpOperation.GET_SECRET)).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(value = GcpOperation.class, names = {"GET_SECRET", "ADD_SECRET_VERSION", "UPDATE_SECRET"})
  void notFoundDuringAnUpdate_isAChangedConflict_theSecretGoneFromUnderIt(GcpOperation call) {
    refuseNext(call, Status.Code.NOT_FOUND);

    ConflictException conflict = failure(ConflictException.class, this::updatePg);

    assertThat(conflict.reason()).isEqualTo(ConflictException.Reason.CHANGED);
    assertThat(conflict.getMessage()).contains("public:pg");
    assertUnchanged();
  }

  @Test
  void notFoundOnAConditionalDelete_isAChangedConflict() {
    refuseNext(GcpOperation.DELETE_SECRET, Status.Code.NOT_FOUND);

    ConflictException conflict = failure(ConflictException.class, () -> store.delete(PG, seeded.revision()));

    assertThat(conflict.reason()).isEqualTo(ConflictException.Reason.CHANGED);
    assertUnchanged();
  }

  // ---------------------------------------------------------------- PERMISSION_DENIED, UNAUTHENTICATED

  @ParameterizedTest(name = "{0} denied during {1}")
  @CsvSource({
      "ACCESS_SECRET_VERSION, read,     AccessSecretVersion, secretmanager.versions.access",
      "LIST_SECRETS,          list,     ListSecrets,         secretmanager.secrets.list",
      "LIST_SECRETS,          listIds,  ListSecrets,         secretmanager.secrets.list",
      "LIST_SECRET_VERSIONS,  versions, ListSecretVersions,  secretmanager.versions.list",
      "CREATE_SECRET,         create,   CreateSecret,        secretmanager.secrets.create",
      "GET_SECRET,            update,   GetSecret,           secretmanager.secrets.get",
      "ADD_SECRET_VERSION,    update,   AddSecretVersion,    secretmanager.versions.add",
      "UPDATE_SECRET,         update,   UpdateSecret,        secretmanager.secrets.update",
      "UPDATE_SECRET,         metadata, UpdateSecret,        secretmanager.secrets.update",
      "GET_SECRET,            delete,   GetSecret,           secretmanager.secrets.get",
      "DELETE_SECRET,         delete,   DeleteSecret,        secretmanager.secrets.delete"})
  void permissionDenied_isAccessDenied_namingTheRpc_itsIamPermission_andWhereTheCredentialsCameFrom(
      GcpOperation call, String action, String rpc, String permission) {
    emulator.deny(call);

    AccessDeniedException denied = failure(AccessDeniedException.class, () -> act(action));

    assertThat(denied.getMessage()).contains("Secret Manager refused " + rpc + " (PERMISSION_DENIED) to the"
        + " credentials from " + NO_CREDENTIALS + ": they lack the IAM permission " + permission + " on it (or on"
        + " project " + TestStores.PROJECT + "); grant a role that has it");
    assertThat(denied.isRetryable()).isFalse();
    emulator.clearFaults();
    assertUnchanged();
  }

  @ParameterizedTest
  @CsvSource({"ACCESS_SECRET_VERSION, read, AccessSecretVersion", "ADD_SECRET_VERSION, update, AddSecretVersion",
      "CREATE_SECRET, create, CreateSecret"})
  void unauthenticated_isAccessDenied_sayingTheCredentialsWereNotAccepted_andWhatToDo(GcpOperation call,
      String action, String rpc) {
    emulator.failNext(call, 1, Failure.UNAUTHENTICATED);

    AccessDeniedException denied = failure(AccessDeniedException.class, () -> act(action));

    assertThat(denied.getMessage()).contains("Secret Manager did not accept the credentials from " + NO_CREDENTIALS
        + " for " + rpc + " (UNAUTHENTICATED)").contains("renew them").contains("credentialsFile");
    assertThat(denied.isRetryable()).isFalse();
    assertUnchanged();
  }

  // ---------------------------------------------------------------- ALREADY_EXISTS, etags

  @Test
  void alreadyExistsOnCreateSecret_forASecretNoOneCanFind_isAnExistsConflict_andCreatesNothing() {
    refuseNext(GcpOperation.CREATE_SECRET, Status.Code.ALREADY_EXISTS);

    ConflictException conflict = failure(ConflictException.class, () -> act("create"));

    assertThat(conflict.reason()).isEqualTo(ConflictException.Reason.EXISTS);
    assertThat(conflict.getMessage()).contains("public:fresh");
    assertThat(emulator.calls(GcpOperation.ADD_SECRET_VERSION)).isZero();
    assertThat(store.read(NEW)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = Status.Code.class, names = {"FAILED_PRECONDITION", "ABORTED"})
  void aRefusedAliasMove_onAnUpdate_isAChangedConflict_andDestroysTheVersionItAdded(Status.Code code) {
    refuseNext(GcpOperation.UPDATE_SECRET, code);

    ConflictException conflict = failure(ConflictException.class, this::updatePg);

    assertThat(conflict.reason()).isEqualTo(ConflictException.Reason.CHANGED);
    assertThat(conflict.getMessage()).contains("public:pg");
    assertThat(emulator.calls(GcpOperation.UPDATE_SECRET)).as("a refusal is not tried again").isEqualTo(1);
    assertThat(emulator.calls(GcpOperation.DESTROY_SECRET_VERSION)).isEqualTo(1);
    assertUnchanged();
  }

  @Test
  void aStaleEtagOnTheFirstAliasMove_ofACreate_isAnExistsConflict() {
    refuseNext(GcpOperation.UPDATE_SECRET, Status.Code.FAILED_PRECONDITION);

    ConflictException conflict = failure(ConflictException.class, () -> act("create"));

    assertThat(conflict.reason()).isEqualTo(ConflictException.Reason.EXISTS);
    assertThat(store.read(NEW)).isEmpty();
  }

  @Test
  void aStaleEtagOnDeleteSecret_isAChangedConflict_andDeletesNothing() {
    refuseNext(GcpOperation.DELETE_SECRET, Status.Code.FAILED_PRECONDITION);

    ConflictException conflict = failure(ConflictException.class, () -> store.delete(PG, seeded.revision()));

    assertThat(conflict.reason()).isEqualTo(ConflictException.Reason.CHANGED);
    assertUnchanged();
  }

  // ---------------------------------------------------------------- outages and quota

  @ParameterizedTest
  @EnumSource(value = Failure.class, names = {"UNAVAILABLE", "DEADLINE_EXCEEDED", "INTERNAL"})
  void anOutageOnARead_isRetryableUnavailability_notThrottling(Failure fault) {
    emulator.failNext(GcpOperation.ACCESS_SECRET_VERSION, 1, fault);

    StoreUnavailableException failure = failure(StoreUnavailableException.class, () -> store.read(PG));

    assertThat(failure.getMessage()).contains("store " + store.description() + " is unavailable: AccessSecretVersion"
        + " of public:pg failed (" + fault.name() + ") at in-process:1").endsWith("; retry later");
    assertThat(failure.isRetryable()).isTrue();
    assertThat(failure.throttled()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(value = Failure.class, names = {"UNAVAILABLE", "DEADLINE_EXCEEDED", "INTERNAL"})
  void anOutageOnAddSecretVersion_isRetryableUnavailability_andLeavesTheSecretAsItWas(Failure fault) {
    emulator.failNext(GcpOperation.ADD_SECRET_VERSION, 1, fault);

    StoreUnavailableException failure = failure(StoreUnavailableException.class, this::updatePg);

    assertThat(failure.getMessage()).contains("AddSecretVersion of public:pg failed (" + fault.name() + ")");
    assertThat(failure.isRetryable()).isTrue();
    assertThat(failure.throttled()).isFalse();
    assertUnchanged();
  }

  @Test
  void anOutageOfTheAliasMove_thatDidNotHappen_isRetryable_andLeavesTheSecretAsItWas() {
    emulator.failNext(GcpOperation.UPDATE_SECRET, 1, Failure.UNAVAILABLE);

    StoreUnavailableException failure = failure(StoreUnavailableException.class, this::updatePg);

    assertThat(failure.getMessage()).contains("UpdateSecret of public:pg failed (UNAVAILABLE)");
    assertThat(failure.isRetryable()).isTrue();
    assertUnchanged();
  }

  @ParameterizedTest(name = "{0} throttled during {1}")
  @CsvSource({"ACCESS_SECRET_VERSION, read, AccessSecretVersion", "LIST_SECRETS, list, ListSecrets",
      "CREATE_SECRET, create, CreateSecret", "ADD_SECRET_VERSION, update, AddSecretVersion"})
  void resourceExhausted_isThrottled_andRetryable(GcpOperation call, String action, String rpc) {
    emulator.failNext(call, 1, Failure.RESOURCE_EXHAUSTED);

    StoreUnavailableException failure = failure(StoreUnavailableException.class, () -> act(action));

    assertThat(failure.throttled()).isTrue();
    assertThat(failure.isRetryable()).isTrue();
    assertThat(failure.getMessage()).contains("is throttling requests: " + rpc + " of ")
        .contains("was throttled (RESOURCE_EXHAUSTED: a Secret Manager quota is used up); retry later");
    assertUnchanged();
  }

  @ParameterizedTest
  @EnumSource(value = Status.Code.class, names = {"UNKNOWN", "CANCELLED", "ABORTED"})
  void otherTransientCodesOnARead_areRetryableUnavailability(Status.Code code) {
    refuseNext(GcpOperation.ACCESS_SECRET_VERSION, code);

    StoreUnavailableException failure = failure(StoreUnavailableException.class, () -> store.read(PG));

    assertThat(failure.getMessage()).contains("AccessSecretVersion of public:pg failed (" + code.name() + ")");
    assertThat(failure.isRetryable()).isTrue();
    assertThat(failure.throttled()).isFalse();
  }

  // ---------------------------------------------------------------- permanent refusals

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource({
      "INVALID_ARGUMENT,  ACCESS_SECRET_VERSION, read,   AccessSecretVersion",
      "INVALID_ARGUMENT,  ADD_SECRET_VERSION,    update, AddSecretVersion",
      "INVALID_ARGUMENT,  CREATE_SECRET,         create, CreateSecret",
      "INVALID_ARGUMENT,  LIST_SECRETS,          list,   ListSecrets",
      "UNIMPLEMENTED,     ACCESS_SECRET_VERSION, read,   AccessSecretVersion",
      "UNIMPLEMENTED,     CREATE_SECRET,         create, CreateSecret",
      "OUT_OF_RANGE,      ADD_SECRET_VERSION,    update, AddSecretVersion",
      "FAILED_PRECONDITION, LIST_SECRETS,        list,   ListSecrets",
      "DATA_LOSS,         ACCESS_SECRET_VERSION, read,   AccessSecretVersion"})
  void aPermanentRefusal_isAConfigurationError_thatSaysTheSameCallFailsAgain(Status.Code code, GcpOperation call,
      String action, String rpc) {
    refuseNext(call, code);

    ConfigurationException failure = failure(ConfigurationException.class, () -> act(action));

    assertThat(failure.getMessage()).contains("Secret Manager refused " + rpc + " of ").contains(" in store "
        + store.description() + " (" + code.name() + "); the same call will be refused again: check the store's"
        + " project and endpoint");
    assertThat(failure.isRetryable()).isFalse();
    assertUnchanged();
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Makes the next call of {@code operation} end with {@code code} before the emulator carries it out, with a
   * description that quotes the stored canary, as a service's text may quote what it was sent.
   */
  private void refuseNext(GcpOperation operation, Status.Code code) {
    String quoted = "refused " + canaries.plant() + " " + SERVICE_TEXTS.get(1);
    emulator.beforeNext(request -> request.operation() == operation, () -> {
      throw code.toStatus().withDescription(quoted).asRuntimeException();
    });
  }

  private void act(String action) {
    Map<String, Consumer<SecretStore>> actions = Map.of(
        "read", s -> s.read(PG),
        "list", s -> s.list("public", null, 10),
        "listIds", s -> s.listIds(null, 10),
        "versions", s -> s.versions(PG),
        "create", s -> s.create(NEW, metadata(), Map.of("password", SecretValue.ofString(canaries.plant()))),
        "update", s -> updatePg(),
        "metadata", s -> s.updateMetadata(PG, seeded.revision(),
            metadata().withDependents(List.of("depot:v2alpha:sales"))),
        "delete", s -> s.delete(PG, seeded.revision()));
    actions.get(action).accept(store);
  }

  private void updatePg() {
    store.update(PG, seeded.revision(), metadata(), Map.of("password", SecretValue.ofString(canaries.plant())));
  }

  /**
   * Runs {@code call}, which must throw {@code type}, and checks that nothing it throws shows a canary or the
   * service's own words, in its message, toString, causes or printed stack trace.
   */
  private <T extends SecretException> T failure(Class<T> type, ThrowingCallable call) {
    T thrown = LeakChecks.thrown(type, call, canaries, SERVICE_TEXTS);
    assertThat(thrown.getMessage()).as("no resource name is quoted").doesNotContain("projects/");
    assertThat(thrown.getMessage()).as("the store is named").contains(store.description());
    return thrown;
  }

  /** Checks that public:pg still reads as it was seeded, and that nothing else appeared. */
  private void assertUnchanged() {
    emulator.clearFaults();
    StoredSecret now = store.read(PG).orElseThrow();
    assertThat(now.revision()).isEqualTo(seeded.revision());
    assertThat(now.values().get("password").asString()).isEqualTo(password);
    assertThat(store.read(NEW)).isEmpty();
  }

  private static SecretMetadata metadata() {
    return TestSecrets.metadata("olivia", T0);
  }
}
