package dev.secretkit.emulator.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secretkit.emulator.support.ManualClock;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.AuthResponse;
import io.github.jopenlibs.vault.response.LookupResponse;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Token, AppRole and Kubernetes auth through the real driver, with token expiry and renewal on a manual clock. */
class AuthTest {
  private static final String READ_APP = "path \"secret/data/app\" { capabilities = [\"read\"] }";

  private final ManualClock clock = new ManualClock();
  private VaultEmulator vault;
  private Raw raw;

  @BeforeEach
  void start() throws VaultException {
    vault = new VaultEmulator(clock).start();
    vault.policy("read-app", READ_APP);
    raw = new Raw(vault, vault.rootToken());
    raw.post("secret/data/app", "{\"data\":{\"password\":\"fake-pw\"}}");
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  private static void assertStatus(VaultException e, int status) {
    assertThat(e.getHttpStatusCode()).isEqualTo(status);
  }

  // ---- tokens ---------------------------------------------------------------------------------

  @Test
  void request_withoutToken_is403PermissionDenied_andAnUnknownOneAlsoSaysInvalidToken() {
    Raw.Response none = raw.withToken(null).get("secret/data/app");
    Raw.Response unknown = raw.withToken("hvs.not-a-token").get("secret/data/app");

    assertThat(none.status()).isEqualTo(403);
    assertThat(none.errors()).isEqualTo("[\"permission denied\"]");
    assertThat(unknown.status()).isEqualTo(403);
    assertThat(unknown.errors()).isEqualTo("[\"permission denied\",\"invalid token\"]");
  }

  @Test
  void invalidTokenErrorOff_answersAnInvalidToken_asAPolicyRefusal_asOpenBaoDoes() {
    String revoked = vault.createToken(TokenSpec.of("read-app"));
    vault.revokeToken(revoked);
    String valid = vault.createToken(TokenSpec.of("read-app"));

    vault.invalidTokenError(false);
    Raw.Response invalid = raw.withToken(revoked).get("secret/data/app");
    Raw.Response refused = raw.withToken(valid).get("secret/data/other");

    assertThat(invalid.status()).isEqualTo(403);
    assertThat(invalid.errors()).isEqualTo("[\"permission denied\"]").isEqualTo(refused.errors());
    assertThat(raw.get("sys/health").json().get("version").asText()).isEqualTo("1.16.3");
    vault.invalidTokenError(true);
    assertThat(raw.get("sys/health").json().get("version").asText()).isEqualTo("1.17.0");
    assertThat(raw.withToken(revoked).get("secret/data/app").errors())
        .isEqualTo("[\"permission denied\",\"invalid token\"]");
  }

  @Test
  void tokenWithoutTheDefaultPolicy_mayNotLookItselfUp_norRenew_butIsValid() {
    String token = vault.createToken(TokenSpec.of("read-app").withoutDefaultPolicy());

    Raw.Response lookup = raw.withToken(token).get("auth/token/lookup-self");
    Raw.Response renew = raw.withToken(token).post("auth/token/renew-self", "{}");

    assertThat(lookup.status()).isEqualTo(403);
    assertThat(lookup.errors()).as("a valid token: no 'invalid token'").isEqualTo("[\"permission denied\"]");
    assertThat(renew.status()).isEqualTo(403);
    assertThat(raw.withToken(token).get("secret/data/app").status()).isEqualTo(200);
    AppRoleCredentials app = vault.appRole("bare", TokenSpec.of("read-app").withoutDefaultPolicy());
    Raw.Response login = raw.withToken(null).post("auth/approle/login", "{\"role_id\":\"" + app.roleId()
        + "\",\"secret_id\":\"" + app.secretId() + "\"}");
    assertThat(login.json().get("auth").get("token_policies").toString()).isEqualTo("[\"read-app\"]");
  }

  @Test
  void token_inAuthorizationBearer_isAccepted_andXVaultTokenWins() {
    HttpRequest.Builder request = HttpRequest.newBuilder(vault.address().resolve("/v1/secret/data/app")).GET();

    Raw.Response bearer = Raw.send(request.copy().header("Authorization", "Bearer " + vault.rootToken()).build());
    Raw.Response basic = Raw.send(request.copy().header("Authorization", "Basic " + vault.rootToken()).build());
    Raw.Response both = Raw.send(request.copy().header("Authorization", "Bearer hvs.wrong")
        .header("X-Vault-Token", vault.rootToken()).build());

    assertThat(bearer.status()).isEqualTo(200);
    assertThat(basic.status()).isEqualTo(403);
    assertThat(both.status()).isEqualTo(200);
  }

  @Test
  void lookupSelf_describesTheToken() throws VaultException {
    String token = vault.createToken(TokenSpec.of("read-app").withTtl(Duration.ofHours(1))
        .withMaxTtl(Duration.ofHours(4)));
    clock.advance(Duration.ofMinutes(10));

    LookupResponse lookup = Clients.driver(vault, token).auth().lookupSelf();

    assertThat(lookup.getId()).isEqualTo(token);
    assertThat(lookup.getPolicies()).containsExactly("default", "read-app");
    assertThat(lookup.getTTL()).isEqualTo(50 * 60);
    assertThat(lookup.getCreationTTL()).isEqualTo(3600);
    assertThat(lookup.getExplicitMaxTTL()).isEqualTo(4 * 3600);
    assertThat(lookup.getCreationTime()).isEqualTo(clock.instant().minus(Duration.ofMinutes(10)).getEpochSecond());
    assertThat(lookup.isRenewable()).isTrue();
    assertThat(lookup.isOrphan()).isFalse();
    assertThat(lookup.getPath()).isEqualTo("auth/token/create");
    assertThat(lookup.getDisplayName()).isEqualTo("token");
    assertThat(lookup.getLastRenewalTime()).isNull();
    assertThat(raw.withToken(token).get("auth/token/lookup-self").json().get("data").get("expire_time").asText())
        .isEqualTo("2024-01-01T01:00:00Z");
  }

  @Test
  void lookupSelf_rootToken_hasTheRootPolicyAndNoExpiry() throws VaultException {
    LookupResponse lookup = Clients.driver(vault, vault.rootToken()).auth().lookupSelf();
    JsonNode data = raw.get("auth/token/lookup-self").json().get("data");

    assertThat(lookup.getPolicies()).containsExactly("root");
    assertThat(lookup.getTTL()).isZero();
    assertThat(lookup.getPath()).isEqualTo("auth/token/root");
    assertThat(data.get("expire_time").isNull()).isTrue();
    assertThat(vault.rootToken()).matches("hvs\\.[A-Za-z0-9]{24}");
  }

  @Test
  void token_pastItsTtl_isRefusedAsAnInvalidToken() throws VaultException {
    String token = vault.createToken(TokenSpec.of("read-app").withTtl(Duration.ofMinutes(5)));
    Vault driver = Clients.driver(vault, token);

    assertThat(driver.logical().read("secret/app").getData()).containsEntry("password", "fake-pw");
    clock.advance(Duration.ofMinutes(5));
    Raw.Response expired = raw.withToken(token).get("secret/data/app");

    assertThat(expired.status()).isEqualTo(403);
    assertThat(expired.errors()).isEqualTo("[\"permission denied\",\"invalid token\"]");
    assertThatThrownBy(() -> driver.auth().lookupSelf()).isInstanceOfSatisfying(VaultException.class,
        e -> assertStatus(e, 403));
  }

  @Test
  void renewSelf_extendsTheTtlFromNow() throws VaultException {
    String token = vault.createToken(TokenSpec.of("read-app").withTtl(Duration.ofMinutes(30)));
    Vault driver = Clients.driver(vault, token);
    clock.advance(Duration.ofMinutes(20));

    AuthResponse renewed = driver.auth().renewSelf(3600);
    clock.advance(Duration.ofMinutes(50));
    LookupResponse lookup = driver.auth().lookupSelf();

    assertThat(renewed.getAuthClientToken()).isEqualTo(token);
    assertThat(renewed.getAuthLeaseDuration()).isEqualTo(3600);
    assertThat(renewed.isAuthRenewable()).isTrue();
    assertThat(renewed.getRenewable()).isFalse();
    assertThat(renewed.getAuthPolicies()).containsExactly("default", "read-app");
    assertThat(lookup.getTTL()).isEqualTo(600);
    assertThat(lookup.getLastRenewalTime()).isEqualTo(clock.instant().minus(Duration.ofMinutes(50)).getEpochSecond());
    assertThat(driver.logical().read("secret/app").getRestResponse().getStatus()).isEqualTo(200);
  }

  @Test
  void renewSelf_withoutIncrement_renewsForTheCreationTtl_andAcceptsGoDurations() throws VaultException {
    String token = vault.createToken(TokenSpec.of().withTtl(Duration.ofMinutes(30)));
    clock.advance(Duration.ofMinutes(20));

    AuthResponse renewed = Clients.driver(vault, token).auth().renewSelf();
    JsonNode asText = raw.withToken(token).post("auth/token/renew-self", "{\"increment\":\"45m\"}").json();

    assertThat(renewed.getAuthLeaseDuration()).isEqualTo(30 * 60);
    assertThat(asText.get("auth").get("lease_duration").asInt()).isEqualTo(45 * 60);
    assertThat(asText.get("auth").get("token_type").asText()).isEqualTo("service");
  }

  @Test
  void renewSelf_pastTheMaxTtl_isCappedWithAWarning() {
    String token = vault.createToken(TokenSpec.of().withTtl(Duration.ofMinutes(30)).withMaxTtl(Duration.ofHours(1)));
    clock.advance(Duration.ofMinutes(25));

    JsonNode renewed = raw.withToken(token).post("auth/token/renew-self", "{\"increment\":3600}").json();
    clock.advance(Duration.ofMinutes(35));

    assertThat(renewed.get("auth").get("lease_duration").asInt()).isEqualTo(35 * 60);
    assertThat(renewed.get("warnings").get(0).asText())
        .isEqualTo("TTL of \"1h0m0s\" exceeded the effective max_ttl of \"35m0s\"; TTL value is capped accordingly");
    assertThat(raw.withToken(token).get("auth/token/lookup-self").status()).isEqualTo(403);
  }

  @Test
  void createToken_ttlBeyondItsMax_isCappedAtCreation() throws VaultException {
    String token = vault.createToken(TokenSpec.of().withTtl(Duration.ofHours(2)).withMaxTtl(Duration.ofHours(1)));
    String longLived = vault.createToken(TokenSpec.of().withTtl(Duration.ofDays(100)));

    assertThat(Clients.driver(vault, token).auth().lookupSelf().getTTL()).isEqualTo(3600);
    assertThat(Clients.driver(vault, longLived).auth().lookupSelf().getTTL())
        .isEqualTo(TokenSpec.SYSTEM_MAX_TTL.getSeconds());
  }

  @Test
  void renewSelf_ofANonRenewableOrRootToken_is400() throws VaultException {
    Vault fixed = Clients.driver(vault, vault.createToken(TokenSpec.of().nonRenewable()));
    Vault root = Clients.driver(vault, vault.rootToken());

    assertThatThrownBy(() -> fixed.auth().renewSelf(60)).isInstanceOfSatisfying(VaultException.class, e -> {
      assertStatus(e, 400);
      assertThat(e).hasMessageContaining("lease is not renewable");
    });
    assertThatThrownBy(() -> root.auth().renewSelf(60)).isInstanceOfSatisfying(VaultException.class, e -> {
      assertStatus(e, 400);
      assertThat(e).hasMessageContaining("invalid lease ID");
    });
    assertThat(raw.get("auth/token/renew-self").status()).isEqualTo(405);
  }

  @Test
  void revokeSelf_andRevokeToken_endTheToken() throws VaultException {
    String first = vault.createToken(TokenSpec.of());
    String second = vault.createToken(TokenSpec.of());
    assertThat(vault.serviceTokens("")).isEqualTo(2);

    Clients.driver(vault, first).auth().revokeSelf();
    vault.revokeToken(second);

    assertThat(vault.calls(VaultOperation.REVOKE_SELF)).isEqualTo(1);
    assertThat(vault.serviceTokens("")).isZero();
    Raw.Response afterRevokeSelf = raw.withToken(first).get("auth/token/lookup-self");
    assertThat(afterRevokeSelf.status()).isEqualTo(403);
    assertThat(afterRevokeSelf.errors()).as("as Vault 1.17 and later answer a revoked token")
        .isEqualTo("[\"permission denied\",\"invalid token\"]");
    assertThat(raw.withToken(first).get("secret/data/app").errors()).isEqualTo(afterRevokeSelf.errors());
    assertThat(raw.withToken(second).get("auth/token/lookup-self").status()).isEqualTo(403);
  }

  @Test
  void revokeSelf_answers204WithoutABody_andAgainWithTheRevokedToken_is403InvalidToken() {
    String token = vault.createToken(TokenSpec.of());

    Raw.Response revoked = raw.withToken(token).post("auth/token/revoke-self", null);
    Raw.Response again = raw.withToken(token).post("auth/token/revoke-self", null);

    assertThat(revoked.status()).isEqualTo(204);
    assertThat(revoked.text()).isEmpty();
    assertThat(again.status()).isEqualTo(403);
    assertThat(again.errors()).isEqualTo("[\"permission denied\",\"invalid token\"]");
    assertThat(vault.calls(VaultOperation.REVOKE_SELF)).as("both counted, the refused one too").isEqualTo(2);
  }

  @Test
  void revokeSelf_needsTheDefaultPolicy_orAnotherThatAllowsIt() {
    String bare = vault.createToken(TokenSpec.of("read-app").withoutDefaultPolicy());

    Raw.Response refused = raw.withToken(bare).post("auth/token/revoke-self", null);

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.errors()).isEqualTo("[\"permission denied\"]");
    assertThat(raw.withToken(bare).get("secret/data/app").status()).as("still valid").isEqualTo(200);
  }

  @Test
  void batchTokens_startWithHvb_andCanBeNeitherRenewedNorRevoked_norAreTheyStored() {
    String batch = vault.createToken(TokenSpec.of("read-app").withBatchTokens().withTtl(Duration.ofMinutes(20)));

    Raw.Response renew = raw.withToken(batch).post("auth/token/renew-self", null);
    Raw.Response revoke = raw.withToken(batch).post("auth/token/revoke-self", null);
    JsonNode self = raw.withToken(batch).get("auth/token/lookup-self").json().get("data");

    assertThat(batch).startsWith("hvb.");
    assertThat(renew.status()).isEqualTo(400);
    assertThat(renew.errors()).isEqualTo("[\"batch tokens cannot be renewed\"]");
    assertThat(revoke.status()).isEqualTo(400);
    assertThat(revoke.errors()).isEqualTo("[\"batch tokens cannot be revoked\"]");
    assertThat(self.get("type").asText()).isEqualTo("batch");
    assertThat(self.get("renewable").asBoolean()).isFalse();
    assertThat(self.get("accessor").asText()).isEmpty();
    assertThat(raw.withToken(batch).get("secret/data/app").status()).as("still valid").isEqualTo(200);
    assertThat(vault.serviceTokens("")).isZero();
    clock.advance(Duration.ofMinutes(20));
    assertThat(raw.withToken(batch).get("secret/data/app").status()).as("expired").isEqualTo(403);
  }

  @Test
  void appRoleLogin_ofARoleWithBatchTokens_saysTokenTypeBatch() throws VaultException {
    AppRoleCredentials credentials = vault.appRole("app", TokenSpec.of("read-app").withBatchTokens());

    JsonNode auth = raw.withToken(null).post("auth/approle/login", "{\"role_id\":\"" + credentials.roleId()
        + "\",\"secret_id\":\"" + credentials.secretId() + "\"}").json().get("auth");

    assertThat(auth.get("token_type").asText()).isEqualTo("batch");
    assertThat(auth.get("renewable").asBoolean()).isFalse();
    assertThat(auth.get("client_token").asText()).startsWith("hvb.");
  }

  @Test
  void serviceTokens_countsTheValidOnesOfANamespace_notExpiredOnesNorTheRootToken() {
    vault.createToken(TokenSpec.of().withTtl(Duration.ofMinutes(10)));
    vault.createToken(TokenSpec.of().withTtl(Duration.ofMinutes(30)));
    vault.createToken(TokenSpec.of().inNamespace("team-a"));

    assertThat(vault.serviceTokens("")).isEqualTo(2);
    assertThat(vault.serviceTokens("root")).isEqualTo(2);
    assertThat(vault.serviceTokens("team-a")).isEqualTo(1);
    clock.advance(Duration.ofMinutes(10));
    assertThat(vault.serviceTokens("")).isEqualTo(1);
  }

  // ---- AppRole --------------------------------------------------------------------------------

  @Test
  void appRoleLogin_issuesATokenWithTheRolesPoliciesAndTtl() throws VaultException {
    AppRoleCredentials credentials = vault.appRole("app", TokenSpec.of("read-app").withTtl(Duration.ofMinutes(20)));

    AuthResponse login = Clients.driver(vault, null).auth().loginByAppRole(credentials.roleId(),
        credentials.secretId());
    Vault asApp = Clients.driver(vault, login.getAuthClientToken());

    assertThat(login.getAuthPolicies()).containsExactly("default", "read-app");
    assertThat(login.getAuthLeaseDuration()).isEqualTo(1200);
    assertThat(login.isAuthRenewable()).isTrue();
    assertThat(login.getRenewable()).isFalse();
    assertThat(login.getTokenAccessor()).isNotEmpty();
    assertThat(asApp.logical().read("secret/app").getData()).containsEntry("password", "fake-pw");
    LookupResponse lookup = asApp.auth().lookupSelf();
    assertThat(lookup.getPath()).isEqualTo("auth/approle/login");
    assertThat(lookup.getDisplayName()).isEqualTo("approle");
    assertThat(lookup.isOrphan()).isTrue();
    assertThat(raw.withToken(login.getAuthClientToken()).get("auth/token/lookup-self").json().get("data")
        .get("meta").toString()).isEqualTo("{\"role_name\":\"app\"}");
    assertThat(vault.calls(VaultOperation.LOGIN_APPROLE)).isEqualTo(1);
  }

  @Test
  void appRoleLogin_badCredentials_is400InvalidRoleOrSecretId() {
    AppRoleCredentials credentials = vault.appRole("app", TokenSpec.of("read-app"));
    Raw anonymous = raw.withToken(null);

    Raw.Response wrongSecret = anonymous.post("auth/approle/login",
        "{\"role_id\":\"" + credentials.roleId() + "\",\"secret_id\":\"fake-wrong\"}");
    Raw.Response wrongRole = anonymous.post("auth/approle/login",
        "{\"role_id\":\"fake-role\",\"secret_id\":\"" + credentials.secretId() + "\"}");

    assertThat(wrongSecret.status()).isEqualTo(400);
    assertThat(wrongSecret.errors()).isEqualTo("[\"invalid role or secret ID\"]");
    assertThat(wrongRole.errors()).isEqualTo("[\"invalid role or secret ID\"]");
    assertThat(anonymous.post("auth/approle/login", "{}").errors()).isEqualTo("[\"missing role_id\"]");
    assertThat(anonymous.post("auth/approle/login", "{\"role_id\":\"" + credentials.roleId() + "\"}").errors())
        .isEqualTo("[\"missing secret_id\"]");
    assertThat(anonymous.get("auth/approle/login").status()).isEqualTo(405);
    assertThatThrownBy(() -> Clients.driver(vault, null).auth().loginByAppRole(credentials.roleId(), "fake-wrong"))
        .isInstanceOfSatisfying(VaultException.class, e -> assertStatus(e, 400));
  }

  @Test
  void appRole_again_issuesAnotherSecretId_andBothLogIn_onItsOwnMount() throws VaultException {
    AppRoleCredentials first = vault.appRole("approle-east", "app", TokenSpec.of("read-app"));
    AppRoleCredentials second = vault.appRole("approle-east", "app", TokenSpec.of("read-app"));

    assertThat(second.roleId()).isEqualTo(first.roleId());
    assertThat(second.secretId()).isNotEqualTo(first.secretId());
    assertThat(Clients.driver(vault, null).auth().loginByAppRole("approle-east", first.roleId(), first.secretId())
        .getAuthClientToken()).startsWith("hvs.");
    assertThat(Clients.driver(vault, null).auth().loginByAppRole("approle-east", second.roleId(), second.secretId())
        .getAuthClientToken()).startsWith("hvs.");
    assertThat(first.toString()).contains(first.roleId()).doesNotContain(first.secretId());
  }

  // ---- Kubernetes -----------------------------------------------------------------------------

  @Test
  void kubernetesLogin_withAMintedServiceAccountJwt_issuesTheRolesToken() throws VaultException {
    vault.kubernetesRole("app", "payments", "api", TokenSpec.of("read-app").withTtl(Duration.ofMinutes(15)));
    String jwt = vault.kubernetesServiceAccountJwt("payments", "api");

    AuthResponse login = Clients.driver(vault, null).auth().loginByKubernetes("app", jwt);
    JsonNode meta = raw.withToken(login.getAuthClientToken()).get("auth/token/lookup-self").json().get("data");

    assertThat(login.getAuthPolicies()).containsExactly("default", "read-app");
    assertThat(login.getAuthLeaseDuration()).isEqualTo(900);
    assertThat(Clients.driver(vault, login.getAuthClientToken()).logical().read("secret/app").getData())
        .containsEntry("password", "fake-pw");
    assertThat(meta.get("display_name").asText()).isEqualTo("kubernetes-payments-api");
    assertThat(meta.get("meta").get("role").asText()).isEqualTo("app");
    assertThat(meta.get("meta").get("service_account_name").asText()).isEqualTo("api");
    assertThat(meta.get("meta").get("service_account_namespace").asText()).isEqualTo("payments");
    assertThat(meta.get("meta").get("service_account_uid").asText()).hasSize(36);
    String claims = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    assertThat(claims).contains("\"sub\":\"system:serviceaccount:payments:api\"");
  }

  @Test
  void kubernetesLogin_refusesWhatVaultRefuses() {
    vault.kubernetesRole("app", "payments", "api", TokenSpec.of("read-app"));
    vault.kubernetesRole("any", "*", "*", TokenSpec.of("read-app"));
    Raw anonymous = raw.withToken(null);
    String other = vault.kubernetesServiceAccountJwt("payments", "batch");
    String elsewhere = vault.kubernetesServiceAccountJwt("billing", "api");

    assertThat(login(anonymous, "app", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln").errors())
        .isEqualTo("[\"permission denied\"]");
    assertThat(login(anonymous, "app", other).errors()).isEqualTo("[\"service account name not authorized\"]");
    assertThat(login(anonymous, "app", elsewhere).errors()).isEqualTo("[\"namespace not authorized\"]");
    assertThat(login(anonymous, "nope", other).errors()).isEqualTo("[\"invalid role name \\\"nope\\\"\"]");
    assertThat(login(anonymous, "any", elsewhere).status()).isEqualTo(200);
    assertThat(anonymous.post("auth/kubernetes/login", "{\"jwt\":\"x\"}").errors()).isEqualTo("[\"missing role\"]");
    assertThat(anonymous.post("auth/kubernetes/login", "{\"role\":\"app\"}").errors()).isEqualTo("[\"missing jwt\"]");
  }

  @Test
  void kubernetesLogin_onAnotherMount_throughTheDriversAuthPath() throws VaultException {
    vault.kubernetesRole("k8s-east", "app", "payments", "api", TokenSpec.of("read-app"));
    String jwt = vault.kubernetesServiceAccountJwt("payments", "api");

    AuthResponse login = Clients.driver(vault, null).auth().loginByKubernetes("app", jwt, "auth/k8s-east");

    assertThat(login.getAuthClientToken()).startsWith("hvs.");
    assertThatThrownBy(() -> Clients.driver(vault, null).auth().loginByKubernetes("app", jwt))
        .as("no auth method at auth/kubernetes: not a login path, so a token is needed")
        .isInstanceOfSatisfying(VaultException.class, e -> assertStatus(e, 403));
  }

  @Test
  void authMounts_ofDifferentMethods_cannotShareAPath() {
    vault.appRole("shared", "app", TokenSpec.of());

    assertThatThrownBy(() -> vault.kubernetesRole("shared", "app", "ns", "sa", TokenSpec.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auth/shared/");
    assertThatThrownBy(() -> vault.appRole("token", "app", TokenSpec.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Raw.Response login(Raw anonymous, String role, String jwt) {
    return anonymous.post("auth/kubernetes/login", "{\"role\":\"" + role + "\",\"jwt\":\"" + jwt + "\"}");
  }

  @Test
  void loginResponse_hasTheShapeTheDriverNeeds() {
    AppRoleCredentials credentials = vault.appRole("app", TokenSpec.of("read-app"));

    Raw.Response login = raw.withToken(null).post("auth/approle/login",
        "{\"role_id\":\"" + credentials.roleId() + "\",\"secret_id\":\"" + credentials.secretId() + "\"}");

    assertThat(login.contentType()).isEqualTo("application/json");
    JsonNode body = login.json();
    assertThat(body.get("renewable").isBoolean()).isTrue();
    assertThat(body.get("data").isNull()).isTrue();
    assertThat(body.get("mount_type").asText()).isEqualTo("approle");
    assertThat(body.get("auth").get("policies").isArray()).isTrue();
    assertThat(body.get("auth").get("token_policies").toString()).isEqualTo("[\"default\",\"read-app\"]");
    assertThat(body.get("auth").get("metadata").toString()).isEqualTo("{\"role_name\":\"app\"}");
    assertThat(body.get("auth").fieldNames()).toIterable().contains("client_token", "accessor", "lease_duration",
        "renewable", "entity_id", "token_type", "orphan", "mfa_requirement", "num_uses");
  }
}
