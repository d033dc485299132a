package dev.secretkit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.ConfigurationException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every provider checks and reads of its URI's parameters, said the same way by each. */
class StoreParametersTest {
  private static StoreConfig config(String uri) {
    return StoreConfig.parse(uri, Map.of(), Clock.systemUTC());
  }

  @Test
  void numbersOutOfRange_andUnknownNames_areReported_andOpenRefusesThemAll() {
    StoreConfig config = config("demo:?maxKeys=0&versionsRetained=17&colour=red&secret=fake-hidden");
    List<String> problems = new ArrayList<>();

    StoreParameters.checkNumber(config, StoreParameters.MAX_KEYS, 1, Integer.MAX_VALUE, problems::add);
    StoreParameters.checkNumber(config, StoreParameters.VERSIONS_RETAINED, 1, 16, problems::add);
    StoreParameters.checkKnown(config, List.of(StoreParameters.MAX_KEYS, StoreParameters.VERSIONS_RETAINED),
        problems::add);

    assertThat(problems).containsExactly("parameter maxKeys must be a whole number from 1 to 2147483647",
        "parameter versionsRetained must be a whole number from 1 to 16",
        "parameter secret would put a credential in the store URI, which shell history, process lists and logs see,"
            + " so a store URI never carries one: " + StoreParameters.CREDENTIALS_ELSEWHERE,
        "unknown parameter colour; demo: accepts maxKeys, versionsRetained");
    assertThatThrownBy(() -> StoreParameters.requireValid(config, problems)).isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("cannot open store demo:").hasMessageNotContaining("fake-hidden");
  }

  @Test
  void checkParameters_reportsEveryLimitOutOfRange_theRetention_thenEveryNameNotTaken() {
    StoreConfig config = config("demo:?versionsRetained=0&maxMetadataBytes=x&maxValueBytes=1&maxSecretBytes=0"
        + "&keyFile=k&colour=red");
    List<String> problems = new ArrayList<>();

    StoreParameters.checkParameters(config, List.of("keyFile"), 16, problems::add);

    assertThat(problems).containsExactly("parameter maxSecretBytes must be a whole number from 1 to 2147483647",
        "parameter maxMetadataBytes must be a whole number from 1 to 2147483647",
        "parameter versionsRetained must be a whole number from 1 to 16",
        "unknown parameter colour; demo: accepts keyFile, maxValueBytes, maxKeys, maxSecretBytes, maxMetadataBytes,"
            + " versionsRetained");
  }

  @Test
  void parametersThatSoundLikeCredentials_areRefusedTogether_sayingWhereTheyGo_neverWithTheirValues() {
    StoreConfig config = config("demo:?api_key=fake-canary-1&clientSecret=fake-canary-2&Session-Token=fake-canary-3"
        + "&tokenFile=/run/token&kmsKeyId=alias/x&colour=red");
    List<String> problems = new ArrayList<>();

    StoreParameters.checkKnown(config, List.of("kmsKeyId"), "set DEMO_TOKEN", problems::add);

    assertThat(problems).containsExactly("parameters api_key, clientSecret, Session-Token would put credentials in"
        + " the store URI, which shell history, process lists and logs see, so a store URI never carries one: set"
        + " DEMO_TOKEN", "unknown parameter tokenFile; demo: accepts kmsKeyId",
        "unknown parameter colour; demo: accepts kmsKeyId");
    assertThat(String.join(" ", problems)).doesNotContain("fake-canary");
  }

  @Test
  void soundsLikeCredential_goesByTheName_andAPathToACredentialIsNotOne() {
    assertThat(List.of("token", "password", "pwd", "accessKeyId", "secretAccessKey", "sessionToken", "apiKey",
        "private_key", "clientSecret", "credentials", "jwt", "bearer", "authorization", "X-Vault-Token"))
        .allMatch(StoreParameters::soundsLikeCredential);
    assertThat(List.of("tokenFile", "secretIdFile", "credentialsFile", "keyPath", "prefix", "profile", "endpoint",
        "maxSecretBytes", "monkey-business", "region")).noneMatch(StoreParameters::soundsLikeCredential);
  }

  @Test
  void limits_overrideTheDefaultsTheyName_only() {
    StoreLimits defaults = StoreLimits.of(100, 10, 1000).withMaxMetadataBytes(500);

    StoreLimits limits = StoreParameters.limits(config("demo:?maxValueBytes=7&maxMetadataBytes=9"), defaults);

    assertThat(limits.maxValueBytes()).isEqualTo(7);
    assertThat(limits.maxKeys()).isEqualTo(10);
    assertThat(limits.maxSecretBytes()).isEqualTo(1000);
    assertThat(limits.maxMetadataBytes()).isEqualTo(9);
    assertThat(StoreParameters.number(config("demo:"), StoreParameters.VERSIONS_RETAINED, 3)).isEqualTo(3);
  }
}
