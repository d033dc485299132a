package dev.secretkit.backend.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.CredentialsException;
import dev.secretkit.SecretException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.emulator.gcp.GcpEmulatorExtension;
import dev.secretkit.emulator.gcp.GcpOperation;
import dev.secretkit.emulator.gcp.GcpSecretManagerEmulator;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a tls store's credentials come from and what it says when there are none: a key file that is missing or
 * holds no key, {@code GOOGLE_APPLICATION_CREDENTIALS} in the store's environment naming such a file, and no
 * Application Default Credentials at all are each a {@link CredentialsException} at the first call, which reaches
 * no server, is not retried, says what to do and quotes nothing from the file; a store with {@code tls=false} never
 * loads credentials; a refusal names the key file as their source; and TLS to a plaintext endpoint fails clearly.
 * The tls stores here talk to the emulator in process, where the client still applies their credentials.
 */
@ExtendWith(LeakScanner.class)
class GcpCredentialsTest {
  private static final SecretId PG = SecretId.of("public", "pg");
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private static final ManualClock CLOCK = new ManualClock(T0);
  private static final String PREFIX = "creds-";
  private static final String WHAT_TO_DO = "point it at a service-account key file (gcloud iam service-accounts keys"
      + " create)";
  @RegisterExtension
  static final GcpEmulatorExtension GCP = new GcpEmulatorExtension().withClock(CLOCK).withTcp();

  private final GcpSecretManagerEmulator emulator;
  @TempDir
  Path dir;
  private Canaries canaries;

  /** Takes the test's own emulator, which also serves on a loopback port. */
  GcpCredentialsTest(GcpSecretManagerEmulator emulator) {
    this.emulator = emulator;
  }

  @BeforeEach
  void setUp(Canaries planted) {
    canaries = planted;
  }

  @Test
  void aMissingKeyFile_isACredentialsException_atTheFirstCall_thatReachesNoServer_andIsNotRetried() {
    Path missing = dir.resolve("absent.json");
    try (SecretStore store = openTls("credentialsFile=" + missing + "&maxAttempts=3", Map.of())) {
      CredentialsException failure = failure(CredentialsException.class, () -> store.read(PG));

      assertThat(failure.getMessage()).contains("cannot call Secret Manager for store " + store.description() + ": the"
          + " key file credentialsFile names (" + missing + ") is not a readable file: " + WHAT_TO_DO);
      assertThat(failure.isRetryable()).isFalse();
      assertThat(emulator.totalCalls()).as("no call reached Secret Manager").isZero();
    }
  }

  @Test
  void aKeyFileThatHoldsNoKey_isACredentialsException_quotingNothingFromIt() throws IOException {
    Path notAKey = Files.writeString(dir.resolve("key.json"), "{\"type\": \"service_account\", \"private_key\": \""
        + canaries.plant() + "\", \"client_email\": \"" + canaries.plant() + "\"}");
    try (SecretStore store = openTls("credentialsFile=" + notAKey, Map.of())) {
      CredentialsException failure = failure(CredentialsException.class,
          () -> store.create(PG, metadata(), Map.of("password", SecretValue.ofString("v1"))));

      assertThat(failure.getMessage()).contains("the key file credentialsFile names (" + notAKey + ") holds no Google"
          + " credentials that the client can read: " + WHAT_TO_DO);
      assertThat(emulator.totalCalls()).isZero();
    }
  }

  @Test
  void googleApplicationCredentialsInTheStoresEnvironment_namingAFileThatIsNoKey_isACredentialsException()
      throws IOException {
    Path notAKey = Files.writeString(dir.resolve("adc.json"), "not json at all: " + canaries.plant());
    try (SecretStore store = openTls("", Map.of("GOOGLE_APPLICATION_CREDENTIALS", notAKey.toString()))) {
      CredentialsException failure = failure(CredentialsException.class, () -> store.list("public", null, 10));

      assertThat(failure.getMessage()).contains("the key file GOOGLE_APPLICATION_CREDENTIALS names (" + notAKey
          + ") holds no Google credentials");
      assertThat(emulator.totalCalls()).isZero();
    }
  }

  /**
   * Application Default Credentials are the process's (its environment, gcloud's file, the metadata server), so
   * this runs only where the process has none of the first two; where a metadata server answers it is skipped too.
   */
  @Test
  void noApplicationDefaultCredentials_isACredentialsException_sayingWhatToRunOrSet() {
    Path gcloudFile = Path.of(System.getProperty("user.home"), ".config", "gcloud",
        "application_default_credentials.json");
    assumeTrue(System.getenv("GOOGLE_APPLICATION_CREDENTIALS") == null && System.getenv("CLOUDSDK_CONFIG") == null
        && !Files.exists(gcloudFile), "this machine has Application Default Credentials");
    try (SecretStore store = openTls("", Map.of())) {
      SecretException failure = failure(SecretException.class, () -> store.read(PG));
      assumeTrue(failure instanceof CredentialsException, "a metadata server gave this machine credentials");

      assertThat(failure.getMessage()).contains("found no Application Default Credentials (looked at"
          + " GOOGLE_APPLICATION_CREDENTIALS, gcloud's application-default file and the metadata server): run 'gcloud"
          + " auth application-default login', set GOOGLE_APPLICATION_CREDENTIALS, or add credentialsFile=PATH");
      assertThat(emulator.totalCalls()).isZero();
    }
  }

  @Test
  void withTlsFalse_noCredentialsAreLoaded_soNoneThatCouldBeFoundStopsTheCalls() throws IOException {
    Path notAKey = Files.writeString(dir.resolve("adc.json"), "not json at all");
    try (SecretStore store = TestStores.provider(emulator).open(StoreConfig.parse(TestStores.uri("in-process:1",
        PREFIX, ""), Map.of("GOOGLE_APPLICATION_CREDENTIALS", notAKey.toString()), CLOCK))) {
      store.create(PG, metadata(), Map.of("password", SecretValue.ofString("v1")));

      assertThat(store.read(PG)).isPresent();
    }
  }

  @Test
  void aRefusal_namesTheKeyFileAsWhereTheCredentialsCameFrom() throws IOException, NoSuchAlgorithmException {
    Path key = Files.writeString(dir.resolve("key.json"), fakeServiceAccountKey());
    try (SecretStore store = openTls("credentialsFile=" + key, Map.of())) {
      emulator.deny(GcpOperation.ACCESS_SECRET_VERSION);

      AccessDeniedException denied = failure(AccessDeniedException.class, () -> store.read(PG));

      assertThat(denied.getMessage()).contains("Secret Manager refused AccessSecretVersion (PERMISSION_DENIED) to the"
          + " credentials from the key file credentialsFile names: they lack the IAM permission"
          + " secretmanager.versions.access");
      assertThat(emulator.calls(GcpOperation.ACCESS_SECRET_VERSION)).as("the credentials were applied").isEqualTo(1);
    }
  }

  @Test
  void tlsToAPlaintextEndpoint_failsWithinTheTimeout_namingTheEndpoint_andSuggestingTlsFalse() throws IOException {
    Path notAKey = Files.writeString(dir.resolve("adc.json"), "not json at all");
    String uri = "gcp-sm://" + TestStores.PROJECT + "?endpoint=" + emulator.endpoint() + "&prefix=" + PREFIX
        + "&maxAttempts=1&timeoutMillis=3000";
    try (SecretStore store = new GcpSecretManagerStoreProvider().open(StoreConfig.parse(uri,
        Map.of("GOOGLE_APPLICATION_CREDENTIALS", notAKey.toString()), CLOCK))) {
      long start = System.nanoTime();
      StoreUnavailableException failure = failure(StoreUnavailableException.class, () -> store.read(PG));

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(failure.getMessage()).contains("AccessSecretVersion of public:pg failed (UNAVAILABLE): cannot"
          + " connect to " + emulator.endpoint() + " (TLS failed: ").contains("is it a plaintext emulator? then add"
          + " tls=false");
      assertThat(emulator.totalCalls()).isZero();
    }
  }

  /** Opens a tls store (credentials applied) on an in-process channel to the emulator. */
  private SecretStore openTls(String parameters, Map<String, String> environment) {
    String uri = "gcp-sm://" + TestStores.PROJECT + "?endpoint=in-process:1&prefix=" + PREFIX
        + (parameters.isEmpty() ? "" : "&" + parameters);
    return TestStores.provider(emulator).open(StoreConfig.parse(uri, environment, CLOCK));
  }

  private <T extends SecretException> T failure(Class<T> type, ThrowingCallable call) {
    return LeakChecks.thrown(type, call, canaries, List.of("PRIVATE KEY", "not json at all"));
  }

  /**
   * Returns a service-account key file for a key made here and now, in a universe other than Google's: its
   * credentials sign their own JWTs, so they need no token server, and they are no one's.
   */
  private static String fakeServiceAccountKey() throws NoSuchAlgorithmException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(1024);
    String pem = "-----BEGIN PRIVATE KEY-----\\n" + Base64.getEncoder().encodeToString(generator.generateKeyPair()
        .getPrivate().getEncoded()) + "\\n-----END PRIVATE KEY-----\\n";
    return "{\"type\": \"service_account\", \"project_id\": \"test-project\", \"private_key_id\": \"fake-key-id\","
        + " \"private_key\": \"" + pem + "\", \"client_email\": \"fake@test-project.iam.example.test\","
        + " \"client_id\": \"1\", \"token_uri\": \"https://oauth2.example.test/token\","
        + " \"universe_domain\": \"example.test\"}";
  }

  private static SecretMetadata metadata() {
    return TestSecrets.metadata("olivia", T0);
  }
}
