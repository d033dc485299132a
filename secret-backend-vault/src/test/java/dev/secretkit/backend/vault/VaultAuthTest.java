package dev.secretkit.backend.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

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
import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each auth method logs in, keeps its token valid through the store's clock (renewal before expiry, a new
 * login when renewal cannot help, a new login after a 403 to a token Vault no longer knows), and fails with a
 * {@link CredentialsException} that names the method and never a credential.
 */
@ExtendWith(LeakScanner.class)
class VaultAuthTest {
  /** What the store needs: the README's policy. */
  static final String STORE_POLICY = """
      path "secret/data/secretkit/*" { capabilities = ["create", "read", "update"] }
      path "secret/metadata/secretkit/*" { capabilities = ["create", "read", "update", "delete", "list"] }
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
    vault.policy("store", STORE_POLICY);
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  private String uri(String parameters) {
    return TestStores.uri(vault, parameters);
  }

  private SecretStore open(String parameters, Map<String, String> environment) {
    Map<String, String> env = new HashMap<>(environment);
    env.put("HOME", home.toString());
    return TestStores.open(uri(parameters), env, clock);
  }

  private Throwable failureToOpen(String parameters, Map<String, String> environment) {
    return catchThrowable(() -> open(parameters, environment).close());
  }

  private void writeAndRead(SecretStore store) {
    String value = canaries.plant();
    store.create(PG, metadata(), Map.of("password", SecretValue.ofString(value)));
    assertThat(store.read(PG).orElseThrow().values().get("password").asString()).isEqualTo(value);
  }

  private static SecretMetadata metadata() {
    return new SecretMetadata("secret", "v1", "key-value", "r", "olivia", List.of(), null, null, List.of(), List.of(),
        T0, "olivia", T0, "olivia");
  }

  // ---------------------------------------------------------------- token

  @Test
  void token_fromVaultToken_isLookedUpAtOpen_andUsed() {
    String token = vault.createToken(TokenSpec.of("store"));

    try (SecretStore store = open("", Map.of("VAULT_TOKEN", token))) {
      assertThat(vault.calls(VaultOperation.LOOKUP_SELF)).isEqualTo(1);
      writeAndRead(store);
    }
  }

  @Test
  void token_fromTheVaultTokenFile_whenVaultTokenIsUnset() throws Exception {
    Files.writeString(home.resolve(".vault-token"), vault.createToken(TokenSpec.of("store")) + "\n");

    try (SecretStore store = open("", Map.of())) {
      writeAndRead(store);
    }
  }

  @Test
  void token_nowhere_isACredentialsError_namingWhereItLooked_beforeAnyCall() {
    Throwable thrown = failureToOpen("", Map.of());

    assertThat(thrown).isInstanceOf(CredentialsException.class)
        .hasMessageContaining("cannot find a Vault token for store")
        .hasMessageContaining(home.resolve(".vault-token") + " does not exist")
        .hasMessageContaining("VAULT_TOKEN is not set; log in with 'vault login'");
    assertThat(vault.totalCalls()).isZero();
  }

  @Test
  void token_thatVaultDoesNotKnow_isACredentialsError_namingTheMethod_atOpen() {
    String token = canaries.plant("hvs.fake");

    Throwable thrown = failureToOpen("", Map.of("VAULT_TOKEN", token));

    assertThat(thrown).isInstanceOf(CredentialsException.class)
        .hasMessageContaining("with auth method token: auth/token/lookup-self answered HTTP 403")
        .hasMessageContaining("the token from VAULT_TOKEN is not valid");
    canaries.assertAbsent("a refused token", thrown);
  }

  @Test
  void token_withATtl_isRenewedAfterTwoThirds_andOutlivesItsFirstTtl() {
    String token = vault.createToken(TokenSpec.of("store").withTtl(Duration.ofHours(1)));
    try (SecretStore store = open("", Map.of("VAULT_TOKEN", token))) {
      writeAndRead(store);
      clock.advance(Duration.ofMinutes(39));
      store.read(PG);
      assertThat(vault.calls(VaultOperation.RENEW_SELF)).as("before two thirds of the TTL").isZero();

      clock.advance(Duration.ofMinutes(2));
      store.read(PG);
      assertThat(vault.calls(VaultOperation.RENEW_SELF)).as("after two thirds of the TTL").isEqualTo(1);

      clock.advance(Duration.ofMinutes(30));
      assertThat(store.read(PG)).as("past the first TTL, on the renewed token").isPresent();
    }
  }

  @Test
  void token_thatCannotBeRenewed_isUsedUntilItExpires_thenACredentialsErrorSayingWhy() {
    String token = vault.createToken(TokenSpec.of("store").withTtl(Duration.ofMinutes(30)).nonRenewable());
    try (SecretStore store = open("", Map.of("VAULT_TOKEN", token))) {
      writeAndRead(store);
      clock.advance(Duration.ofMinutes(25));
      assertThat(store.read(PG)).isPresent();
      clock.advance(Duration.ofMinutes(5));

      Throwable thrown = catchThrowable(() -> store.read(PG));

      assertThat(thrown).isInstanceOf(CredentialsException.class)
          .hasMessageContaining("Vault refused the token from VAULT_TOKEN (auth method token)")
          .hasMessageContaining("the token expired or was revoked, and it could not be renewed (it is not renewable)")
          .hasMessageContaining("start the program again with VAULT_TOKEN set to a valid token");
      assertThat(vault.calls(VaultOperation.RENEW_SELF)).as("a token known not to be renewable").isZero();
    }
  }

  @Test
  void token_revokedBehindTheStoresBack_isACredentialsError() {
    String token = vault.createToken(TokenSpec.of("store"));
    try (SecretStore store = open("", Map.of("VAULT_TOKEN", token))) {
      writeAndRead(store);
      vault.revokeToken(token);

      assertThat(catchThrowable(() -> store.read(PG))).isInstanceOf(CredentialsException.class)
          .hasMessageContaining("the token expired or was revoked;");
    }
  }

  // ---------------------------------------------------------------- AppRole

  @Test
  void appRole_fromVariables_logsInAtOpen() {
    AppRoleCredentials app = vault.appRole("app", TokenSpec.of("store"));

    try (SecretStore store = open("auth=approle", Map.of("VAULT_ROLE_ID", app.roleId(), "VAULT_SECRET_ID",
        app.secretId()))) {
      assertThat(vault.calls(VaultOperation.LOGIN_APPROLE)).isEqualTo(1);
      writeAndRead(store);
    }
  }

  @Test
  void appRole_fromFilesTheUriOrVariablesName_onItsOwnMount() throws Exception {
    AppRoleCredentials app = vault.appRole("apps", "app", TokenSpec.of("store"));
    Path roleId = Files.writeString(home.resolve("role-id"), app.roleId());
    Path secretId = Files.writeString(home.resolve("secret-id"), app.secretId() + "\n");

    try (SecretStore store = open("auth=approle&authMount=apps&roleIdFile=" + roleId, Map.of("VAULT_SECRET_ID_FILE",
        secretId.toString()))) {
      writeAndRead(store);
    }
  }

  @Test
  void appRole_withoutASecretId_saysWhereItLooked() {
    AppRoleCredentials app = vault.appRole("app", TokenSpec.of("store"));

    assertThat(failureToOpen("auth=approle", Map.of("VAULT_ROLE_ID", app.roleId())))
        .isInstanceOf(CredentialsException.class).hasMessageContaining("no AppRole secret id for store")
        .hasMessageContaining("set VAULT_SECRET_ID, or name a file holding it with VAULT_SECRET_ID_FILE or the URI"
            + " parameter secretIdFile=PATH");
    assertThat(failureToOpen("auth=approle", Map.of("VAULT_ROLE_ID_FILE", home.resolve("nope").toString(),
        "VAULT_SECRET_ID", app.secretId()))).isInstanceOf(CredentialsException.class)
        .hasMessageContaining(home.resolve("nope") + " does not exist");
    assertThat(vault.calls(VaultOperation.LOGIN_APPROLE)).isZero();
  }

  @Test
  void appRole_refused_isACredentialsError_namingTheMethod() {
    AppRoleCredentials app = vault.appRole("app", TokenSpec.of("store"));
    String wrong = canaries.plant("fake-secret-id");

    Throwable thrown = failureToOpen("auth=approle", Map.of("VAULT_ROLE_ID", app.roleId(), "VAULT_SECRET_ID", wrong));

    assertThat(thrown).isInstanceOf(CredentialsException.class)
        .hasMessageContaining("with auth method approle: auth/approle/login answered HTTP 400")
        .hasMessageContaining("check VAULT_ROLE_ID and VAULT_SECRET_ID");
    canaries.assertAbsent("a refused AppRole login", thrown);
  }

  @Test
  void appRole_tokenIsRenewedBeforeExpiry() {
    AppRoleCredentials app = vault.appRole("app", TokenSpec.of("store").withTtl(Duration.ofMinutes(30)));
    try (SecretStore store = open("auth=approle", Map.of("VAULT_ROLE_ID", app.roleId(), "VAULT_SECRET_ID",
        app.secretId()))) {
      writeAndRead(store);
      clock.advance(Duration.ofMinutes(21));
      store.read(PG);
      clock.advance(Duration.ofMinutes(21));

      assertThat(store.read(PG)).isPresent();
      assertThat(vault.calls(VaultOperation.RENEW_SELF)).isEqualTo(2);
      assertThat(vault.calls(VaultOperation.LOGIN_APPROLE)).isEqualTo(1);
    }
  }

  @Test
  void appRole_tokenNearItsMaxTtl_orNotRenewable_isReplacedByANewLogin() {
    AppRoleCredentials capped = vault.appRole("capped", TokenSpec.of("store").withTtl(Duration.ofMinutes(30))
        .withMaxTtl(Duration.ofMinutes(40)));
    try (SecretStore store = open("auth=approle", Map.of("VAULT_ROLE_ID", capped.roleId(), "VAULT_SECRET_ID",
        capped.secretId()))) {
      writeAndRead(store);
      clock.advance(Duration.ofMinutes(21));

      assertThat(store.read(PG)).isPresent();
      assertThat(vault.calls(VaultOperation.LOGIN_APPROLE)).as("renewed for less than its TTL: a new login")
          .isEqualTo(2);
    }
  }

  @Test
  void appRole_tokenVaultNoLongerKnows_isReplacedByANewLogin_andTheCallMadeAgain() {
    AppRoleCredentials app = vault.appRole("app", TokenSpec.of("store").withTtl(Duration.ofMinutes(30)));
    ManualClock storeClock = new ManualClock(T0);
    Map<String, String> env = new HashMap<>(Map.of("VAULT_ROLE_ID", app.roleId(), "VAULT_SECRET_ID", app.secretId(),
        "HOME", home.toString()));
    try (SecretStore store = TestStores.open(uri("auth=approle"), env, storeClock)) {
      writeAndRead(store);
      // Vault's clock runs ahead of the store's: the token expires there before the store renews it.
      clock.advance(Duration.ofMinutes(31));

      assertThat(store.read(PG)).isPresent();
      assertThat(vault.calls(VaultOperation.LOGIN_APPROLE)).isEqualTo(2);
      assertThat(vault.calls(VaultOperation.LOOKUP_SELF)).as("Vault's 403 said invalid token: nothing to check")
          .isZero();
    }
  }

  // ---------------------------------------------------------------- Kubernetes

  @Test
  void kubernetes_logsInWithTheServiceAccountToken_readAgainAtEachLogin() throws Exception {
    vault.kubernetesRole("app", "payments", "api", TokenSpec.of("store").withTtl(Duration.ofMinutes(10))
        .nonRenewable());
    Path jwt = Files.writeString(home.resolve("token"), vault.kubernetesServiceAccountJwt("payments", "api"));
    try (SecretStore store = open("auth=kubernetes&role=app&jwtFile=" + jwt, Map.of())) {
      writeAndRead(store);
      Files.writeString(jwt, vault.kubernetesServiceAccountJwt("payments", "api"));
      clock.advance(Duration.ofMinutes(7));

      assertThat(store.read(PG)).isPresent();
      assertThat(vault.calls(VaultOperation.LOGIN_KUBERNETES)).isEqualTo(2);
    }
  }

  @Test
  void kubernetes_withoutTheTokenFile_orRefused_isACredentialsError_namingTheMethod() throws Exception {
    vault.kubernetesRole("app", "payments", "api", TokenSpec.of("store"));
    Path jwt = Files.writeString(home.resolve("token"), vault.kubernetesServiceAccountJwt("billing", "batch"));

    assertThat(failureToOpen("auth=kubernetes&role=app&jwtFile=" + home.resolve("none"), Map.of()))
        .isInstanceOf(CredentialsException.class)
        .hasMessageContaining("cannot find the Kubernetes service account token")
        .hasMessageContaining("run in a pod whose service account token is mounted there");
    assertThat(failureToOpen("auth=kubernetes&role=app&jwtFile=" + jwt, Map.of()))
        .isInstanceOf(CredentialsException.class)
        .hasMessageContaining("with auth method kubernetes: auth/kubernetes/login answered HTTP 403")
        .hasMessageContaining("check the role's bound service accounts");
  }

  // ---------------------------------------------------------------- namespaces

  @Test
  void namespace_sendsTheHeader_soSecretsLandInThatNamespace() {
    vault.mountKv("team-a", "secret");
    vault.policy("team-a", "store", STORE_POLICY);
    AppRoleCredentials app = vault.appRole("app", TokenSpec.of("store").inNamespace("team-a"));
    try (SecretStore store = open("auth=approle&namespace=team-a", Map.of("VAULT_ROLE_ID", app.roleId(),
        "VAULT_SECRET_ID", app.secretId()))) {
      writeAndRead(store);
    }

    try (SecretStore root = open("", Map.of("VAULT_TOKEN", vault.rootToken()));
        SecretStore teamA = open("", Map.of("VAULT_TOKEN", vault.rootToken(), "VAULT_NAMESPACE", "team-a/"))) {
      assertThat(root.read(PG)).as("the root namespace").isEmpty();
      assertThat(teamA.read(PG)).as("namespace team-a").isPresent();
    }
  }
}
