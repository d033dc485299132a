package dev.secretkit.backend.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.CredentialsException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.emulator.vault.AppRoleCredentials;
import dev.secretkit.emulator.vault.TokenSpec;
import dev.secretkit.emulator.vault.VaultEmulator;
import dev.secretkit.emulator.vault.VaultOperation;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a login fails, calls that need another within the cooldown (1 s, doubling with each failure in a row, by
 * the store's clock) fail at once with an error of the same kind, instead of each waiting through a login of its
 * own: retryable with a retry-after when Vault was unavailable, a credentials error when Vault refused.
 */
@ExtendWith(LeakScanner.class)
class VaultLoginCooldownTest {
  private static final SecretId PG = SecretId.of("public", "pg");
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  @TempDir
  Path home;

  private final ManualClock clock = new ManualClock(T0);
  private VaultEmulator vault;
  private Canaries canaries;
  private AppRoleCredentials app;

  @BeforeEach
  void start(Canaries planted) {
    canaries = planted;
    vault = new VaultEmulator(clock).start();
    vault.policy("store", VaultAuthTest.STORE_POLICY);
    app = vault.appRole("app", TokenSpec.of("store").withTtl(Duration.ofMinutes(30)).nonRenewable());
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  private SecretStore open(ManualClock storeClock, Map<String, String> environment) {
    Map<String, String> env = new HashMap<>(environment);
    env.put("HOME", home.toString());
    return TestStores.open(TestStores.uri(vault, "auth=approle"), env, storeClock);
  }

  private SecretStore open() {
    return open(clock, TestStores.appRole(app, canaries));
  }

  private void create(SecretStore store) {
    store.create(PG, new SecretMetadata("secret", "v1", "key-value", "r", "olivia", List.of(), null, null, List.of(),
        List.of(), T0, "olivia", T0, "olivia"), Map.of("password", SecretValue.ofString(canaries.plant())));
  }

  private int logins() {
    return vault.calls(VaultOperation.LOGIN_APPROLE);
  }

  @Test
  void anExpiredToken_whileVaultIsAway_costsOneLoginPerCooldown_notOnePerCall() {
    try (SecretStore store = open()) {
      create(store);
      clock.advance(Duration.ofMinutes(31));
      vault.failNext(VaultOperation.LOGIN_APPROLE, 100, VaultEmulator.Failure.SEALED);

      Throwable first = catchThrowable(() -> store.read(PG));
      assertThat(first).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("HTTP 503");
      assertThat(logins()).isEqualTo(2);

      for (int i = 0; i < 3; i++) {
        Throwable fast = catchThrowable(() -> store.read(PG));
        assertThat(fast).isInstanceOf(StoreUnavailableException.class)
            .hasMessageContaining("is unavailable: the store's last login to Vault failed 0 s ago (the cause says"
                + " why), and it tries again no sooner than in 1 s rather than make every call wait for a login that"
                + " fails; retry then")
            .hasCause(first);
        assertThat(((StoreUnavailableException) fast).retryAfter()).contains(Duration.ofSeconds(1));
        canaries.assertAbsent("a call within the cooldown", fast);
      }
      assertThat(logins()).as("no login within the cooldown").isEqualTo(2);

      clock.advance(Duration.ofSeconds(1));
      assertThat(catchThrowable(() -> store.read(PG))).isInstanceOf(StoreUnavailableException.class);
      assertThat(logins()).as("once the cooldown passed").isEqualTo(3);
      Throwable doubled = catchThrowable(() -> store.read(PG));
      assertThat(((StoreUnavailableException) doubled).retryAfter()).as("a second failure in a row")
          .contains(Duration.ofSeconds(2));
      clock.advance(Duration.ofSeconds(1));
      assertThat(catchThrowable(() -> store.read(PG))).isInstanceOf(StoreUnavailableException.class);
      assertThat(logins()).isEqualTo(3);

      vault.clearFaults();
      clock.advance(Duration.ofSeconds(1));
      assertThat(store.read(PG)).isPresent();
      assertThat(logins()).isEqualTo(4);
    }
  }

  @Test
  void aStoreClockSetBackAfterAFailedLogin_endsTheCooldown_ratherThanStretchItByTheStep() {
    ManualClock storeClock = new ManualClock(T0);
    try (SecretStore store = open(storeClock, Map.of("VAULT_ROLE_ID", canaries.plant(app.roleId()),
        "VAULT_SECRET_ID", canaries.plant(app.secretId())))) {
      create(store);
      clock.advance(Duration.ofMinutes(31));
      storeClock.advance(Duration.ofMinutes(31));
      vault.failNext(VaultOperation.LOGIN_APPROLE, 1, VaultEmulator.Failure.SEALED);
      assertThat(catchThrowable(() -> store.read(PG))).isInstanceOf(StoreUnavailableException.class);
      assertThat(logins()).isEqualTo(2);

      // An NTP step sets the store's clock back 30 s: its token is still expired by it, and Vault is back.
      storeClock.set(T0.plus(Duration.ofMinutes(30)).plusSeconds(30));

      assertThat(store.read(PG)).as("logged in again, not refused for the 31 s the step added").isPresent();
      assertThat(logins()).isEqualTo(3);
    }
  }

  @Test
  void aRetryAfterOfAnHour_onAFailedLogin_holdsLoginsOffForAMinuteAtMost() {
    try (SecretStore store = open()) {
      create(store);
      clock.advance(Duration.ofMinutes(31));
      vault.retryAfter(Duration.ofHours(1));
      vault.failNext(VaultOperation.LOGIN_APPROLE, 1, VaultEmulator.Failure.THROTTLED);

      Throwable first = catchThrowable(() -> store.read(PG));
      Throwable fast = catchThrowable(() -> store.read(PG));

      assertThat(((StoreUnavailableException) first).retryAfter()).as("Vault's own answer")
          .contains(Duration.ofHours(1));
      assertThat(((StoreUnavailableException) fast).retryAfter()).as("the store's cooldown")
          .contains(LoginCooldown.MAX_WAIT);
      clock.advance(LoginCooldown.MAX_WAIT);
      assertThat(store.read(PG)).as("the quota lifted within the hour").isPresent();
      assertThat(logins()).isEqualTo(3);
    }
  }

  @Test
  void aRefusedLogin_makesTheCallsWithinTheCooldown_credentialsErrorsToo_untilAFixedFileIsReadAgain()
      throws Exception {
    Path secretId = Files.writeString(home.resolve("secret-id"), canaries.plant(app.secretId()));
    try (SecretStore store = open(clock, Map.of("VAULT_ROLE_ID", canaries.plant(app.roleId()), "VAULT_SECRET_ID_FILE",
        secretId.toString()))) {
      create(store);
      clock.advance(Duration.ofMinutes(31));
      Files.writeString(secretId, canaries.plant("fake-rotated-secret-id"));

      Throwable refused = catchThrowable(() -> store.read(PG));
      Throwable fast = catchThrowable(() -> store.read(PG));

      assertThat(refused).isInstanceOf(CredentialsException.class).hasMessageContaining("auth/approle/login answered"
          + " HTTP 400");
      assertThat(fast).isInstanceOf(CredentialsException.class).hasMessageStartingWith(refused.getMessage())
          .hasMessageEndingWith(" (the store's last login, 0 s ago; it tries again no sooner than in 1 s)")
          .hasCause(refused);
      assertThat(logins()).isEqualTo(2);
      canaries.assertAbsent("a refused login", refused);
      canaries.assertAbsent("a call within the cooldown of a refused login", fast);

      Files.writeString(secretId, app.secretId());
      clock.advance(Duration.ofSeconds(1));
      assertThat(store.read(PG)).isPresent();
      assertThat(logins()).isEqualTo(3);
    }
  }

  @Test
  void aTokenVaultCallsInvalid_whileLoginsFail_costsOneLoginPerCooldown() {
    ManualClock storeClock = new ManualClock(T0);
    try (SecretStore store = open(storeClock, Map.of("VAULT_ROLE_ID", canaries.plant(app.roleId()),
        "VAULT_SECRET_ID", canaries.plant(app.secretId())))) {
      create(store);
      // Vault's clock runs ahead: Vault refuses the token the store still holds valid, and logins fail.
      clock.advance(Duration.ofMinutes(31));
      vault.failNext(VaultOperation.LOGIN_APPROLE, 100, VaultEmulator.Failure.STANDBY);

      Throwable first = catchThrowable(() -> store.read(PG));
      Throwable fast = catchThrowable(() -> store.read(PG));

      assertThat(first).isInstanceOf(StoreUnavailableException.class);
      assertThat(fast).isInstanceOf(StoreUnavailableException.class).hasCause(first);
      assertThat(logins()).isEqualTo(2);
    }
  }

  @Test
  void callsQueuedBehindAFailingLogin_failAtOnce_ratherThanEachLogInInTurn() throws Exception {
    ExecutorService others = Executors.newFixedThreadPool(3);
    try (SecretStore store = open()) {
      create(store);
      clock.advance(Duration.ofMinutes(31));
      vault.failNext(VaultOperation.LOGIN_APPROLE, 100, VaultEmulator.Failure.SEALED);
      List<Future<Throwable>> queued = new ArrayList<>();
      // While this thread's login is at Vault, three more calls come that need a login too.
      vault.beforeNext(request -> request.operation() == VaultOperation.LOGIN_APPROLE, () -> {
        for (int i = 0; i < 3; i++) {
          queued.add(others.submit(() -> catchThrowable(() -> store.read(PG))));
        }
      });

      Throwable first = catchThrowable(() -> store.read(PG));

      assertThat(first).isInstanceOf(StoreUnavailableException.class);
      for (Future<Throwable> call : queued) {
        assertThat(call.get(30, TimeUnit.SECONDS)).isInstanceOf(StoreUnavailableException.class)
            .hasMessageContaining("the store's last login to Vault failed");
      }
      assertThat(logins()).as("the login at open, and one for all four calls").isEqualTo(2);
    } finally {
      others.shutdownNow();
    }
  }
}
