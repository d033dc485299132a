package dev.secretkit.emulator.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.emulator.support.CallFault;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.emulator.support.RandomFaults;
import dev.secretkit.emulator.vault.VaultEmulator.Failure;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.api.WriteOptions;
import io.github.jopenlibs.vault.response.HealthResponse;
import io.github.jopenlibs.vault.response.LogicalResponse;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault switches, the hook and the call counters, seen through the real driver and raw HTTP. */
class FaultsTest {
  private final List<Duration> slept = new CopyOnWriteArrayList<>();
  private VaultEmulator vault;
  private Vault driver;
  private Raw raw;

  @BeforeEach
  void start() throws VaultException {
    vault = new VaultEmulator(new ManualClock(), slept::add).start();
    driver = Clients.driver(vault, vault.rootToken());
    raw = new Raw(vault, vault.rootToken());
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  private static void assertStatus(Throwable thrown, int status) {
    assertThat(thrown).isInstanceOf(VaultException.class);
    assertThat(((VaultException) thrown).getHttpStatusCode()).isEqualTo(status);
  }

  @Test
  void failRandomly_failsRequestsByChanceUntilCleared_andRestartServesTheSecretsAgainOnTheSamePort() {
    raw.post("secret/data/app", "{\"data\":{\"v\":\"1\"}}");
    vault.failRandomly(new RandomFaults(0, 1, 0, Duration.ofMillis(10), 1));

    assertThat(raw.get("secret/data/app").status()).isEqualTo(429);
    vault.failRandomly(new RandomFaults(1, 0, 0, Duration.ofMillis(10), 1));
    assertThat(raw.get("secret/data/app").status()).isEqualTo(500);
    assertThat(vault.faultsInjected()).isEqualTo(2);
    assertThat(slept).as("no latency for calls failed before they are carried out").isEmpty();
    vault.clearFaults();
    URI address = vault.address();
    vault.close();
    vault.restart();

    assertThat(vault.address()).isEqualTo(address);
    assertThat(new Raw(vault, vault.rootToken()).get("secret/data/app").text()).contains("\"v\":\"1\"");
    assertThatThrownBy(vault::restart).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void sealed_failsTheNextReadsWith503_thenServesAgain() throws VaultException {
    driver.logical().write("secret/app", Map.of("v", "1"));
    vault.failNext(VaultOperation.READ_DATA, 2, Failure.SEALED);

    Raw.Response sealed = raw.get("secret/data/app");
    assertThatThrownBy(() -> driver.logical().read("secret/app")).satisfies(e -> assertStatus(e, 503));
    LogicalResponse served = driver.logical().read("secret/app");

    assertThat(sealed.status()).isEqualTo(503);
    assertThat(sealed.text()).isEqualTo("{\"errors\":[\"Vault is sealed\"]}\n");
    assertThat(sealed.contentType()).isEqualTo("application/json");
    assertThat(served.getData()).containsEntry("v", "1");
    assertThat(vault.calls(VaultOperation.READ_DATA)).isEqualTo(3);
  }

  @Test
  void standby_failsAnyOperationWith503() {
    vault.failNext(1, Failure.STANDBY);

    Raw.Response standby = raw.post("secret/data/app", "{\"data\":{}}");

    assertThat(standby.status()).isEqualTo(503);
    assertThat(standby.errors()).isEqualTo("[\"no active Vault instance found\"]");
    assertThat(raw.get("secret/data/app").status()).as("the write was not carried out").isEqualTo(404);
  }

  @Test
  void throttled_is429WithTheRequestPath_andRetryAfterOnlyWhenSet() throws VaultException {
    vault.failNext(VaultOperation.WRITE_DATA, 2, Failure.THROTTLED);

    LogicalResponse returned = driver.logical().write("secret/app", Map.of("v", "1"));
    vault.retryAfter(Duration.ofSeconds(3));
    Raw.Response withHeader = raw.post("secret/data/app", "{\"data\":{}}");

    assertThat(returned.getRestResponse().getStatus()).as("the driver returns a 4xx").isEqualTo(429);
    assertThat(new String(returned.getRestResponse().getBody()))
        .isEqualTo("{\"errors\":[\"request path \\\"secret/data/app\\\": rate limit quota exceeded\"]}\n");
    assertThat(returned.getRestResponse().getMimeType()).isEqualTo("application/json");
    assertThat(withHeader.status()).isEqualTo(429);
    assertThat(withHeader.headers().firstValue("Retry-After")).hasValue("3");
    assertThat(raw.get("secret/data/app").status()).isEqualTo(404);
  }

  @Test
  void internalError_isThrownByTheDriver_andItsRetriesAbsorbIt() throws VaultException {
    vault.failNext(VaultOperation.WRITE_DATA, 1, Failure.INTERNAL_ERROR);
    assertThatThrownBy(() -> driver.logical().write("secret/app", Map.of("v", "1")))
        .satisfies(e -> assertStatus(e, 500));

    vault.failNext(VaultOperation.WRITE_DATA, 2, Failure.INTERNAL_ERROR);
    LogicalResponse retried = driver.withRetries(2, 0).logical().write("secret/app", Map.of("v", "1"));

    assertThat(retried.getData()).containsEntry("version", "1");
    assertThat(vault.calls(VaultOperation.WRITE_DATA)).isEqualTo(4);
  }

  @Test
  void failuresForAnOperation_comeBeforeThoseForAny_andEachIsUsedOnce() {
    vault.failNext(2, Failure.INTERNAL_ERROR);
    vault.failNext(VaultOperation.READ_DATA, 1, Failure.THROTTLED);

    assertThat(raw.get("secret/data/app").status()).isEqualTo(429);
    assertThat(raw.get("secret/data/app").status()).isEqualTo(500);
    assertThat(raw.get("secret/metadata/app").status()).isEqualTo(500);
    assertThat(raw.get("secret/data/app").status()).isEqualTo(404);
  }

  @Test
  void health_sealedOrStandby_answersAsVaultsHealthEndpoint() throws VaultException {
    Vault anonymous = Clients.driver(vault, null);
    vault.failNext(VaultOperation.HEALTH, 1, Failure.SEALED);
    HealthResponse sealed = anonymous.debug().health();
    vault.failNext(VaultOperation.HEALTH, 1, Failure.STANDBY);
    HealthResponse standby = anonymous.debug().health();

    assertThat(sealed.getRestResponse().getStatus()).isEqualTo(503);
    assertThat(sealed.getSealed()).isTrue();
    assertThat(standby.getRestResponse().getStatus()).isEqualTo(429);
    assertThat(standby.getStandby()).isTrue();
    vault.failNext(VaultOperation.HEALTH, 2, Failure.STANDBY);
    assertThat(raw.get("sys/health?standbyok=true").status()).isEqualTo(200);
    assertThat(raw.get("sys/health?standbycode=473").status()).isEqualTo(473);
    vault.failNext(VaultOperation.HEALTH, 1, Failure.SEALED);
    assertThat(raw.get("sys/health?sealedcode=200").json().get("sealed").asBoolean()).isTrue();
    Raw.Response noContent = raw.get("sys/health?activecode=204");
    assertThat(noContent.status()).isEqualTo(204);
    assertThat(noContent.text()).isEmpty();
    assertThat(raw.post("sys/health", "{}").status()).isEqualTo(405);
  }

  @Test
  void latency_delaysEveryRequestThroughTheSleeper_untilCleared() throws VaultException {
    vault.latency(Duration.ofMillis(250));

    driver.logical().write("secret/app", Map.of("v", "1"));
    driver.logical().read("secret/app");
    vault.clearFaults();
    driver.logical().read("secret/app");

    assertThat(slept).containsExactly(Duration.ofMillis(250), Duration.ofMillis(250));
  }

  @Test
  void loseResponses_appliesTheWrite_andDropsTheConnection() throws VaultException {
    vault.loseResponses(VaultOperation.WRITE_DATA, 2);

    assertThatThrownBy(() -> raw.post("secret/data/app", "{\"data\":{\"v\":\"1\"}}"))
        .isInstanceOf(UncheckedIOException.class);
    assertThatThrownBy(() -> driver.logical().write("secret/app", Map.of("v", "2")))
        .isInstanceOf(VaultException.class);
    LogicalResponse read = driver.logical().read("secret/app");

    assertThat(read.getData()).containsEntry("v", "2");
    assertThat(read.getDataMetadata().getVersion()).isEqualTo(2L);
  }

  @Test
  void failCall_errorBefore_failsTheKthCallWithoutCarryingItOut() {
    vault.failCall(2, CallFault.ERROR_BEFORE);

    assertThat(raw.post("secret/data/a", "{\"data\":{}}").status()).isEqualTo(200);
    assertThat(raw.post("secret/data/b", "{\"data\":{}}").status()).isEqualTo(500);
    assertThat(raw.post("secret/data/c", "{\"data\":{}}").status()).isEqualTo(200);
    assertThat(raw.get("secret/data/b").status()).isEqualTo(404);
  }

  @Test
  void failCall_throttleBefore_is429WithoutCarryingItOut() {
    vault.failCall(1, CallFault.THROTTLE_BEFORE);

    assertThat(raw.post("secret/data/a", "{\"data\":{}}").status()).isEqualTo(429);
    assertThat(raw.get("secret/data/a").status()).isEqualTo(404);
  }

  @Test
  void failCall_errorAfter_carriesItOutThenAnswers500() {
    vault.failCall(1, CallFault.ERROR_AFTER);

    assertThat(raw.post("secret/data/a", "{\"data\":{\"v\":\"1\"}}").status()).isEqualTo(500);
    assertThat(raw.get("secret/data/a").status()).isEqualTo(200);
  }

  @Test
  void failCall_dropAfter_carriesItOutThenDropsTheConnection_andAnotherReplacesIt() {
    vault.failCall(1, CallFault.ERROR_BEFORE);
    vault.failCall(1, CallFault.DROP_AFTER);

    assertThatThrownBy(() -> raw.post("secret/data/a", "{\"data\":{}}")).isInstanceOf(UncheckedIOException.class);
    assertThat(raw.get("secret/data/a").status()).isEqualTo(200);
  }

  @Test
  void failCall_onACallThatIsRefused_isUsedUpAndTheRefusalAnswered() {
    vault.failCall(1, CallFault.ERROR_AFTER);

    assertThat(raw.withToken(null).get("secret/data/a").status()).isEqualTo(403);
    assertThat(raw.get("secret/data/a").status()).isEqualTo(404);
  }

  @Test
  void beforeNext_letsAnotherWriterWinACasRaceAtAnExactPoint() throws VaultException {
    driver.logical().write("secret/race", Map.of("v", "0"));
    Vault other = Clients.driver(vault, vault.rootToken());
    AtomicReference<LogicalResponse> theirs = new AtomicReference<>();
    vault.beforeNext(request -> request.operation() == VaultOperation.WRITE_DATA
        && request.path().equals("secret/data/race") && request.body().path("data").path("v").asText().equals("mine"),
        () -> {
          try {
            theirs.set(other.logical().write("secret/race", Map.of("v", "theirs"), null,
                new WriteOptions().checkAndSet(1L)));
          } catch (VaultException e) {
            throw new IllegalStateException(e);
          }
        });

    LogicalResponse mine = driver.logical().write("secret/race", Map.of("v", "mine"), null,
        new WriteOptions().checkAndSet(1L));

    assertThat(theirs.get().getRestResponse().getStatus()).isEqualTo(200);
    assertThat(mine.getRestResponse().getStatus()).isEqualTo(400);
    assertThat(driver.logical().read("secret/race").getData()).containsEntry("v", "theirs");
  }

  @Test
  void beforeNext_runsOnce_onlyForAMatchingRequest_andClearFaultsDisarmsIt() {
    List<VaultRequest> seen = new CopyOnWriteArrayList<>();
    vault.beforeNext(request -> request.operation() == VaultOperation.LIST_KEYS, () -> seen.add(null));
    raw.get("secret/data/a");
    raw.list("secret/metadata");
    raw.list("secret/metadata");
    vault.beforeNext(request -> {
      seen.add(request);
      return false;
    }, () -> { });
    raw.inNamespace("root").get("secret/data/x");
    vault.clearFaults();
    raw.get("secret/data/y");

    assertThat(seen).hasSize(2);
    assertThat(seen.get(1)).isEqualTo(new VaultRequest(VaultOperation.READ_DATA, "", "secret/data/x",
        Raw.JSON.createObjectNode()));
  }

  @Test
  void calls_countEveryRequestByOperation_refusedOnesToo_untilReset() {
    raw.post("secret/data/a", "{\"data\":{}}");
    raw.withToken(null).get("secret/data/a");
    raw.get("secret/metadata/a");
    raw.get("nowhere");

    assertThat(vault.calls(VaultOperation.WRITE_DATA)).isEqualTo(1);
    assertThat(vault.calls(VaultOperation.READ_DATA)).isEqualTo(1);
    assertThat(vault.calls(VaultOperation.READ_METADATA)).isEqualTo(1);
    assertThat(vault.calls(VaultOperation.OTHER)).isEqualTo(1);
    assertThat(vault.calls(VaultOperation.DESTROY_VERSIONS)).isZero();
    assertThat(vault.totalCalls()).isEqualTo(4);
    vault.resetCalls();
    assertThat(vault.totalCalls()).isZero();
  }

  @Test
  void switches_refuseBadArguments() {
    assertThatThrownBy(() -> vault.failNext(-1, Failure.SEALED)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> vault.loseResponses(VaultOperation.WRITE_DATA, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> vault.failCall(0, CallFault.ERROR_AFTER)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("k counts calls from 1: 0");
    assertThatThrownBy(() -> vault.latency(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> vault.retryAfter(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void clearFaults_turnsEverySwitchOff() {
    vault.failNext(5, Failure.SEALED);
    vault.loseResponses(VaultOperation.READ_DATA, 5);
    vault.failCall(1, CallFault.ERROR_BEFORE);
    vault.retryAfter(Duration.ofSeconds(1));

    vault.clearFaults();
    vault.failNext(1, Failure.THROTTLED);

    assertThat(raw.get("secret/data/a").headers().firstValue("Retry-After")).isEmpty();
    assertThat(raw.get("secret/data/a").status()).isEqualTo(404);
  }
}
