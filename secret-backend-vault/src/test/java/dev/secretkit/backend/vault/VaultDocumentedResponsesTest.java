package dev.secretkit.backend.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.ConfigurationException;
import dev.secretkit.SecretDataException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store against Vault's documented wire forms rather than the emulator's: a local server replays the
 * sample responses of Vault's API documentation byte for byte (see {@code vault-docs/README.md}), and the
 * store, through the real vault-java-driver, parses them as Vault means them. Where the documentation
 * abbreviates an answer (a login without {@code auth.policies}, a renewal without the top-level
 * {@code renewable}), the driver's own response classes fail, so the store reads auth answers itself.
 */
class VaultDocumentedResponsesTest {
  private static final SecretId FOO = SecretId.of("foo", "foo");
  private static final String TOKEN = "hvs.fake-documented-token";
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final String LOOKUP = "GET /v1/auth/token/lookup-self";
  private static final String DATA = "/v1/secret/data/secretkit/foo/foo";
  private static final String METADATA = "/v1/secret/metadata/secretkit/foo/foo";

  private final ManualClock clock = new ManualClock(T0);
  private ReplayServer vault;

  @BeforeEach
  void start() {
    vault = new ReplayServer();
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  private SecretStore open(String parameters, Map<String, String> environment) {
    return TestStores.open("vault://127.0.0.1:" + vault.port() + "/secret?tls=false&retryDelayMillis=10"
        + (parameters.isEmpty() ? "" : "&" + parameters), environment, clock);
  }

  private SecretStore openWithToken() {
    vault.answer(LOOKUP, 200, "token-lookup-self.json");
    return open("maxAttempts=2", Map.of("VAULT_TOKEN", TOKEN));
  }

  private static SecretMetadata metadata() {
    return new SecretMetadata("secret", "v1", "key-value", "r", "olivia", List.of(), null, null, List.of(), List.of(),
        T0, "olivia", T0, "olivia");
  }

  @Test
  void readSecretMetadata_givesTheProbeTheCurrentVersionAndItsCreationTime() {
    try (SecretStore store = openWithToken()) {
      vault.answer("GET " + METADATA, 200, "kv-read-secret-metadata.json");

      assertThat(store.probe(FOO)).contains("3@2018-03-22T02:36:43.986212308Z");
    }
    assertThat(vault.requests()).extracting(ReplayServer.Request::token).containsOnly(TOKEN);
  }

  @Test
  void readSecretVersion_isParsedAsAVersionAnotherToolWrote() {
    try (SecretStore store = openWithToken()) {
      vault.answer("GET " + DATA, 200, "kv-read-secret-version.json");

      Throwable thrown = catchThrowable(() -> store.read(FOO));

      assertThat(thrown).isInstanceOf(SecretDataException.class).hasMessageContaining("Vault version 2 at"
          + " secret/data/secretkit/foo/foo has no _secretkit field");
    }
  }

  @Test
  void createUpdateSecret_givesTheNewVersionAndItsCreationTime_asTheRevision() {
    try (SecretStore store = openWithToken()) {
      vault.answer("GET " + METADATA, 404, "empty-list.json").answer("POST " + METADATA, 204)
          .answer("POST " + DATA, 200, "kv-create-update-secret.json");

      StoredSecret created = store.create(FOO, metadata(), Map.of("password", SecretValue.ofString("fake")));

      assertThat(created.revision()).isEqualTo("1@2018-03-22T02:36:43.986212308Z");
    }
    List<ReplayServer.Request> requests = vault.requests();
    assertThat(requests).extracting(request -> request.method() + " " + request.target()).containsExactly(LOOKUP,
        "GET " + METADATA, "POST " + METADATA, "POST " + DATA);
    assertThat(requests.get(2).body()).isEqualTo("{\"max_versions\":20}");
    assertThat(requests.get(3).body()).startsWith("{\"data\":{\"password\":\"fake\",\"_secretkit\":{\"keys\":"
        + "[\"password\"],\"envelope\":{\"format\":1,").endsWith("},\"options\":{\"cas\":0}}");
  }

  @Test
  void listSecrets_givesTheKeys_andFoldersAreNotSecrets() {
    try (SecretStore store = openWithToken()) {
      vault.answer("GET /v1/secret/metadata/secretkit/?list=true", 200, "kv-list-secrets.json")
          .answer("GET /v1/secret/metadata/secretkit/foo/?list=true", 200, "kv-list-secrets.json");

      assertThat(store.listIds(null, 10).items()).containsExactly(FOO);
    }
  }

  @Test
  void anEmptyList_is404WithNoErrors_andListsNothing() {
    try (SecretStore store = openWithToken()) {
      vault.answer("GET /v1/secret/metadata/secretkit/?list=true", 404, "empty-list.json");

      assertThat(store.listIds(null, 10).items()).isEmpty();
    }
  }

  @Test
  void theDocumentedErrorShape_isMappedByStatus() {
    try (SecretStore store = openWithToken()) {
      vault.answer("GET " + DATA, 503, "error.json").answer("GET " + DATA, 503, "error.json");
      assertThat(catchThrowable(() -> store.read(FOO))).isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("HTTP 503");

      vault.answer("GET " + DATA, 412, "error.json").answer("GET " + DATA, 404, "empty-list.json");
      assertThat(store.read(FOO)).as("412 retried, then not found").isEmpty();

      vault.answer("GET " + DATA, 400, "error.json");
      assertThat(catchThrowable(() -> store.read(FOO))).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("Vault answered HTTP 400 to read").hasMessageContaining("the same call will get the"
              + " same answer");

      vault.answer("GET " + DATA, 403, "error.json").answer(LOOKUP, 200, "token-lookup-self.json");
      assertThat(catchThrowable(() -> store.read(FOO))).isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("its policies need the \"read\" capability");
    }
  }

  @Test
  void theDocumentedRenewal_extendsTheToken_thoughItHasNoTopLevelRenewable() {
    try (SecretStore store = openWithToken()) {
      clock.advance(Duration.ofSeconds(2764790 * 2 / 3));
      vault.answer("POST /v1/auth/token/renew-self", 200, "token-renew-self.json")
          .answer("GET " + DATA, 404, "empty-list.json").answer("GET " + DATA, 404, "empty-list.json");

      assertThat(store.read(FOO)).isEmpty();
      clock.advance(Duration.ofSeconds(2399));
      assertThat(store.read(FOO)).as("renewed for the documented 3600 s: not due again yet").isEmpty();
    }
    assertThat(vault.requests()).extracting(request -> request.method() + " " + request.target())
        .containsExactly(LOOKUP, "POST /v1/auth/token/renew-self", "GET " + DATA, "GET " + DATA);
    assertThat(vault.requests().get(1).body()).isEqualTo("{\"increment\":2764790}");
  }

  @Test
  void theDocumentedAppRoleLogin_givesTheTokenTheStoreSends_thoughItHasNoAuthPolicies_andRevokesAtClose() {
    // Revoke a Token (Self): a POST without a body, answered 204 without one.
    vault.answer("POST /v1/auth/approle/login", 200, "approle-login.json")
        .answer("GET " + DATA, 404, "empty-list.json").answer("POST /v1/auth/token/revoke-self", 204);

    try (SecretStore store = open("auth=approle", Map.of("VAULT_ROLE_ID", "59d6d1ca-47bb-4e7e-a40b-8be3bc5a0ba8",
        "VAULT_SECRET_ID", "84896a0c-1347-aa90-a4f6-aca8b7558780", "VAULT_NAMESPACE", "team-a"))) {
      assertThat(store.read(FOO)).isEmpty();
    }
    List<ReplayServer.Request> requests = vault.requests();
    assertThat(requests.get(0).body()).isEqualTo("{\"role_id\":\"59d6d1ca-47bb-4e7e-a40b-8be3bc5a0ba8\","
        + "\"secret_id\":\"84896a0c-1347-aa90-a4f6-aca8b7558780\"}");
    assertThat(requests.get(0).token()).as("a login sends no token").isNull();
    assertThat(requests.get(1).token()).isEqualTo("5b1a0318-679c-9c45-e5c6-d1b9a9035d49");
    assertThat(requests).extracting(request -> request.method() + " " + request.target()).last()
        .isEqualTo("POST /v1/auth/token/revoke-self");
    assertThat(requests.get(requests.size() - 1)).extracting(ReplayServer.Request::token, ReplayServer.Request::body)
        .containsExactly("5b1a0318-679c-9c45-e5c6-d1b9a9035d49", "");
    assertThat(requests).hasSize(3).extracting(ReplayServer.Request::namespace).containsOnly("team-a/");
  }
}
