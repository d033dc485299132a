package dev.secretkit.backend.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.ConfigurationException;
import dev.secretkit.ConflictException;
import dev.secretkit.CredentialsException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Answers a healthy Vault never gives the store, or gives only in a race the emulator cannot stage, served
 * by a replay server: each still ends in a defined outcome, a conflict where another writer is proven, an
 * "outcome unknown" where nothing can be proven, and a configuration error for an answer that will not
 * change.
 */
class VaultOddAnswersTest {
  private static final SecretId PG = SecretId.of("public", "pg");
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final String DATA = "/v1/secret/data/secretkit/public/pg";
  private static final String METADATA = "/v1/secret/metadata/secretkit/public/pg";
  private static final String FOREIGN = "{\"data\":{\"data\":{\"foo\":\"bar\"},\"metadata\":{\"created_time\":"
      + "\"2024-01-01T00:00:00Z\",\"deletion_time\":\"\",\"destroyed\":false,\"version\":1}}}";
  private static final String NO_ROUTE = "{\"errors\":[\"no handler for route \\\"secret/x\\\". route entry not"
      + " found.\"]}";

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

  private SecretStore open(String parameters) {
    vault.answer("GET /v1/auth/token/lookup-self", 200, "token-lookup-self.json");
    return TestStores.open("vault://127.0.0.1:" + vault.port() + "/secret?tls=false&retryDelayMillis=10&"
        + (parameters.isEmpty() ? "maxAttempts=1" : parameters), Map.of("VAULT_TOKEN", "hvs.fake"), clock);
  }

  private static SecretMetadata metadata() {
    return new SecretMetadata("secret", "v1", "key-value", "r", "olivia", List.of(), null, null, List.of(), List.of(),
        T0, "olivia", T0, "olivia");
  }

  private static Throwable create(SecretStore store) {
    return catchThrowable(() -> store.create(PG, metadata(), Map.of("password", SecretValue.ofString("fake"))));
  }

  /** Queues a create's first two calls: no key yet, and its max_versions written. */
  private void createsMetadata() {
    vault.answer("GET " + METADATA, 404, "empty-list.json").answer("POST " + METADATA, 204);
  }

  @Test
  void aLostCreate_whoseVersionHoldsAnotherWritersData_isExists() {
    createsMetadata();
    vault.answer("POST " + DATA, 500, "error.json").answerJson("GET " + DATA + "?version=1", 200, FOREIGN);

    try (SecretStore store = open("")) {
      assertThat(create(store)).isInstanceOfSatisfying(ConflictException.class,
          e -> assertThat(e.reason()).isEqualTo(ConflictException.Reason.EXISTS));
    }
  }

  @Test
  void aLostCreate_whoseVersionIsDeletedOrNewerThanCas_isAnUnknownOutcome() {
    createsMetadata();
    vault.answer("POST " + DATA, 500, "error.json").answerJson("GET " + DATA + "?version=1", 404,
        "{\"data\":{\"data\":null,\"metadata\":{\"created_time\":\"2024-01-01T00:00:00Z\",\"deletion_time\":"
            + "\"2024-01-01T00:00:01Z\",\"destroyed\":false,\"version\":1}}}");
    try (SecretStore store = open("")) {
      assertThat(create(store)).isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("the write of public:pg may or may not have happened");
    }

    createsMetadata();
    vault.answer("POST " + DATA, 500, "error.json").answer("GET " + DATA + "?version=1", 404, "empty-list.json")
        .answer("GET " + METADATA, 200, "kv-read-secret-metadata.json");
    try (SecretStore store = open("")) {
      assertThat(create(store)).isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("may or may not have happened");
    }
  }

  @Test
  void aLostCreate_whoseCheckFailsToo_isAnUnknownOutcome() {
    createsMetadata();
    vault.answer("POST " + DATA, 500, "error.json").answer("GET " + DATA + "?version=1", 503, "error.json");
    try (SecretStore store = open("")) {
      assertThat(create(store)).isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("may or may not have happened");
    }

    createsMetadata();
    vault.answer("POST " + DATA, 500, "error.json").answer("GET " + DATA + "?version=1", 404, "empty-list.json")
        .answer("GET " + METADATA, 503, "error.json");
    try (SecretStore store = open("")) {
      assertThat(create(store)).isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("may or may not have happened");
    }
  }

  @Test
  void aRetriedCreate_refusedByCas_isExistsUnlessItsFirstAttemptLanded() {
    createsMetadata();
    vault.answer("POST " + DATA, 500, "error.json").answer("GET " + DATA + "?version=1", 404, "empty-list.json")
        .answer("GET " + METADATA, 404, "empty-list.json")
        .answerJson("POST " + DATA, 400, "{\"errors\":[\"check-and-set parameter did not match the current version\"]}")
        .answer("GET " + DATA + "?version=1", 404, "empty-list.json")
        .answerJson("GET " + METADATA, 200, "{\"data\":{\"current_version\":0,\"versions\":{}}}");

    try (SecretStore store = open("maxAttempts=2")) {
      assertThat(create(store)).isInstanceOf(ConflictException.class);
    }
  }

  @Test
  void aLostDelete_afterWhichTheSecretChanged_isAnUnknownOutcome() {
    vault.answer("GET " + METADATA, 200, "kv-read-secret-metadata.json").answer("DELETE " + METADATA, 500,
        "error.json").answerJson("GET " + METADATA, 200, "{\"data\":{\"current_version\":4,\"versions\":{\"4\":"
        + "{\"created_time\":\"2024-01-01T00:00:00Z\",\"deletion_time\":\"\",\"destroyed\":false}}}}");

    try (SecretStore store = open("")) {
      assertThat(catchThrowable(() -> store.delete(PG, "3@2018-03-22T02:36:43.986212308Z")))
          .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("the delete of public:pg may or may not"
              + " have happened");
    }
  }

  @Test
  void answersThatAreNotKvVersion2_orRefusedForGood_areConfigurationErrors() {
    try (SecretStore store = open("")) {
      Map<String, Supplier<Throwable>> cases = Map.of(
          "read without metadata", () -> {
            vault.answerJson("GET " + DATA, 200, "{\"data\":{\"foo\":\"bar\"}}");
            return catchThrowable(() -> store.read(PG));
          },
          "another 404", () -> {
            vault.answerJson("GET " + DATA, 404, "{\"errors\":[\"unsupported path\"]}");
            return catchThrowable(() -> store.read(PG));
          },
          "metadata without data", () -> {
            vault.answerJson("GET " + METADATA, 200, "{}");
            return catchThrowable(() -> store.probe(PG));
          },
          "a list without keys", () -> {
            vault.answerJson("GET /v1/secret/metadata/secretkit/?list=true", 200, "{\"data\":{}}");
            return catchThrowable(() -> store.listIds(null, 5));
          },
          "a metadata write refused", () -> {
            vault.answer("GET " + METADATA, 404, "empty-list.json").answer("POST " + METADATA, 400, "error.json");
            return create(store);
          },
          "a delete refused", () -> {
            vault.answer("DELETE " + METADATA, 400, "error.json");
            return catchThrowable(() -> store.delete(PG, null));
          });
      cases.forEach((name, call) -> assertThat(call.get()).as(name).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("the same call will get the same answer"));
    }
  }

  @Test
  void writeAnswersThatAreNotKvVersion2_areConfigurationErrors() {
    for (String answer : List.of("204", "{\"data\":{}}", "400", "404")) {
      createsMetadata();
      if (answer.equals("204")) {
        vault.answer("POST " + DATA, 204);
      } else if (answer.startsWith("{")) {
        vault.answerJson("POST " + DATA, 200, answer);
      } else {
        vault.answer("POST " + DATA, Integer.parseInt(answer), answer.equals("404") ? "empty-list.json" : "error.json");
      }
      try (SecretStore store = open("")) {
        assertThat(create(store)).as(answer).isInstanceOf(ConfigurationException.class)
            .hasMessageContaining(" to write secret/data/secretkit/public/pg");
      }
    }
  }

  @Test
  void aMissingMount_isNamedForMetadataWritesAndDeletes() {
    try (SecretStore store = open("")) {
      vault.answer("GET " + METADATA, 404, "empty-list.json").answerJson("POST " + METADATA, 404, NO_ROUTE);
      assertThat(create(store)).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("there is no secrets engine at secret");
      vault.answerJson("DELETE " + METADATA, 404, NO_ROUTE);
      assertThat(catchThrowable(() -> store.delete(PG, null))).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("there is no secrets engine at secret");
    }
  }

  @Test
  void aCreationTimeThatIsNotATime_isKeptAsVaultWroteIt() {
    vault.answerJson("GET " + METADATA, 200, "{\"data\":{\"current_version\":1,\"versions\":{\"1\":{\"created_time\":"
        + "\"yesterday\"},\"x\":{}}}}");
    try (SecretStore store = open("")) {
      assertThat(store.probe(PG)).contains("1@yesterday");
    }
  }

  @Test
  void aPreconditionFailure_pastTheRetries_saysTheStandbyIsNotConsistentYet() {
    vault.answer("GET " + DATA, 412, "error.json").answer("GET " + DATA, 412, "error.json");
    try (SecretStore store = open("maxAttempts=2")) {
      assertThat(catchThrowable(() -> store.read(PG))).isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("a performance standby is not yet consistent (HTTP 412)");
    }
  }

  @Test
  void aRenewalThatFailsBriefly_keepsTheToken_andIsTriedAgainAfterItsBackoff() {
    try (SecretStore store = open("")) {
      clock.advance(Duration.ofSeconds(2764790 * 2 / 3));
      vault.answer("POST /v1/auth/token/renew-self", 503, "error.json").answer("GET " + DATA, 404, "empty-list.json")
          .answer("GET " + DATA, 404, "empty-list.json")
          .answer("POST /v1/auth/token/renew-self", 200, "token-renew-self.json")
          .answer("GET " + DATA, 404, "empty-list.json");

      assertThat(store.read(PG)).isEmpty();
      assertThat(store.read(PG)).as("before the backoff: no renewal").isEmpty();
      clock.advance(VaultLogin.FIRST_RENEWAL_RETRY);
      assertThat(store.read(PG)).isEmpty();
    }
    assertThat(vault.requests()).extracting(request -> request.method() + " " + request.target()).containsExactly(
        "GET /v1/auth/token/lookup-self", "POST /v1/auth/token/renew-self", "GET " + DATA, "GET " + DATA,
        "POST /v1/auth/token/renew-self", "GET " + DATA);
  }

  @Test
  void anAppRoleLoginWithoutAToken_isACredentialsError() {
    vault.answerJson("POST /v1/auth/approle/login", 200, "{\"auth\":{\"client_token\":\"\",\"policies\":[]},"
        + "\"renewable\":false}");

    Throwable thrown = catchThrowable(() -> TestStores.open("vault://127.0.0.1:" + vault.port() + "/secret?tls=false"
        + "&auth=approle", Map.of("VAULT_ROLE_ID", "fake-role", "VAULT_SECRET_ID", "fake-secret"), clock).close());

    assertThat(thrown).isInstanceOf(CredentialsException.class).hasMessageContaining("the approle login at"
        + " auth/approle for store").hasMessageContaining("gave no token");
  }

  @Test
  void aPolicyRefusal_toAnAppRoleToken_namesTheLogin() {
    vault.answer("POST /v1/auth/approle/login", 200, "approle-login.json").answer("GET " + DATA, 403, "error.json")
        .answer("GET /v1/auth/token/lookup-self", 200, "token-lookup-self.json")
        .answer("POST /v1/auth/token/revoke-self", 204);

    try (SecretStore store = TestStores.open("vault://127.0.0.1:" + vault.port() + "/secret?tls=false&auth=approle",
        Map.of("VAULT_ROLE_ID", "fake-role", "VAULT_SECRET_ID", "fake-secret"), clock)) {
      assertThat(catchThrowable(() -> store.read(PG))).isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("to the token of the AppRole login at auth/approle (auth method approle)");
    }
  }

  @Test
  void anInterruptedWaitToLogIn_endsTheOpen_andKeepsTheInterrupt() {
    vault.answer("GET /v1/auth/token/lookup-self", 503, "error.json");
    VaultSecretStoreProvider provider = new VaultSecretStoreProvider(duration -> {
      throw new InterruptedException("test");
    }, () -> 0.5, null);

    Throwable thrown = catchThrowable(() -> provider.open(StoreConfig.parse("vault://127.0.0.1:" + vault.port()
        + "/secret?tls=false", Map.of("VAULT_TOKEN", "hvs.fake"), clock)).close());

    assertThat(thrown).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("interrupted while waiting"
        + " to log in");
    assertThat(Thread.interrupted()).isTrue();
  }
}
