package dev.secretkit.emulator.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.secretmanager.v1.AddSecretVersionRequest;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretVersion;
import dev.secretkit.emulator.support.CallFault;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every fault switch, the call counters and the hook, as the real client sees them. */
class FaultsTest extends EmulatorTestBase {

  @Test
  void failNext_failsTheNextCallsOfAnOperation_beforeCarryingThemOut() {
    createSecret("db");
    gcp.failNext(GcpOperation.ADD_SECRET_VERSION, 2, GcpSecretManagerEmulator.Failure.UNAVAILABLE);

    Status first = failure(() -> addVersion("db", "one"));
    Status second = failure(() -> addVersion("db", "one"));
    SecretVersion third = addVersion("db", "one");

    assertThat(first.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(first.getDescription()).isEqualTo("The service is currently unavailable.");
    assertThat(second.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(third.getName()).as("the failed calls added nothing").endsWith("/versions/1");
    assertThat(gcp.calls(GcpOperation.ADD_SECRET_VERSION)).isEqualTo(3);
  }

  @Test
  void failNext_withoutAnOperation_failsCallsOfAny() {
    gcp.failNext(1, GcpSecretManagerEmulator.Failure.INTERNAL);

    Status status = failure(() -> createSecret("db"));

    assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(status.getDescription()).isEqualTo("Internal error encountered.");
    assertThat(createSecret("db").getName()).isEqualTo(secretName("db"));
  }

  @Test
  void everyFailure_answersItsStatus_inGooglesWording() {
    createSecret("db");
    addVersion("db", "one");
    String latest = PARENT + "/secrets/db/versions/latest";
    List<Status> statuses = new ArrayList<>();
    for (GcpSecretManagerEmulator.Failure kind : GcpSecretManagerEmulator.Failure.values()) {
      gcp.failNext(GcpOperation.ACCESS_SECRET_VERSION, 1, kind);
      statuses.add(failure(() -> access(latest)));
    }

    assertThat(statuses).extracting(status -> status.getCode().name())
        .containsExactly("UNAVAILABLE", "RESOURCE_EXHAUSTED", "INTERNAL", "DEADLINE_EXCEEDED", "UNAUTHENTICATED",
            "PERMISSION_DENIED");
    assertThat(statuses.get(1).getDescription()).isEqualTo("Quota exceeded for quota metric 'Access requests' and "
        + "limit 'Access requests per minute per project' of service 'secretmanager.googleapis.com' for consumer "
        + "'project_number:" + number + "'.");
    assertThat(statuses.get(3).getDescription()).isEqualTo("Deadline expired before operation could complete.");
    assertThat(statuses.get(4).getDescription()).startsWith("Request had invalid authentication credentials.");
    assertThat(statuses.get(5).getDescription()).isEqualTo("Permission 'secretmanager.versions.access' denied for "
        + "resource '" + latest + "' (or it may not exist).");
    assertThat(access(latest)).isEqualTo("one");
  }

  @Test
  void throttling_namesTheReadOrWriteQuota() {
    gcp.failNext(GcpOperation.GET_SECRET, 1, GcpSecretManagerEmulator.Failure.RESOURCE_EXHAUSTED);
    gcp.failNext(GcpOperation.CREATE_SECRET, 1, GcpSecretManagerEmulator.Failure.RESOURCE_EXHAUSTED);

    assertThat(failure(() -> client.getSecret(PARENT + "/secrets/db")).getDescription())
        .contains("quota metric 'Read requests'");
    assertThat(failure(() -> createSecret("db")).getDescription()).contains("quota metric 'Write requests'");
    gcp.failNext(GcpOperation.GET_SECRET, 1, GcpSecretManagerEmulator.Failure.RESOURCE_EXHAUSTED);
    assertThat(failure(() -> client.getSecret("nonsense")).getDescription()).endsWith("'secretmanager.googleapis.com'.");
  }

  @Test
  void deny_refusesEveryCallOfTheOperation_namingItsPermission_untilCleared() {
    createSecret("db");
    gcp.deny(GcpOperation.ADD_SECRET_VERSION);
    gcp.deny(GcpOperation.TEST_IAM_PERMISSIONS);

    Status first = failure(() -> addVersion("db", "one"));
    Status second = failure(() -> addVersion("db", "one"));
    gcp.clearFaults();

    assertThat(first.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(first.getDescription()).isEqualTo("Permission 'secretmanager.versions.add' denied for resource '"
        + PARENT + "/secrets/db' (or it may not exist).");
    assertThat(second.getDescription()).isEqualTo(first.getDescription());
    assertThat(addVersion("db", "one").getName()).endsWith("/versions/1");
  }

  @Test
  void failCall_beforeTheCall_leavesNothingDone() {
    createSecret("db");
    gcp.failCall(2, CallFault.ERROR_BEFORE);

    client.getSecret(PARENT + "/secrets/db");
    Status unavailable = failure(() -> addVersion("db", "one"));
    gcp.failCall(1, CallFault.THROTTLE_BEFORE);
    Status throttled = failure(() -> addVersion("db", "one"));

    assertThat(unavailable.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(throttled.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(client.listSecretVersions(PARENT + "/secrets/db").iterateAll()).isEmpty();
  }

  @Test
  void failCall_afterTheCall_failsACallThatTookEffect() {
    createSecret("db");
    gcp.failCall(1, CallFault.ERROR_AFTER);
    Status error = failure(() -> addVersion("db", "one"));
    gcp.failCall(1, CallFault.DROP_AFTER);
    Status dropped = failure(() -> addVersion("db", "two"));

    assertThat(error.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(dropped.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(access(PARENT + "/secrets/db/versions/1")).isEqualTo("one");
    assertThat(access(PARENT + "/secrets/db/versions/latest")).isEqualTo("two");
  }

  @Test
  void loseResponses_carriesCallsOut_thenAnswersDeadlineExceeded() {
    createSecret("db");
    gcp.loseResponses(GcpOperation.ADD_SECRET_VERSION, 1);

    Status lost = failure(() -> addVersion("db", "one"));

    assertThat(lost.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(access(PARENT + "/secrets/db/versions/1")).isEqualTo("one");
    assertThat(addVersion("db", "two").getName()).as("one response only was lost").endsWith("/versions/2");
  }

  @Test
  void latency_isWaitedOutThroughTheSleeper_forEveryCall() {
    List<Duration> slept = new ArrayList<>();
    try (GcpSecretManagerEmulator slow = new GcpSecretManagerEmulator(clock, slept::add).start();
        SecretManagerServiceClient slowClient = Clients.inProcess(slow)) {
      slow.latency(Duration.ofMillis(250));
      slowClient.listSecrets(PARENT).iterateAll().forEach(secret -> { });
      slowClient.listSecrets(PARENT).iterateAll().forEach(secret -> { });
      slow.clearFaults();
      slowClient.listSecrets(PARENT).iterateAll().forEach(secret -> { });
    }

    assertThat(slept).containsExactly(Duration.ofMillis(250), Duration.ofMillis(250));
  }

  @Test
  void anInterruptedLatencyWait_cancelsTheCall() {
    try (GcpSecretManagerEmulator interrupted = new GcpSecretManagerEmulator(clock, duration -> {
      throw new InterruptedException("test");
    }).startTcp(); SecretManagerServiceClient overTcp = Clients.tcp(interrupted.endpoint())) {
      interrupted.latency(Duration.ofSeconds(1));

      Status status = failure(() -> overTcp.getSecret(PARENT + "/secrets/db"));

      assertThat(status.getCode()).isEqualTo(Status.Code.CANCELLED);
      assertThat(status.getDescription()).contains("interrupted");
    }
  }

  @Test
  void calls_countEveryCallPerOperation_refusedOnesIncluded_untilReset() {
    createSecret("db");
    addVersion("db", "one");
    failure(() -> client.getSecret(PARENT + "/secrets/missing"));
    failure(() -> client.getSecret("malformed"));

    assertThat(gcp.calls(GcpOperation.CREATE_SECRET)).isEqualTo(1);
    assertThat(gcp.calls(GcpOperation.ADD_SECRET_VERSION)).isEqualTo(1);
    assertThat(gcp.calls(GcpOperation.GET_SECRET)).isEqualTo(2);
    assertThat(gcp.calls(GcpOperation.DELETE_SECRET)).isZero();
    assertThat(gcp.totalCalls()).isEqualTo(4);
    gcp.resetCalls();
    assertThat(gcp.totalCalls()).isZero();
  }

  @Test
  void beforeNext_letsAnotherWriterAct_justBeforeTheMatchingCall() {
    createSecret("db");
    addVersion("db", "one");
    gcp.beforeNext(request -> request.operation() == GcpOperation.ADD_SECRET_VERSION
            && request.resource().equals(PARENT + "/secrets/db")
            && request.message() instanceof AddSecretVersionRequest add
            && add.getPayload().getData().toStringUtf8().equals("mine"),
        () -> addVersion("db", "theirs"));

    addVersion("db", "unmatched");
    SecretVersion mine = addVersion("db", "mine");
    addVersion("db", "mine");

    assertThat(mine.getName()).as("the other writer's version came first").endsWith("/versions/4");
    assertThat(access(PARENT + "/secrets/db/versions/3")).isEqualTo("theirs");
    assertThat(client.listSecretVersions(PARENT + "/secrets/db").iterateAll()).hasSize(5);
  }

  @Test
  void aHookWhoseMatcherThrows_endsTheCallWithInternal() {
    gcp.beforeNext(request -> {
      throw new IllegalStateException("broken matcher");
    }, () -> { });

    Status status = failure(() -> client.getSecret(PARENT + "/secrets/db"));

    assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(status.getDescription()).contains("broken matcher");
  }

  @Test
  void clearFaults_disarmsEverySwitch_andKeepsSecretsAndCounts() {
    createSecret("db");
    gcp.failNext(3, GcpSecretManagerEmulator.Failure.UNAVAILABLE);
    gcp.failNext(GcpOperation.GET_SECRET, 3, GcpSecretManagerEmulator.Failure.INTERNAL);
    gcp.deny(GcpOperation.GET_SECRET);
    gcp.loseResponses(GcpOperation.GET_SECRET, 3);
    gcp.failCall(1, CallFault.ERROR_BEFORE);
    gcp.beforeNext(request -> true, () -> {
      throw new AssertionError("disarmed");
    });

    gcp.clearFaults();

    assertThat(client.getSecret(PARENT + "/secrets/db").getName()).isEqualTo(secretName("db"));
    assertThat(gcp.calls(GcpOperation.CREATE_SECRET)).isEqualTo(1);
  }

  @Test
  void switches_refuseBadArguments() {
    assertThatThrownBy(() -> gcp.failNext(-1, GcpSecretManagerEmulator.Failure.INTERNAL))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> gcp.failNext(GcpOperation.GET_SECRET, -1, GcpSecretManagerEmulator.Failure.INTERNAL))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> gcp.failCall(0, CallFault.ERROR_BEFORE)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> gcp.latency(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> gcp.loseResponses(GcpOperation.GET_SECRET, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> gcp.failNext(1, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> gcp.deny(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new GcpRequest(GcpOperation.GET_SECRET, null, null))
        .isInstanceOf(NullPointerException.class);
    assertThat(Map.of(GcpOperation.ACCESS_SECRET_VERSION.rpcName(), GcpOperation.ACCESS_SECRET_VERSION.permission()))
        .containsExactly(Map.entry("AccessSecretVersion", "secretmanager.versions.access"));
  }
}
