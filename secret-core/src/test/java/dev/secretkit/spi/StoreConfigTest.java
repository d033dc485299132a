package dev.secretkit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.ConfigurationException;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreConfigTest {
  private static final Clock CLOCK = Clock.systemUTC();

  @Test
  void parse_splitsTypeLocationAndDecodedParameters() {
    StoreConfig config = StoreConfig.parse("vault://127.0.0.1:8200/secret?namespace=a%2Fb&prefix=apps",
        Map.of("HOME", "/home/me"), CLOCK);

    assertThat(config.type()).isEqualTo("vault");
    assertThat(config.location()).isEqualTo("//127.0.0.1:8200/secret");
    assertThat(config.parameters()).containsExactly(Map.entry("namespace", "a/b"), Map.entry("prefix", "apps"));
    assertThat(config.environment()).containsEntry("HOME", "/home/me");
    assertThat(config.parameter("missing", "fallback")).isEqualTo("fallback");
  }

  @Test
  void parse_acceptsEmptyLocationsAndPaths() {
    assertThat(StoreConfig.parse("memory:", Map.of(), CLOCK).location()).isEmpty();
    assertThat(StoreConfig.parse("file:/var/lib/app", Map.of(), CLOCK).location()).isEqualTo("/var/lib/app");
    assertThat(StoreConfig.parse("FILE:rel/dir?", Map.of(), CLOCK).type()).isEqualTo("file");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "memory", ":x", "1x:y", "me mory:"})
  void parse_rejectsUrisWithoutAType(String uri) {
    assertThatThrownBy(() -> StoreConfig.parse(uri, Map.of(), CLOCK))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("TYPE:LOCATION");
  }

  @Test
  void parse_rejectsRepeatedOrNamelessParameters_withoutEchoingValues() {
    assertThatThrownBy(() -> StoreConfig.parse("aws-sm://eu?token=fake-token-1&token=fake-token-2", Map.of(), CLOCK))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'token' is given twice")
        .hasMessageNotContaining("fake-token");
    assertThatThrownBy(() -> StoreConfig.parse("aws-sm://eu?=fake-token-3", Map.of(), CLOCK))
        .isInstanceOf(ConfigurationException.class).hasMessageNotContaining("fake-token");
    assertThatThrownBy(() -> StoreConfig.parse("aws-sm://eu?token=fake%zz", Map.of(), CLOCK))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("malformed %-escape")
        .hasMessageNotContaining("fake");
  }

  @Test
  void describe_hidesUserInformationAndLooselyNamedCredentials() {
    StoreConfig config = StoreConfig.parse("vault://fake-user:fake-pw@127.0.0.1:8200/secret?pass=fake-1&pwd=fake-2"
        + "&authToken=fake-3&namespace=ops", Map.of(), CLOCK);

    assertThat(config.describe()).isEqualTo("vault://***@127.0.0.1:8200/secret?pass=***&pwd=***&authToken=***"
        + "&namespace=ops");
  }

  @Test
  void describe_hidesUserInformationInAnAuthorityWithoutAScheme() {
    StoreConfig config = StoreConfig.parse("gcp-sm://my-project?endpoint=fake-user:fake-pw@127.0.0.1:8085"
        + "&mail=ops@example.com&plain=127.0.0.1:8085&maxSecretBytes=1000", Map.of(), CLOCK);

    assertThat(config.describe()).isEqualTo("gcp-sm://my-project?endpoint=***@127.0.0.1:8085&mail=ops@example.com"
        + "&plain=127.0.0.1:8085&maxSecretBytes=1000");
  }

  @Test
  void describe_hidesCredentialLikeParameters() {
    StoreConfig config = StoreConfig.parse(
        "aws-sm://eu-west-1?endpoint=http://127.0.0.1:4566&accessKeyId=FAKEKEYID&secretAccessKey=fake-secret"
            + "&sessionToken=fake-session&password=fake-pass&prefix=apps",
        Map.of("SECRETKIT_MASTER_KEY", "fake-master"), CLOCK);

    assertThat(config.describe()).isEqualTo("aws-sm://eu-west-1?endpoint=http://127.0.0.1:4566&accessKeyId=***"
        + "&secretAccessKey=***&sessionToken=***&password=***&prefix=apps");
    assertThat(config.toString()).isEqualTo(config.describe()).doesNotContain("fake");
  }

  @Test
  void describe_hidesEveryParameterThatTheRefusalCallsACredential_soTheRefusalNeverQuotesOne() {
    StoreConfig config = StoreConfig.parse("gcp-sm://p?jwt=fake-1&bearer=fake-2&cookie=fake-3&client_session=fake-4"
        + "&signature=fake-5&tokenFile=/run/token", Map.of(), CLOCK);

    assertThat(config.describe()).isEqualTo("gcp-sm://p?jwt=***&bearer=***&cookie=***&client_session=***"
        + "&signature=***&tokenFile=***");
  }
}
