package dev.secretkit.backend.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.ConfigurationException;
import dev.secretkit.CredentialsException;
import dev.secretkit.SecretId;
import dev.secretkit.emulator.aws.SecretsManagerEmulator;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where an aws-sm store finds its credentials, read from the store's environment only (never the
 * machine's own {@code ~/.aws}), and what it says when it finds none: where it looked and what
 * was missing, with no credential in the message.
 */
@ExtendWith(LeakScanner.class)
class CredentialChainTest {
  private static final SecretId PG = SecretId.of("public", "pg");

  @TempDir
  Path home;

  private final ManualClock clock = new ManualClock();
  private SecretsManagerEmulator emulator;
  private Canaries canaries;
  private String accessKeyId;
  private String secretKey;

  @BeforeEach
  void start(Canaries planted) {
    canaries = planted;
    accessKeyId = canaries.plant("AKID" + Long.toHexString(System.nanoTime()).toUpperCase());
    secretKey = canaries.plant();
    emulator = new SecretsManagerEmulator(clock).start();
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  /** The environment of a machine with no AWS setup: a HOME without .aws, and no instance metadata service. */
  private Map<String, String> bareEnvironment() {
    Map<String, String> environment = new HashMap<>();
    environment.put("HOME", home.toString());
    environment.put("AWS_EC2_METADATA_DISABLED", "true");
    return environment;
  }

  private SecretStore open(String parameters, Map<String, String> environment) {
    return new AwsSecretsManagerStoreProvider().open(StoreConfig.parse("aws-sm://eu-west-1?endpoint="
        + emulator.endpoint() + "&maxAttempts=1" + parameters, environment, clock));
  }

  private CredentialsException refusal(String parameters, Map<String, String> environment) {
    try (SecretStore store = open(parameters, environment)) {
      CredentialsException refused = catchThrowableOfType(CredentialsException.class, () -> store.read(PG));
      assertThat(refused).as("no credentials is a CredentialsException").isNotNull();
      canaries.assertAbsent("a credentials error", refused);
      assertThat(refused.isRetryable()).isFalse();
      assertThat(refused.getMessage()).doesNotContain(accessKeyId).doesNotContain(secretKey);
      assertThat(emulator.totalCalls()).as("nothing is sent without credentials").isZero();
      return refused;
    }
  }

  private Path credentialsFile(String text) throws IOException {
    Path aws = Files.createDirectories(home.resolve(".aws"));
    return Files.writeString(aws.resolve("credentials"), text);
  }

  @Test
  void noCredentialsAnywhere_isACredentialsException_thatSaysWhereItLooked() {
    CredentialsException refused = refusal("", bareEnvironment());

    Path aws = home.resolve(".aws");
    assertThat(refused.getMessage())
        .startsWith("no AWS credentials for store aws-sm://eu-west-1?endpoint=")
        .contains("AWS_ACCESS_KEY_ID is not set")
        .contains("AWS_PROFILE is not set and there is no profile 'default' in " + aws.resolve("credentials")
            + " or " + aws.resolve("config") + " (neither file exists)")
        .contains("no container or instance role: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and _FULL_URI are not set,"
            + " and AWS_EC2_METADATA_DISABLED is true")
        .contains("Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or name a profile");
  }

  @Test
  void halfTheEnvironmentKeys_isNamed_andNotUsed() {
    Map<String, String> environment = bareEnvironment();
    environment.put("AWS_SECRET_ACCESS_KEY", secretKey);

    assertThat(refusal("", environment).getMessage())
        .contains("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not");
  }

  @Test
  void anUnknownProfile_namesTheProfile_whatNamedIt_theFiles_andTheProfilesThere() throws IOException {
    credentialsFile("[default]\naws_access_key_id = " + accessKeyId + "\naws_secret_access_key = " + secretKey
        + "\n\n[dev]\naws_access_key_id = " + accessKeyId + "\naws_secret_access_key = " + secretKey + "\n");
    Map<String, String> environment = bareEnvironment();
    environment.put("AWS_PROFILE", "ops");
    Path aws = home.resolve(".aws");

    assertThat(refusal("", environment).getMessage())
        .contains("there is no profile 'ops' (named by AWS_PROFILE) in " + aws.resolve("credentials") + " or "
            + aws.resolve("config") + " (" + aws.resolve("config") + " does not exist)")
        .contains("the profiles there are default, dev")
        .contains("aws configure --profile ops");
    assertThat(refusal("&profile=ops", bareEnvironment()).getMessage())
        .as("a named profile that is missing never falls back to another")
        .contains("there is no profile 'ops' (named by the store URI's profile parameter)");
  }

  @Test
  void theProfileFiles_comeFromTheStoresEnvironment_andAProfileWithoutKeys_saysWhatItSets() throws IOException {
    Path credentials = Files.writeString(home.resolve("team-credentials"), "[ci]\nregion = eu-west-1\n"
        + "role_arn = arn:aws:iam::123456789012:role/ci\n");
    Path config = Files.writeString(home.resolve("team-config"), "[profile other]\nregion = eu-west-1\n");
    Map<String, String> environment = bareEnvironment();
    environment.put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
    environment.put("AWS_CONFIG_FILE", config.toString());
    environment.put("AWS_PROFILE", "ci");

    assertThat(refusal("", environment).getMessage())
        .contains("profile 'ci' in " + credentials + " or " + config + " gives no credentials the AWS SDK can use"
            + " (it sets region, role_arn)")
        .contains("needs the SDK's sts or sso module");
  }

  @Test
  void theDefaultProfile_isUsed_andARefusalNamesWhereTheCredentialsCameFrom_withoutTheKeyId() throws IOException {
    credentialsFile("[default]\naws_access_key_id = " + accessKeyId + "\naws_secret_access_key = " + secretKey + "\n");

    try (SecretStore store = open("", bareEnvironment())) {
      assertThat(store.read(PG)).isEmpty();
      emulator.rejectAccessKey(accessKeyId);
      AccessDeniedException refused = catchThrowableOfType(AccessDeniedException.class, () -> store.read(PG));

      assertThat(refused.principal()).as("the store refused the client's own credentials").isNull();
      assertThat(refused.getMessage()).contains("AWS refused GetSecretValue (UnrecognizedClientException) to the"
          + " credentials from profile 'default'").contains("fix the credentials").doesNotContain(accessKeyId);
      canaries.assertAbsent("an IAM refusal", refused);
    }
  }

  @Test
  void theEnvironmentKeys_winOverTheProfile() throws IOException {
    credentialsFile("[default]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = " + secretKey + "\n");
    Map<String, String> environment = bareEnvironment();
    environment.put("AWS_ACCESS_KEY_ID", accessKeyId);
    environment.put("AWS_SECRET_ACCESS_KEY", secretKey);
    environment.put("AWS_SESSION_TOKEN", canaries.plant());
    emulator.rejectAccessKey(accessKeyId);

    try (SecretStore fromEnvironment = open("", environment)) {
      assertThat(catchThrowableOfType(AccessDeniedException.class, () -> fromEnvironment.read(PG)).getMessage())
          .contains("to the credentials from AWS_ACCESS_KEY_ID:");
    }
  }

  @Test
  void credentialsInTheUri_areRefusedBeforeAnyCall_sayingWhereTheyGo_withoutRepeatingThem() {
    String token = canaries.plant();
    String parameters = "&accessKeyId=" + accessKeyId + "&secretAccessKey=" + secretKey + "&sessionToken=" + token;

    ConfigurationException refused = catchThrowableOfType(ConfigurationException.class,
        () -> open(parameters, bareEnvironment()).close());

    assertThat(refused.getMessage()).contains("parameters accessKeyId, secretAccessKey, sessionToken would put"
        + " credentials in the store URI, which shell history, process lists and logs see")
        .contains("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) in the environment, or"
        + " name a profile with AWS_PROFILE or profile=NAME");
    canaries.assertAbsent("the refusal", refused);
    assertThat(emulator.totalCalls()).isZero();
    assertThat(new AwsSecretsManagerStoreProvider().validate(StoreConfig.parse("aws-sm://" + accessKeyId + ":"
        + secretKey + "@eu-west-1", Map.of(), clock))).singleElement().asString()
        .startsWith("the store URI holds user information (USER:PASSWORD@) before the region")
        .doesNotContain(accessKeyId).doesNotContain(secretKey);
  }
}
