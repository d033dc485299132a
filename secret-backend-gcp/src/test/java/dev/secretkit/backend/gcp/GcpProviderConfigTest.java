package dev.secretkit.backend.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.cloud.secretmanager.v1.Replication;
import com.google.cloud.secretmanager.v1.Secret;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import dev.secretkit.ConfigurationException;
import dev.secretkit.SecretId;
import dev.secretkit.emulator.gcp.GcpEmulatorExtension;
import dev.secretkit.emulator.gcp.GcpSecretManagerEmulator;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the gcp-sm provider accepts and refuses before any call, parameter by parameter, each refusal saying what
 * is expected without echoing the value; that the store's description hides the key file's path; and that the
 * replication the URI asks for is what {@code CreateSecret} sends.
 */
class GcpProviderConfigTest {
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private static final ManualClock CLOCK = new ManualClock(T0);
  private static final String LONGEST_PREFIX = "p".repeat(GcpSecretIds.MAX_PREFIX);
  private static final GcpSecretManagerStoreProvider PROVIDER = new GcpSecretManagerStoreProvider();

  @RegisterExtension
  static final GcpEmulatorExtension GCP = new GcpEmulatorExtension().withClock(CLOCK);

  private static List<String> problems(String uri) {
    return PROVIDER.validate(StoreConfig.parse(uri, Map.of(), CLOCK));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "gcp-sm://my-project",
      "gcp-sm://my-project/",
      "gcp-sm://a23456",
      "gcp-sm://a-project-id-of-thirty-chars-x",
      "gcp-sm://123456789012",
      "gcp-sm://1",
      "gcp-sm://my-project?endpoint=127.0.0.1:8085&tls=false",
      "gcp-sm://my-project?endpoint=[::1]:8085&tls=false",
      "gcp-sm://my-project?endpoint=localhost:65535&tls=false",
      "gcp-sm://my-project?endpoint=secretmanager.googleapis.com:443&tls=true",
      "gcp-sm://my-project?endpoint=secretmanager.europe-west1.rep.googleapis.com:443",
      "gcp-sm://my-project?credentialsFile=/etc/gcp/key.json",
      "gcp-sm://my-project?prefix=",
      "gcp-sm://my-project?prefix=Team_A-",
      "gcp-sm://my-project?locations=us-east1",
      "gcp-sm://my-project?locations=us-east1,europe-west1,northamerica-northeast1",
      "gcp-sm://my-project?timeoutMillis=1&maxAttempts=1&retryDelayMillis=0&versionsRetained=1",
      "gcp-sm://my-project?timeoutMillis=600000&maxAttempts=10&retryDelayMillis=60000&versionsRetained=100",
      "gcp-sm://my-project?maxValueBytes=100&maxKeys=5&maxSecretBytes=1000&maxMetadataBytes=4000"})
  void aWellFormedUri_hasNoProblems(String uri) {
    assertThat(problems(uri)).isEmpty();
  }

  @Test
  void thePrefixMayBeExactlyMaxPrefixLong_butNoLonger() {
    assertThat(problems("gcp-sm://my-project?prefix=" + LONGEST_PREFIX)).isEmpty();
    assertThat(problems("gcp-sm://my-project?prefix=" + LONGEST_PREFIX + "p")).containsExactly("parameter prefix must"
        + " be letters, digits, _ and -, at most " + GcpSecretIds.MAX_PREFIX + " characters");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "gcp-sm://                                | names no project: write it as gcp-sm://PROJECT",
      "gcp-sm:                                  | names no project",
      "gcp-sm://My-Project                      | a GCP project id (6 to 30 lower-case letters",
      "gcp-sm://abcde                           | a GCP project id",
      "gcp-sm://1project                        | a GCP project id",
      "gcp-sm://my-project-                     | a GCP project id",
      "gcp-sm://my_project                      | a GCP project id",
      "gcp-sm://a-project-id-of-thirty-one-chars | a GCP project id",
      "gcp-sm://123456789012345678901           | a GCP project id",
      "gcp-sm://my-project/secrets              | a GCP project id",
      "gcp-sm://my-project?endpoint=https://sm.example.com:443 | endpoint must be HOST:PORT",
      "gcp-sm://my-project?endpoint=127.0.0.1   | endpoint must be HOST:PORT",
      "gcp-sm://my-project?endpoint=:8085       | endpoint must be HOST:PORT",
      "gcp-sm://my-project?endpoint=::1:8085    | endpoint must be HOST:PORT",
      "gcp-sm://my-project?endpoint=[::1]       | endpoint must be HOST:PORT",
      "gcp-sm://my-project?endpoint=host:http   | endpoint must be HOST:PORT",
      "gcp-sm://my-project?endpoint=host:8085/v1 | endpoint must be HOST:PORT",
      "gcp-sm://my-project?endpoint=host:0      | port from 1 to 65535",
      "gcp-sm://my-project?endpoint=host:65536  | port from 1 to 65535",
      "gcp-sm://my-project?endpoint=host:99999  | port from 1 to 65535",
      "gcp-sm://my-project?endpoint=h:8085&tls=yes | tls must be true or false",
      "gcp-sm://my-project?tls=false            | tls=false needs an endpoint (an emulator's HOST:PORT)",
      "gcp-sm://my-project?credentialsFile=     | credentialsFile must be the path of a key file",
      "gcp-sm://my-project?prefix=a.b           | prefix must be letters, digits, _ and -",
      "gcp-sm://my-project?prefix=team/a        | prefix must be letters, digits, _ and -",
      "gcp-sm://my-project?prefix=t%C3%A9am     | prefix must be letters, digits, _ and -",
      "gcp-sm://my-project?locations=           | locations must be GCP regions separated by commas",
      "gcp-sm://my-project?locations=us-east1,  | locations must be GCP regions",
      "gcp-sm://my-project?locations=US-EAST1   | locations must be GCP regions",
      "gcp-sm://my-project?locations=global     | locations must be GCP regions",
      "gcp-sm://my-project?locations=us-east1;europe-west1 | locations must be GCP regions",
      "gcp-sm://my-project?locations=us-east1,europe-west1,us-east1 | locations must name each region once",
      "gcp-sm://my-project?timeoutMillis=0      | timeoutMillis must be a whole number from 1 to 600000",
      "gcp-sm://my-project?timeoutMillis=600001 | timeoutMillis must be a whole number from 1 to 600000",
      "gcp-sm://my-project?timeoutMillis=1s     | timeoutMillis must be a whole number",
      "gcp-sm://my-project?maxAttempts=0        | maxAttempts must be a whole number from 1 to 10",
      "gcp-sm://my-project?maxAttempts=11       | maxAttempts must be a whole number from 1 to 10",
      "gcp-sm://my-project?retryDelayMillis=-1  | retryDelayMillis must be a whole number from 0 to 60000",
      "gcp-sm://my-project?retryDelayMillis=60001 | retryDelayMillis must be a whole number from 0 to 60000",
      "gcp-sm://my-project?versionsRetained=0   | versionsRetained must be a whole number from 1 to 100",
      "gcp-sm://my-project?versionsRetained=101 | versionsRetained must be a whole number from 1 to 100",
      "gcp-sm://my-project?maxValueBytes=0      | maxValueBytes must be a whole number",
      "gcp-sm://my-project?region=us-east1      | unknown parameter region; gcp-sm: accepts endpoint, tls,"
          + " credentialsFile, prefix, locations, timeoutMillis, maxAttempts, retryDelayMillis"})
  void eachBadParameter_isOneProblem_sayingWhatIsExpected(String uri, String expected) {
    assertThat(problems(uri)).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING).contains(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"endpoint=svc-acct-key-0123:8085x", "locations=svc-acct-key-0123", "prefix=svc.acct.key",
      "timeoutMillis=svc-acct-key-0123", "tls=svc-acct-key-0123", "credentialsFile=/keys/svc-acct-key-0123.json"
      + "&endpoint=127.0.0.1:1&tls=false"})
  void noProblem_quotesTheValueItRefuses(String parameter) {
    String value = parameter.replaceAll("^[a-zA-Z]+=([^&]*).*$", "$1");

    List<String> problems = problems("gcp-sm://my-project?" + parameter);

    assertThat(problems).isNotEmpty().noneMatch(problem -> problem.contains(value));
  }

  @Test
  void credentialsInTheUri_areRefused_sayingWhereTheyGo_withoutRepeatingThem() {
    assertThat(problems("gcp-sm://my-project?accessToken=fake-canary-token&apiKey=fake-canary-key"))
        .singleElement().asString().startsWith("parameters accessToken, apiKey would put credentials in the store URI")
        .endsWith("name a service-account key file with GOOGLE_APPLICATION_CREDENTIALS or credentialsFile=PATH, or use"
            + " Application Default Credentials ('gcloud auth application-default login')")
        .doesNotContain("fake-canary");
    assertThat(problems("gcp-sm://fake-canary-user:fake-canary-password@my-project")).singleElement().asString()
        .startsWith("the store URI holds user information (USER:PASSWORD@) before the project")
        .doesNotContain("fake-canary");
  }

  @Test
  void tlsFalseWithACredentialsFile_isRefused_andTheFailureToOpenHidesThePath() {
    String uri = "gcp-sm://my-project?endpoint=127.0.0.1:8085&tls=false&credentialsFile=/keys/svc-acct-key.json";

    ConfigurationException failure = catchThrowableOfType(ConfigurationException.class,
        () -> PROVIDER.open(StoreConfig.parse(uri, Map.of(), CLOCK)));

    assertThat(failure.getMessage()).contains("tls=false sends no credentials (they would cross the wire in the"
        + " clear): drop credentialsFile or tls=false").contains("credentialsFile=***")
        .doesNotContain("svc-acct-key");
  }

  @Test
  void theDescriptionOfAStoreWithAKeyFile_hidesItsPath_andOpeningReadsNothing() {
    String uri = "gcp-sm://my-project?credentialsFile=/keys/svc-acct-key.json&prefix=cfg-";

    try (SecretStore store = PROVIDER.open(StoreConfig.parse(uri, Map.of(), CLOCK))) {
      assertThat(store.description()).isEqualTo("gcp-sm://my-project?credentialsFile=***&prefix=cfg-");
      assertThat(store.toString()).doesNotContain("svc-acct-key");
    }
  }

  @Test
  void anInvalidUri_cannotBeOpened_andTheFailureListsEveryProblem() {
    ConfigurationException failure = catchThrowableOfType(ConfigurationException.class, () -> PROVIDER.open(
        StoreConfig.parse("gcp-sm://my-project?endpoint=host:99999&locations=us-east1,us-east1", Map.of(), CLOCK)));

    assertThat(failure.getMessage()).startsWith("cannot open store gcp-sm://my-project?").contains("port from 1 to"
        + " 65535").contains("each region once");
  }

  @Test
  void userManagedLocations_areTheReplicasCreateSecretSends(GcpSecretManagerEmulator emulator) {
    Secret created = createdWith(emulator, "locations=us-east1,europe-west1");

    assertThat(created.getReplication().getUserManaged().getReplicasList())
        .extracting(Replication.UserManaged.Replica::getLocation).containsExactly("us-east1", "europe-west1");
  }

  @Test
  void withoutLocations_replicationIsAutomatic(GcpSecretManagerEmulator emulator) {
    Secret created = createdWith(emulator, "");

    assertThat(created.getReplication().hasAutomatic()).isTrue();
  }

  /** Creates public:pg in a store with URI {@code parameters} and returns the GCP secret, read back as gcloud would. */
  private static Secret createdWith(GcpSecretManagerEmulator emulator, String parameters) {
    SecretId id = SecretId.of("public", "pg");
    try (SecretStore store = TestStores.open(emulator, "replicas-", parameters, CLOCK);
        SecretManagerServiceClient raw = RawGcp.client(emulator)) {
      store.create(id, TestSecrets.metadata("olivia", T0), TestSecrets.values("password", "v1"));
      return raw.getSecret(RawGcp.secretName("replicas-", id));
    }
  }
}
