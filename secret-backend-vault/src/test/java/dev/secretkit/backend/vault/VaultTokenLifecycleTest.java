package dev.secretkit.backend.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.CredentialsException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.emulator.vault.AppRoleCredentials;
import dev.secretkit.emulator.vault.TokenSpec;
import dev.secretkit.emulator.vault.VaultEmulator;
import dev.secretkit.emulator.vault.VaultOperation;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How the store tells a token Vault no longer accepts from one whose policies refuse a call, on Vault 1.17 and
 * later (whose 403 says {@code invalid token}) and on OpenBao and older Vault (which answer both with
 * {@code permission denied} only), without ever calling a valid token expired or logging in again in a loop;
 * renewal while Vault is away; a login replaced by another thread; a token file rewritten by
 * {@code vault login}; and a history that lists only versions Vault still keeps.
 */
@ExtendWith(LeakScanner.class)
class VaultTokenLifecycleTest {
  /** Reads everything the store reads, writes nothing. */
  private static final String READ_ONLY = """
      path "secret/data/secretkit/*" { capabilities = ["read"] }
      path "secret/metadata/secretkit/*" { capabilities = ["read", "list"] }
      """;
  private static final SecretId PG = SecretId.of("public", "pg");
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  @TempDir
  Path home;

  private final ManualClock clock = new ManualClock(T0);
  private VaultEmulator vault;
  private Canaries canaries;

  @BeforeEach
  void start(Canaries planted) {
    canaries = planted;
    vault = new VaultEmulator(clock).start();
    vault.policy("store", VaultAuthTest.STORE_POLICY);
    vault.policy("read-only", READ_ONLY);
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  private String uri(String parameters) {
    return TestStores.uri(vault, parameters);
  }

  private SecretStore open(String parameters, Map<String, String> environment) {
    return open(parameters, environment, clock);
  }

  private SecretStore open(String parameters, Map<String, String> environment, ManualClock storeClock) {
    Map<String, String> env = new HashMap<>(environment);
    env.put("HOME", home.toString());
    return TestStores.open(uri(parameters), env, storeClock);
  }

  private Map<String, String> appRole(AppRoleCredentials app) {
    return TestStores.appRole(app, canaries);
  }

  private StoredSecret create(SecretStore store) {
    return create(store, PG);
  }

  private StoredSecret create(SecretStore store, SecretId id) {
    return store.create(id, metadata(), Map.of("password", SecretValue.ofString(canaries.plant())));
  }

  private void seed() {
    try (SecretStore root = open("", Map.of("VAULT_TOKEN", vault.rootToken()))) {
      create(root);
    }
  }

  private static SecretMetadata metadata() {
    return new SecretMetadata("secret", "v1", "key-value", "r", "olivia", List.of(), null, null, List.of(), List.of(),
        T0, "olivia", T0, "olivia");
  }

  // ---------------------------------------------------------------- a valid token without lookup-self

  @Test
  void aTokenWithoutTheDefaultPolicy_opensTheStore_andAPolicyRefusalIsAccessDenied_neverExpired() {
    seed();
    String token = canaries.plant(vault.createToken(TokenSpec.of("read-only").withoutDefaultPolicy()));

    try (SecretStore store = open("", Map.of("VAULT_TOKEN", token))) {
      assertThat(store.read(PG)).isPresent();
      Throwable thrown = catchThrowable(() -> create(store, SecretId.of("public", "other")));

      assertThat(thrown).isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("its policies need the \"create\" capability on"
              + " \"secret/metadata/secretkit/public/other\"")
          .hasMessageNotContaining("expired");
      canaries.assertAbsent("a policy refusal", thrown);
    }
  }

  @Test
  void onOpenBao_aPolicyRefusalToATokenThatMayNotLookItselfUp_isAccessDenied_sayingWhatCannotBeTold() {
    vault.invalidTokenError(false);
    String token = canaries.plant(vault.createToken(TokenSpec.of("read-only").withoutDefaultPolicy()));

    try (SecretStore store = open("", Map.of("VAULT_TOKEN", token))) {
      Throwable thrown = catchThrowable(() -> create(store));

      assertThat(thrown).isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("its policies need the \"create\" capability")
          .hasMessageContaining("Vault did not say whether the token is still valid")
          .hasMessageContaining("auth/token/lookup-self")
          .hasMessageNotContaining("the token expired");
      canaries.assertAbsent("an unexplained refusal", thrown);
    }
  }

  @Test
  void aSysHealthAnswerWithoutAVersion_isAskedAgainAtTheNextDoubt_notTakenForAnOlderVault() {
    seed();
    String token = canaries.plant(vault.createToken(TokenSpec.of("read-only").withoutDefaultPolicy()));
    try (SecretStore store = open("", Map.of("VAULT_TOKEN", token))) {
      // A proxy's 5xx, with no version in it (a lost answer would do, but the JDK's client sends a GET again).
      vault.failNext(VaultOperation.HEALTH, 1, VaultEmulator.Failure.INTERNAL_ERROR);
      assertThat(catchThrowable(() -> create(store, SecretId.of("public", "a"))))
          .as("refused while sys/health gives no version").isInstanceOf(AccessDeniedException.class);

      Throwable thrown = catchThrowable(() -> create(store, SecretId.of("public", "b")));

      assertThat(thrown).isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("its policies need the \"create\" capability")
          .hasMessageNotContaining("Vault did not say whether the token is still valid");
      assertThat(vault.calls(VaultOperation.HEALTH)).as("asked again, since the first answer had no version")
          .isEqualTo(2);
      canaries.assertAbsent("a policy refusal", thrown);
    }
  }

  @ParameterizedTest
  @EnumSource(value = VaultEmulator.Failure.class, names = {"SEALED", "STANDBY"})
  void aSysHealthFromASealedOrStandbyNode_stillTellsTheVersion(VaultEmulator.Failure node) {
    seed();
    String token = canaries.plant(vault.createToken(TokenSpec.of("read-only").withoutDefaultPolicy()));
    try (SecretStore store = open("", Map.of("VAULT_TOKEN", token))) {
      // sys/health answers 503 (sealed) or 429 (standby), each with the version in its body.
      vault.failNext(VaultOperation.HEALTH, 1, node);

      Throwable thrown = catchThrowable(() -> create(store, SecretId.of("public", "other")));

      assertThat(thrown).isInstanceOf(AccessDeniedException.class)
          .hasMessageNotContaining("Vault did not say whether the token is still valid");
      assertThat(vault.calls(VaultOperation.HEALTH)).isEqualTo(1);
    }
  }

  @Test
  void onOpenBao_aRevokedTokenThatCouldLookItselfUp_isACredentialsError() {
    vault.invalidTokenError(false);
    String token = canaries.plant(vault.createToken(TokenSpec.of("store")));
    try (SecretStore store = open("", Map.of("VAULT_TOKEN", token))) {
      create(store);
      vault.revokeToken(token);

      Throwable thrown = catchThrowable(() -> store.read(PG));

      assertThat(thrown).isInstanceOf(CredentialsException.class).hasMessageContaining("the token expired or was"
          + " revoked");
      canaries.assertAbsent("a revoked token", thrown);
    }
  }

  @Test
  void appRoleTokensWithoutTheDefaultPolicy_refusedByPolicy_logInAgainOnceAtMost() {
    AppRoleCredentials app = vault.appRole("bare", TokenSpec.of("read-only").withoutDefaultPolicy());
    // Its tokens may not revoke themselves either.
    try (SecretStore store = open("auth=approle&revokeLoginTokens=false", appRole(app))) {
      for (int i = 0; i < 3; i++) {
        Throwable thrown = catchThrowable(() -> create(store));
        assertThat(thrown).isInstanceOf(AccessDeniedException.class).hasMessageNotContaining("expired");
        canaries.assertAbsent("a policy refusal to an AppRole token", thrown);
      }

      assertThat(vault.calls(VaultOperation.LOGIN_APPROLE))
          .as("the login at open, and at most one more to tell a refusal from a dead token").isLessThanOrEqualTo(2);
    }
  }

  @Test
  void onOpenBao_anAppRoleTokenVaultForgets_isReplacedByANewLogin_eachTime() {
    vault.invalidTokenError(false);
    AppRoleCredentials app = vault.appRole("app", TokenSpec.of("store").withTtl(Duration.ofMinutes(30)));
    ManualClock storeClock = new ManualClock(T0);
    try (SecretStore store = open("auth=approle", appRole(app), storeClock)) {
      create(store);
      for (int expected = 2; expected <= 3; expected++) {
        // Vault's clock runs ahead: the token expires there before the store renews it.
        clock.advance(Duration.ofMinutes(31));

        assertThat(store.read(PG)).isPresent();
        assertThat(vault.calls(VaultOperation.LOGIN_APPROLE)).isEqualTo(expected);
      }
    }
  }

  // ---------------------------------------------------------------- renewal while Vault is away

  @Test
  void aRenewalFailingWhileVaultIsAway_isTriedAgainAfterABackoff_notBeforeEveryCall() {
    String token = canaries.plant(vault.createToken(TokenSpec.of("store").withTtl(Duration.ofHours(1))));
    try (SecretStore store = open("", Map.of("VAULT_TOKEN", token))) {
      create(store);
      clock.advance(Duration.ofMinutes(41));
      vault.failNext(VaultOperation.RENEW_SELF, 100, VaultEmulator.Failure.SEALED);

      for (int i = 0; i < 5; i++) {
        assertThat(store.read(PG)).isPresent();
      }
      assertThat(vault.calls(VaultOperation.RENEW_SELF)).as("one renewal for five calls at once").isEqualTo(1);

      clock.advance(Duration.ofMinutes(1));
      assertThat(store.read(PG)).isPresent();
      assertThat(vault.calls(VaultOperation.RENEW_SELF)).as("tried again once its backoff passed").isEqualTo(2);

      vault.clearFaults();
      clock.advance(Duration.ofMinutes(5));
      assertThat(store.read(PG)).isPresent();
      assertThat(vault.calls(VaultOperation.RENEW_SELF)).isEqualTo(3);
      clock.advance(Duration.ofMinutes(30));
      assertThat(store.read(PG)).as("past the first TTL, on the renewed token").isPresent();
    }
  }

  @Test
  void aNewLoginDueWhileVaultIsAway_keepsTheStillValidToken_andIsTriedAgainAfterABackoff() {
    AppRoleCredentials app = vault.appRole("app", TokenSpec.of("store").withTtl(Duration.ofMinutes(30))
        .nonRenewable());
    try (SecretStore store = open("auth=approle", appRole(app))) {
      create(store);
      clock.advance(Duration.ofMinutes(21));
      vault.failNext(VaultOperation.LOGIN_APPROLE, 100, VaultEmulator.Failure.SEALED);

      for (int i = 0; i < 5; i++) {
        assertThat(store.read(PG)).as("on the token still valid for 9 minutes").isPresent();
      }
      assertThat(vault.calls(VaultOperation.LOGIN_APPROLE)).as("the login at open, and one due").isEqualTo(2);

      vault.clearFaults();
      clock.advance(Duration.ofMinutes(1));
      assertThat(store.read(PG)).isPresent();
      assertThat(vault.calls(VaultOperation.LOGIN_APPROLE)).isEqualTo(3);
      clock.advance(Duration.ofMinutes(15));
      assertThat(store.read(PG)).as("past the first token's TTL, on the new one").isPresent();
    }
  }

  @Test
  void aClientClockSetBack_renewsTheTokenAtOnce_ratherThanLetItExpireAtVault() {
    String token = canaries.plant(vault.createToken(TokenSpec.of("store").withTtl(Duration.ofHours(1))));
    ManualClock storeClock = new ManualClock(T0);
    try (SecretStore store = open("", Map.of("VAULT_TOKEN", token), storeClock)) {
      create(store);
      // An NTP step or a restored VM: the client's clock goes back an hour, Vault's does not.
      storeClock.set(T0.minus(Duration.ofHours(1)));
      assertThat(store.read(PG)).isPresent();

      for (int i = 0; i < 3; i++) {
        clock.advance(Duration.ofMinutes(45));
        storeClock.advance(Duration.ofMinutes(45));
        assertThat(store.read(PG)).as("%d minutes past the token's first TTL at Vault", 45 * (i + 1) - 60)
            .isPresent();
      }
    }
  }

  // ---------------------------------------------------------------- a renewal or login on its way

  @Test
  void aRenewalOnItsWay_holdsUpNoOtherThread_whileTheTokenInHandIsValid() throws Exception {
    String token = canaries.plant(vault.createToken(TokenSpec.of("store").withTtl(Duration.ofHours(1))));
    try (SecretStore store = open("", Map.of("VAULT_TOKEN", token))) {
      create(store);
      clock.advance(Duration.ofMinutes(41));

      Optional<StoredSecret> meanwhile = readMeanwhile(store, VaultOperation.RENEW_SELF);

      assertThat(meanwhile).as("read on the token in hand while the renewal waits for Vault").isPresent();
      assertThat(vault.calls(VaultOperation.RENEW_SELF)).as("one renewal, by the thread whose call found it due")
          .isEqualTo(1);
    }
  }

  @Test
  void aNewLoginOnItsWay_holdsUpNoOtherThread_whileTheTokenInHandIsValid() throws Exception {
    AppRoleCredentials app = vault.appRole("app", TokenSpec.of("store").withTtl(Duration.ofMinutes(30))
        .nonRenewable());
    try (SecretStore store = open("auth=approle", appRole(app))) {
      create(store);
      clock.advance(Duration.ofMinutes(21));

      Optional<StoredSecret> meanwhile = readMeanwhile(store, VaultOperation.LOGIN_APPROLE);

      assertThat(meanwhile).as("read on the token in hand while the new login waits for Vault").isPresent();
      assertThat(vault.calls(VaultOperation.LOGIN_APPROLE)).as("the login at open, and one due").isEqualTo(2);
    }
  }

  /**
   * Reads {@code PG} on this thread, whose call finds its token due for a renewal or a new login; while Vault holds
   * that {@code operation}'s request, reads {@code PG} on another thread, and returns what that read found. A
   * read that waits for the renewal fails the test after 10 seconds (the store's calls time out after 60).
   */
  private Optional<StoredSecret> readMeanwhile(SecretStore store, VaultOperation operation) throws Exception {
    ExecutorService other = Executors.newSingleThreadExecutor();
    AtomicReference<Optional<StoredSecret>> meanwhile = new AtomicReference<>();
    AtomicReference<Throwable> failed = new AtomicReference<>();
    vault.beforeNext(request -> request.operation() == operation, () -> {
      Future<Optional<StoredSecret>> read = other.submit(() -> store.read(PG));
      try {
        meanwhile.set(read.get(10, TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failed.set(e);
      } catch (ExecutionException | TimeoutException e) {
        failed.set(e);
      }
    });
    try {
      assertThat(store.read(PG)).isPresent();
    } finally {
      other.shutdownNow();
    }
    assertThat(failed.get()).as("the other thread's read, while this thread's call waits for %s", operation)
        .isNull();
    return meanwhile.get();
  }

  // ---------------------------------------------------------------- two threads, one new login

  @Test
  void aCallRefusedWithATokenAnotherThreadReplacedMeanwhile_isMadeAgainWithTheNewOne() {
    AppRoleCredentials app = vault.appRole("app", TokenSpec.of("store").withTtl(Duration.ofMinutes(30)));
    ManualClock storeClock = new ManualClock(T0);
    try (SecretStore store = open("auth=approle", appRole(app), storeClock)) {
      create(store);
      clock.advance(Duration.ofMinutes(31));
      AtomicReference<Optional<StoredSecret>> other = new AtomicReference<>();
      // While this thread's read with the dead token is on its way, another thread's read logs in again.
      vault.beforeNext(request -> request.operation() == VaultOperation.READ_DATA, () -> other.set(store.read(PG)));

      Optional<StoredSecret> read = store.read(PG);

      assertThat(other.get()).isPresent();
      assertThat(read).as("refused with the replaced token, not access denied").isPresent();
      assertThat(vault.calls(VaultOperation.LOGIN_APPROLE)).as("one new login for both").isEqualTo(2);
    }
  }

  // ---------------------------------------------------------------- vault login while the store is open

  @Test
  void aTokenFileThatVaultLoginRewrote_isReadAgain_onceItsOldTokenIsRefused() throws Exception {
    String first = canaries.plant(vault.createToken(TokenSpec.of("store")));
    Files.writeString(home.resolve(".vault-token"), first);
    try (SecretStore store = open("", Map.of())) {
      create(store);
      vault.revokeToken(first);
      Files.writeString(home.resolve(".vault-token"), canaries.plant(vault.createToken(TokenSpec.of("store"))));

      assertThat(store.read(PG)).isPresent();
      assertThat(store.read(PG)).isPresent();
    }
  }

  @Test
  void aTokenFileStillHoldingTheRefusedToken_isACredentialsError_sayingToLogIn() throws Exception {
    String token = canaries.plant(vault.createToken(TokenSpec.of("store")));
    Files.writeString(home.resolve(".vault-token"), token);
    try (SecretStore store = open("", Map.of())) {
      create(store);
      vault.revokeToken(token);

      Throwable thrown = catchThrowable(() -> store.read(PG));

      assertThat(thrown).isInstanceOf(CredentialsException.class)
          .hasMessageContaining("the token expired or was revoked")
          .hasMessageContaining("'vault login'");
      canaries.assertAbsent("a revoked token from the file", thrown);
    }
  }

  // ---------------------------------------------------------------- max_versions

  @Test
  void aMountKeepingFewerVersions_doesNotShortenTheHistory_sinceVaultKeepsTheLargerOfKeyAndMount() {
    assertThat(new RawVault(vault).post("secret/config", "{\"max_versions\":2}").status()).isEqualTo(204);
    try (SecretStore store = open("versionsRetained=5", Map.of("VAULT_TOKEN", vault.rootToken()))) {
      String revision = create(store).revision();
      for (int i = 0; i < 6; i++) {
        revision = store.update(PG, revision, metadata(), Map.of("n", SecretValue.ofString("v" + i))).revision();
      }

      assertThat(store.versions(PG)).hasSize(5);
      store.versions(PG).forEach(version -> assertThat(store.read(PG, version.number())).isPresent());
    }
  }

  @Test
  void afterVersionsRetainedWasRaised_theHistoryListsOnlyVersionsVaultStillKeeps() {
    String revision;
    try (SecretStore before = open("versionsRetained=2", Map.of("VAULT_TOKEN", vault.rootToken()))) {
      revision = create(before).revision();
      for (int i = 0; i < 3; i++) {
        revision = before.update(PG, revision, metadata(), Map.of("n", SecretValue.ofString("a" + i))).revision();
      }
    }
    try (SecretStore after = open("versionsRetained=5", Map.of("VAULT_TOKEN", vault.rootToken()))) {
      for (int i = 0; i < 3; i++) {
        revision = after.update(PG, revision, metadata(), Map.of("n", SecretValue.ofString("b" + i))).revision();
      }

      assertThat(after.versions(PG)).isNotEmpty().allSatisfy(version ->
          assertThat(after.read(PG, version.number())).as("version %s, listed", version.number()).isPresent());
    }
  }
}
