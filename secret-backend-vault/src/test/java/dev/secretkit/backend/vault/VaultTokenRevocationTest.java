package dev.secretkit.backend.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.emulator.vault.AppRoleCredentials;
import dev.secretkit.emulator.vault.TokenSpec;
import dev.secretkit.emulator.vault.VaultEmulator;
import dev.secretkit.emulator.vault.VaultOperation;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store revokes the tokens of its own AppRole and Kubernetes logins once it is done with them, at close and when
 * a new login replaces one, so that neither a {@code secretctl} run nor a long-running process leaves tokens behind
 * in Vault; it never revokes a token the user gave, nor a batch token; and a revocation Vault does not confirm is a
 * warning, bounded in time, never an error of close.
 */
@ExtendWith(LeakScanner.class)
class VaultTokenRevocationTest {
  private static final SecretId PG = SecretId.of("public", "pg");
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  @TempDir
  Path home;

  private final ManualClock clock = new ManualClock(T0);
  /** Holds the requests the emulator delays until a test lets them go; never really sleeps. */
  private final CountDownLatch held = new CountDownLatch(1);
  private final ByteArrayOutputStream warnings = new ByteArrayOutputStream();
  private VaultEmulator vault;
  private Canaries canaries;

  @BeforeEach
  void start(Canaries planted) {
    canaries = planted;
    vault = new VaultEmulator(clock, duration -> held.await(1, TimeUnit.MINUTES)).start();
    vault.policy("store", VaultAuthTest.STORE_POLICY);
  }

  @AfterEach
  void stop() {
    held.countDown();
    vault.close();
  }

  private SecretStore open(String parameters, Map<String, String> environment) {
    return open(parameters, environment, VaultSession.REVOKE_TIMEOUT);
  }

  private SecretStore open(String parameters, Map<String, String> environment, Duration revokeTimeout) {
    Map<String, String> env = new HashMap<>(environment);
    env.put("HOME", home.toString());
    return TestStores.open(TestStores.uri(vault, parameters), env, clock, new PrintStream(warnings, true,
        StandardCharsets.UTF_8), revokeTimeout);
  }

  private Map<String, String> appRole(AppRoleCredentials app) {
    return TestStores.appRole(app, canaries);
  }

  private String warnings() {
    return warnings.toString(StandardCharsets.UTF_8);
  }

  private void create(SecretStore store) {
    store.create(PG, new SecretMetadata("secret", "v1", "key-value", "r", "olivia", List.of(), null, null, List.of(),
        List.of(), T0, "olivia", T0, "olivia"), Map.of("password", SecretValue.ofString(canaries.plant())));
  }

  // ---------------------------------------------------------------- at close

  @Test
  void closingAStoreThatLoggedInWithAppRole_revokesItsToken_once() {
    AppRoleCredentials app = vault.appRole("app", TokenSpec.of("store").withTtl(Duration.ofMinutes(30)));
    SecretStore store = open("auth=approle", appRole(app));
    create(store);
    assertThat(vault.serviceTokens("")).as("the login's token").isEqualTo(1);

    store.close();
    store.close();

    assertThat(vault.calls(VaultOperation.REVOKE_SELF)).isEqualTo(1);
    assertThat(vault.serviceTokens("")).as("none left behind").isZero();
    assertThat(warnings()).isEmpty();
  }

  @Test
  void closingAStoreThatLoggedInWithKubernetes_inANamespace_revokesItsTokenThere() throws Exception {
    vault.mountKv("team-a", "secret");
    vault.policy("team-a", "store", VaultAuthTest.STORE_POLICY);
    vault.kubernetesRole("app", "payments", "api", TokenSpec.of("store").inNamespace("team-a"));
    Path jwt = Files.writeString(home.resolve("token"), canaries.plant(vault.kubernetesServiceAccountJwt("payments",
        "api")));
    try (SecretStore store = open("auth=kubernetes&role=app&namespace=team-a&jwtFile=" + jwt, Map.of())) {
      create(store);
      assertThat(vault.serviceTokens("team-a")).isEqualTo(1);
    }

    assertThat(vault.calls(VaultOperation.REVOKE_SELF)).isEqualTo(1);
    assertThat(vault.serviceTokens("team-a")).as("revoke-self sent to the token's namespace, else refused")
        .isZero();
    assertThat(warnings()).isEmpty();
  }

  @Test
  void aTokenTheUserGave_inVaultToken_orTheTokenFile_isNeverRevoked() throws Exception {
    String fromVariable = canaries.plant(vault.createToken(TokenSpec.of("store")));
    Files.writeString(home.resolve(".vault-token"), canaries.plant(vault.createToken(TokenSpec.of("store"))));

    try (SecretStore store = open("", Map.of("VAULT_TOKEN", fromVariable))) {
      create(store);
    }
    try (SecretStore store = open("", Map.of())) {
      assertThat(store.read(PG)).isPresent();
    }

    assertThat(vault.calls(VaultOperation.REVOKE_SELF)).isZero();
    assertThat(vault.serviceTokens("")).as("both still valid").isEqualTo(2);
  }

  @Test
  void closingTheStoreOnAnInterruptedThread_stillRevokesItsToken_andLeavesTheInterruptSet() {
    AppRoleCredentials app = vault.appRole("app", TokenSpec.of("store").withTtl(Duration.ofMinutes(30)));
    SecretStore store = open("auth=approle", appRole(app));
    create(store);

    // A worker interrupted by shutdownNow() closes its store on the way out (try-with-resources).
    Thread.currentThread().interrupt();
    store.close();

    assertThat(Thread.interrupted()).as("the interrupt is the caller's, kept").isTrue();
    assertThat(vault.calls(VaultOperation.REVOKE_SELF)).isEqualTo(1);
    assertThat(vault.serviceTokens("")).as("none left behind").isZero();
    assertThat(warnings()).isEmpty();
  }

  @Test
  void revokeLoginTokensFalse_keepsTheLoginsTokenUntilItsTtl() {
    AppRoleCredentials app = vault.appRole("app", TokenSpec.of("store"));

    open("auth=approle&revokeLoginTokens=false", appRole(app)).close();

    assertThat(vault.calls(VaultOperation.REVOKE_SELF)).isZero();
    assertThat(vault.serviceTokens("")).isEqualTo(1);
  }

  @Test
  void aBatchToken_whichVaultCannotRevoke_isNotTried() {
    AppRoleCredentials app = vault.appRole("app", TokenSpec.of("store").withBatchTokens());
    try (SecretStore store = open("auth=approle", appRole(app))) {
      create(store);
    }

    assertThat(vault.calls(VaultOperation.REVOKE_SELF)).isZero();
    assertThat(warnings()).isEmpty();
  }

  @Test
  void aTokenExpiredByTheStoresClock_isNotRevoked_VaultHasDoneSo() {
    AppRoleCredentials app = vault.appRole("app", TokenSpec.of("store").withTtl(Duration.ofMinutes(30)));
    SecretStore store = open("auth=approle", appRole(app));
    clock.advance(Duration.ofMinutes(30));

    store.close();

    assertThat(vault.calls(VaultOperation.REVOKE_SELF)).isZero();
    assertThat(warnings()).isEmpty();
  }

  // ---------------------------------------------------------------- a new login replaces the token

  @Test
  void aTokenReplacedByANewLogin_isRevokedThen_soALongRunningStoreHoldsOneTokenAtATime() {
    AppRoleCredentials app = vault.appRole("app", TokenSpec.of("store").withTtl(Duration.ofMinutes(30))
        .nonRenewable());
    try (SecretStore store = open("auth=approle", appRole(app))) {
      create(store);
      for (int replaced = 1; replaced <= 3; replaced++) {
        clock.advance(Duration.ofMinutes(21));

        assertThat(store.read(PG)).isPresent();
        assertThat(vault.calls(VaultOperation.LOGIN_APPROLE)).isEqualTo(replaced + 1);
        assertThat(vault.calls(VaultOperation.REVOKE_SELF)).isEqualTo(replaced);
        assertThat(vault.serviceTokens("")).as("after %d new logins", replaced).isEqualTo(1);
      }
    }
    assertThat(vault.serviceTokens("")).isZero();
    assertThat(warnings()).isEmpty();
  }

  @Test
  void aTokenVaultRefusedAsInvalid_isReplaced_butNotRevoked() {
    AppRoleCredentials app = vault.appRole("app", TokenSpec.of("store").withTtl(Duration.ofMinutes(30)));
    ManualClock storeClock = new ManualClock(T0);
    Map<String, String> env = new HashMap<>(appRole(app));
    env.put("HOME", home.toString());
    try (SecretStore store = TestStores.open("vault://127.0.0.1:" + vault.address().getPort()
        + "/secret?tls=false&auth=approle", env, storeClock, new PrintStream(warnings, true, StandardCharsets.UTF_8))) {
      create(store);
      // Vault's clock runs ahead: the token expires there while the store still holds it valid.
      clock.advance(Duration.ofMinutes(31));

      assertThat(store.read(PG)).isPresent();
      assertThat(vault.calls(VaultOperation.REVOKE_SELF)).as("nothing to revoke").isZero();
    }
    assertThat(vault.calls(VaultOperation.REVOKE_SELF)).as("the new token, at close").isEqualTo(1);
    assertThat(vault.serviceTokens("")).isZero();
    assertThat(warnings()).isEmpty();
  }

  @Test
  void aTokenVaultRefusedAsInvalid_isNotRevokedAtClose_thoughNoNewLoginReplacedIt() {
    vault.invalidTokenError(false);
    AppRoleCredentials app = vault.appRole("app", TokenSpec.of("store").withTtl(Duration.ofMinutes(30)));
    ManualClock storeClock = new ManualClock(T0);
    Map<String, String> env = new HashMap<>(appRole(app));
    env.put("HOME", home.toString());
    SecretStore store = TestStores.open("vault://127.0.0.1:" + vault.address().getPort()
        + "/secret?tls=false&auth=approle&maxAttempts=1", env, storeClock,
        new PrintStream(warnings, true, StandardCharsets.UTF_8));
    create(store);
    clock.advance(Duration.ofMinutes(31));
    vault.failNext(VaultOperation.LOGIN_APPROLE, 1, VaultEmulator.Failure.SEALED);
    assertThat(catchThrowable(() -> store.read(PG))).as("refused, and no new login").isNotNull();

    store.close();

    assertThat(vault.calls(VaultOperation.REVOKE_SELF)).isZero();
    assertThat(warnings()).isEmpty();
  }

  @Test
  void aStoreClosedWhileANewLoginIsOnItsWay_revokesBothTokens_andTheCallFailsAsClosed() {
    AppRoleCredentials app = vault.appRole("app", TokenSpec.of("store").withTtl(Duration.ofMinutes(30))
        .nonRenewable());
    SecretStore store = open("auth=approle", appRole(app));
    create(store);
    clock.advance(Duration.ofMinutes(21));
    vault.beforeNext(request -> request.operation() == VaultOperation.LOGIN_APPROLE, store::close);

    Throwable thrown = catchThrowable(() -> store.read(PG));

    assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageEndingWith(" is closed");
    assertThat(vault.calls(VaultOperation.REVOKE_SELF)).as("the old token at close, the new one once in")
        .isEqualTo(2);
    assertThat(vault.serviceTokens("")).isZero();
  }

  // ---------------------------------------------------------------- what Vault does not confirm

  @Test
  void aRevocationVaultRefuses_isAWarningNamingTheLoginAndTheFix_notAnErrorOfClose() {
    AppRoleCredentials app = vault.appRole("bare", TokenSpec.of("store").withTtl(Duration.ofHours(1))
        .withoutDefaultPolicy());
    SecretStore store = open("auth=approle", appRole(app));

    store.close();

    assertThat(warnings()).startsWith("secretkit: warning: store vault://127.0.0.1:")
        .contains("could not revoke the token of the AppRole login at auth/approle (auth method approle) at close"
            + " (auth/token/revoke-self): Vault refused it (HTTP 403): its policies need the \"update\" capability on"
            + " auth/token/revoke-self, which Vault's default policy grants")
        .contains("grant it, or set revokeLoginTokens=false; the token stays valid until its TTL runs out, in 60 min")
        .doesNotContain("hvs.");
    canaries.assertAbsent("the warning of a refused revocation", warnings());
    assertThat(vault.serviceTokens("")).isEqualTo(1);
  }

  @Test
  void aRevocationVaultCannotAnswer_isOneCall_andAWarning() {
    AppRoleCredentials app = vault.appRole("app", TokenSpec.of("store").withTtl(Duration.ofMinutes(30)));
    SecretStore store = open("auth=approle&maxAttempts=3", appRole(app));
    vault.failNext(VaultOperation.REVOKE_SELF, 5, VaultEmulator.Failure.SEALED);

    store.close();

    assertThat(vault.calls(VaultOperation.REVOKE_SELF)).as("no retries at close").isEqualTo(1);
    assertThat(warnings()).contains("at close (auth/token/revoke-self): Vault answered HTTP 503; the token stays"
        + " valid until its TTL runs out, in 30 min");
    canaries.assertAbsent("the warning of an unanswered revocation", warnings());
  }

  @Test
  void aRevocationVaultDoesNotAnswer_holdsUpCloseForTheRevocationsTimeoutAtMost_notTheStoresTimeout() {
    AppRoleCredentials app = vault.appRole("app", TokenSpec.of("store"));
    // 2 s in production (VaultSession.REVOKE_TIMEOUT); the store's own timeout is ten minutes.
    SecretStore store = open("auth=approle&timeoutSeconds=600", appRole(app), Duration.ofMillis(200));
    // Every request from now on waits until the test lets it go.
    vault.latency(Duration.ofSeconds(1));

    long started = System.nanoTime();
    store.close();
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(took).as("bounded by the revocation's own timeout").isLessThan(Duration.ofSeconds(30));
    assertThat(warnings()).contains("at close (auth/token/revoke-self): Vault did not answer within 200 ms");
    assertThat(vault.calls(VaultOperation.REVOKE_SELF)).isEqualTo(1);
  }
}
