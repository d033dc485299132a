package dev.secretkit.backend.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.ConfigurationException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.emulator.vault.TokenSpec;
import dev.secretkit.emulator.vault.VaultEmulator;
import dev.secretkit.emulator.vault.VaultEmulator.Failure;
import dev.secretkit.emulator.vault.VaultOperation;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.spi.StoredSecret;
import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every way Vault refuses or fails a call maps to the exception a caller reacts to, and the store's own
 * retries back off with jitter, honour {@code Retry-After}, and stop at their bound.
 */
@ExtendWith(LeakScanner.class)
class VaultErrorsTest {
  private static final SecretId PG = SecretId.of("public", "pg");
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  private final ManualClock clock = new ManualClock(T0);
  private VaultEmulator vault;
  private Canaries canaries;

  @BeforeEach
  void start(Canaries planted) {
    canaries = planted;
    vault = new VaultEmulator(new TickingClock()).start();
    TestStores.WAITS.clear();
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  private SecretStore open(String parameters) {
    return TestStores.open(vault, "errors", parameters, clock);
  }

  private SecretStore open(String parameters, String token) {
    return TestStores.open(TestStores.uri(vault, "secretkit", parameters), Map.of("VAULT_TOKEN", token), clock);
  }

  private StoredSecret create(SecretStore store) {
    return store.create(PG, metadata(), Map.of("password", SecretValue.ofString(canaries.plant())));
  }

  private static SecretMetadata metadata() {
    return new SecretMetadata("secret", "v1", "key-value", "r", "olivia", List.of(), null, null, List.of(), List.of(),
        T0, "olivia", T0, "olivia");
  }

  @ParameterizedTest
  @EnumSource(value = Failure.class, names = {"SEALED", "STANDBY", "INTERNAL_ERROR", "THROTTLED"})
  void aBriefFailure_isRetriedWithJitteredBackoff_andTheReadSucceeds(Failure failure) {
    try (SecretStore store = open("maxAttempts=3")) {
      create(store);
      vault.resetCalls();
      vault.failNext(VaultOperation.READ_DATA, 2, failure);

      assertThat(store.read(PG)).isPresent();
      assertThat(vault.calls(VaultOperation.READ_DATA)).isEqualTo(3);
      assertThat(TestStores.WAITS).as("half of 10 ms, then of 20 ms").containsExactly(Duration.ofMillis(5),
          Duration.ofMillis(10));
    }
  }

  @Test
  void aSealedVault_pastTheRetries_isUnavailable_afterExactlyMaxAttempts() {
    try (SecretStore store = open("maxAttempts=3")) {
      create(store);
      vault.resetCalls();
      vault.failNext(VaultOperation.READ_DATA, 10, Failure.SEALED);

      Throwable thrown = catchThrowable(() -> store.read(PG));

      assertThat(thrown).isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.throttled()).isFalse();
      }).hasMessageContaining("Vault is sealed or a standby without an active node (HTTP 503) at read"
          + " secret/data/errors/public/pg at http://127.0.0.1:" + vault.address().getPort())
          .hasMessageContaining("unseal it or wait for an active node, then retry");
      assertThat(vault.calls(VaultOperation.READ_DATA)).as("the bound").isEqualTo(3);
      assertThat(TestStores.WAITS).hasSize(2);
    }
  }

  @Test
  void aRateLimit_withRetryAfter_waitsThatLong_andPastTheRetriesIsThrottled() {
    try (SecretStore store = open("maxAttempts=2")) {
      create(store);
      vault.retryAfter(Duration.ofSeconds(2));
      vault.failNext(VaultOperation.READ_DATA, 1, Failure.THROTTLED);
      assertThat(store.read(PG)).isPresent();
      assertThat(TestStores.WAITS).containsExactly(Duration.ofSeconds(2));

      vault.failNext(VaultOperation.READ_DATA, 2, Failure.THROTTLED);
      Throwable thrown = catchThrowable(() -> store.read(PG));

      assertThat(thrown).isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
        assertThat(e.throttled()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
      }).hasMessageContaining("Vault is rate limiting this client (HTTP 429, a rate limit quota)")
          .hasMessageContaining("retry after 2 s");
    }
  }

  @Test
  void aRetryAfterLongerThanTheStoreWaits_endsTheRetriesAtOnce() {
    try (SecretStore store = open("maxAttempts=5")) {
      create(store);
      vault.resetCalls();
      vault.retryAfter(Duration.ofMinutes(2));
      vault.failNext(VaultOperation.READ_DATA, 1, Failure.THROTTLED);

      Throwable thrown = catchThrowable(() -> store.read(PG));

      assertThat(thrown).isInstanceOfSatisfying(StoreUnavailableException.class,
          e -> assertThat(e.retryAfter()).contains(Duration.ofMinutes(2)));
      assertThat(vault.calls(VaultOperation.READ_DATA)).isEqualTo(1);
      assertThat(TestStores.WAITS).isEmpty();
    }
  }

  @Test
  void aWriteThatFailedOnTheServer_isCheckedThenTriedAgain_once() {
    try (SecretStore store = open("maxAttempts=3")) {
      StoredSecret created = create(store);
      vault.resetCalls();
      vault.failNext(VaultOperation.WRITE_DATA, 1, Failure.INTERNAL_ERROR);

      StoredSecret updated = store.update(PG, created.revision(), metadata(), Map.of("password",
          SecretValue.ofString(canaries.plant())));

      assertThat(updated.version().number()).isEqualTo(2);
      assertThat(vault.calls(VaultOperation.WRITE_DATA)).isEqualTo(2);
      assertThat(store.read(PG).orElseThrow().revision()).isEqualTo(updated.revision());
    }
  }

  @Test
  void aWriteThatKeepsFailing_isUnavailable_afterItsAttempts_andWroteNothing() {
    try (SecretStore store = open("maxAttempts=2")) {
      StoredSecret created = create(store);
      vault.resetCalls();
      vault.failNext(VaultOperation.WRITE_DATA, 5, Failure.INTERNAL_ERROR);

      Throwable thrown = catchThrowable(() -> store.update(PG, created.revision(), metadata(), Map.of("password",
          SecretValue.ofString(canaries.plant()))));

      assertThat(thrown).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("Vault failed (HTTP 500)");
      assertThat(vault.calls(VaultOperation.WRITE_DATA)).isEqualTo(2);
      assertThat(store.read(PG).orElseThrow().revision()).isEqualTo(created.revision());
      canaries.assertAbsent("a failed write", thrown);
    }
  }

  @Test
  void anUnreachableVault_isUnavailable_namingTheAddress() {
    Throwable thrown = catchThrowable(() -> TestStores.open("vault://127.0.0.1:1/secret?tls=false&maxAttempts=2"
        + "&retryDelayMillis=10", Map.of("VAULT_TOKEN", "hvs.fake"), clock).close());

    assertThat(thrown).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("cannot connect to"
        + " http://127.0.0.1:1 (connection refused or no route to host) during log in auth/token/lookup-self");
    assertThat(TestStores.WAITS).as("one retry").containsExactly(Duration.ofMillis(5));
  }

  @Test
  void anInterruptedWait_endsTheCall_andKeepsTheInterrupt() {
    VaultSecretStoreProvider provider = new VaultSecretStoreProvider(duration -> {
      throw new InterruptedException("test");
    }, () -> 0.5, null);
    try (SecretStore store = provider.open(StoreConfig.parse(TestStores.uri(vault, "errors", "maxAttempts=3"),
        Map.of("VAULT_TOKEN", vault.rootToken()), clock))) {
      vault.failNext(VaultOperation.READ_DATA, 1, Failure.SEALED);

      Throwable thrown = catchThrowable(() -> store.read(PG));

      assertThat(thrown).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("interrupted");
      assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
    }
  }

  @Test
  void anInterruptedCall_isNotRetried_andKeepsTheInterrupt() {
    try (SecretStore store = open("maxAttempts=3")) {
      create(store);
      vault.resetCalls();
      Thread.currentThread().interrupt();

      Throwable thrown = catchThrowable(() -> store.read(PG));

      assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
      assertThat(thrown).isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("interrupted while calling Vault (secret/data/errors/public/pg)");
      assertThat(vault.calls(VaultOperation.READ_DATA)).isZero();
      assertThat(TestStores.WAITS).isEmpty();
    }
  }

  @Test
  void aPolicyWithoutTheCapability_isAccessDenied_namingThePathAndCapability() {
    vault.policy("read-only", """
        path "secret/data/secretkit/*" { capabilities = ["read"] }
        path "secret/metadata/secretkit/*" { capabilities = ["read", "list"] }
        """);
    String token = vault.createToken(TokenSpec.of("read-only"));
    try (SecretStore store = open("", token)) {
      vault.resetCalls();

      Throwable thrown = catchThrowable(() -> create(store));

      assertThat(thrown).isInstanceOfSatisfying(AccessDeniedException.class,
          e -> assertThat(e.isRetryable()).isFalse())
          .hasMessageContaining("Vault refused to write the metadata of secret/metadata/secretkit/public/pg (HTTP 403,"
              + " permission denied) to the token from VAULT_TOKEN (auth method token): its policies need the"
              + " \"create\" capability on \"secret/metadata/secretkit/public/pg\"; add a rule such as path"
              + " \"secret/metadata/secretkit/*\" { capabilities = [\"create\"] }");
      assertThat(vault.calls(VaultOperation.HEALTH)).as("Vault's version asked once: 1.17 says invalid token").isEqualTo(1);
      assertThat(vault.calls(VaultOperation.LOOKUP_SELF)).as("so a 403 without it is the policies'").isZero();
    }
  }

  @Test
  void aPolicyWithoutRead_orList_isAccessDenied_namingEach() {
    vault.policy("write-only", """
        path "secret/data/secretkit/*" { capabilities = ["create", "update"] }
        """);
    try (SecretStore store = open("", vault.createToken(TokenSpec.of("write-only")))) {
      assertThat(catchThrowable(() -> store.read(PG))).isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("its policies need the \"read\" capability on \"secret/data/secretkit/public/pg\"");
      assertThat(catchThrowable(() -> store.listIds(null, 10))).isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("its policies need the \"list\" capability on \"secret/metadata/secretkit/\"");
      assertThat(catchThrowable(() -> store.probe(PG))).isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("\"read\" capability on \"secret/metadata/secretkit/public/pg\"");
    }
  }

  @Test
  void theReadmePolicy_isEnoughForEveryOperation() {
    vault.policy("store", VaultAuthTest.STORE_POLICY);
    try (SecretStore store = open("", vault.createToken(TokenSpec.of("store")))) {
      StoredSecret created = create(store);
      StoredSecret updated = store.update(PG, created.revision(), metadata(), Map.of("k", SecretValue.ofString("v")));
      String relabelled = store.updateMetadata(PG, updated.revision(), metadata()).revision();

      assertThat(store.read(PG, 1)).isPresent();
      assertThat(store.probe(PG)).contains(relabelled);
      assertThat(store.list("public", null, 10).items()).hasSize(1);
      assertThat(store.listIds(null, 10).items()).containsExactly(PG);
      store.delete(PG, relabelled);
      assertThat(store.read(PG)).isEmpty();
    }
  }

  @Test
  void aMountThatDoesNotExist_isAConfigurationError_sayingHowToEnableIt() {
    try (SecretStore store = TestStores.open(TestStores.uri(vault, "x", "").replace("/secret?", "/nosuch?"),
        Map.of("VAULT_TOKEN", vault.rootToken()), clock)) {
      for (Runnable call : List.<Runnable>of(() -> store.read(PG), () -> store.probe(PG), () -> create(store),
          () -> store.listIds(null, 5))) {
        assertThat(catchThrowable(call::run)).isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("there is no secrets engine at nosuch in Vault at http://127.0.0.1:")
            .hasMessageContaining("'vault secrets enable -path=nosuch kv-v2'");
      }
    }
  }
}
