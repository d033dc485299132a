package dev.secretkit.backend.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.ConfigurationException;
import dev.secretkit.client.StoreRegistry;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsSecretsManagerStoreProviderTest {
  private final AwsSecretsManagerStoreProvider provider = new AwsSecretsManagerStoreProvider();

  private static StoreConfig config(String uri) {
    return StoreConfig.parse(uri, Map.of(), Clock.systemUTC());
  }

  @Test
  void serviceLoader_findsTheProvider() {
    assertThat(StoreRegistry.builder().build().provider("aws-sm")).isInstanceOf(AwsSecretsManagerStoreProvider.class);
  }

  @Test
  void validate_acceptsTheDocumentedForms() {
    assertThat(provider.validate(config("aws-sm://eu-west-1"))).isEmpty();
    assertThat(provider.validate(config("aws-sm://us-gov-west-1?profile=ops&prefix=team/apps&kmsKeyId=alias/x"
        + "&timeoutMillis=2000&maxAttempts=5"))).isEmpty();
    assertThat(provider.validate(config("aws-sm://eu-west-1?endpoint=http://127.0.0.1:4566"))).isEmpty();
  }

  @Test
  void validate_endpointWithAHostButNoScheme_isAProblem() {
    assertThat(provider.validate(config("aws-sm://eu-west-1?endpoint=//emulator:4566"))).singleElement().asString()
        .isEqualTo("parameter endpoint must be an http:// or https:// URL with a host");
  }

  @Test
  void validate_reportsEveryProblemAtOnce_withoutEchoingCredentials() {
    StoreConfig bad = config("aws-sm://Europe?endpoint=ftp://x&accessKeyId=AKIDFAKE&profile=p&prefix=/x"
        + "&maxAttempts=99&colour=red&sessionToken=fake-session-token");

    assertThat(provider.validate(bad)).hasSize(6);
    assertThatThrownBy(() -> provider.open(bad)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("//REGION")
        .hasMessageContaining("endpoint must be an http:// or https:// URL")
        .hasMessageContaining("parameters accessKeyId, sessionToken would put credentials in the store URI")
        .hasMessageContaining("prefix must be")
        .hasMessageContaining("maxAttempts must be a whole number from 1 to 10")
        .hasMessageContaining("unknown parameter colour")
        .hasMessageNotContaining("fake-session-token").hasMessageNotContaining("AKIDFAKE");
  }

  @Test
  void aMissingRegion_saysHowToWriteIt_andSuggestsAwsRegion() {
    assertThat(provider.validate(config("aws-sm:"))).containsExactly("the store URI names no region: write it as"
        + " aws-sm://REGION, such as aws-sm://eu-west-1");
    assertThat(provider.validate(StoreConfig.parse("aws-sm://", Map.of("AWS_REGION", "eu-north-1"),
        Clock.systemUTC()))).singleElement().asString().endsWith("(AWS_REGION is eu-north-1: aws-sm://eu-north-1)");
  }

  @Test
  void aRegionTheSdkDoesNotKnow_isNamed_withTheNearestKnownOnes_unlessAnEndpointIsGiven() {
    assertThat(provider.validate(config("aws-sm://eu-westt-1"))).singleElement().asString()
        .startsWith("region eu-westt-1 is not one the AWS SDK knows; did you mean eu-west-1?")
        .contains("add endpoint=https://secretsmanager.eu-westt-1.amazonaws.com");
    assertThat(provider.validate(config("aws-sm://xx-nowhere-9"))).singleElement().asString()
        .startsWith("region xx-nowhere-9 is not one the AWS SDK knows. Write it as aws-sm://REGION");
    assertThat(provider.validate(config("aws-sm://xx-nowhere-9?endpoint=http://127.0.0.1:4566"))).isEmpty();
  }

  @Test
  void open_describesTheStoreWithoutCredentials() {
    try (SecretStore store = provider.open(StoreConfig.parse("aws-sm://eu-west-1?endpoint=http://127.0.0.1:1",
        TestStores.CREDENTIALS, Clock.systemUTC()))) {
      assertThat(store.description()).isEqualTo("aws-sm://eu-west-1?endpoint=http://127.0.0.1:1");
      assertThat(store.limits().maxSecretBytes()).isEqualTo(62_464);
      assertThat(store.capabilities().versionsRetained()).isEqualTo(AwsSecretsManagerStore.DEFAULT_VERSIONS_RETAINED);
    }
  }
}
