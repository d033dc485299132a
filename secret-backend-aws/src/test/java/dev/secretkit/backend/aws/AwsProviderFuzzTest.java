package dev.secretkit.backend.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.secretkit.ConfigurationException;
import dev.secretkit.SecretException;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Any text taken as an {@code aws-sm:} store URI ends in a list of problems from {@code validate}, and then in a store
 * or a {@link SecretException} from {@code open}: never another exception or a hang (the fuzz execution's limits,
 * FUZZING.md). Opening builds the SDK client only, so it sends nothing; a store opens exactly when validation found no
 * problem.
 */
class AwsProviderFuzzTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);
  private static final Map<String, String> ENVIRONMENT = Map.of("AWS_REGION", "eu-west-1");

  private final AwsSecretsManagerStoreProvider provider = new AwsSecretsManagerStoreProvider();

  @FuzzTest
  void validateAndOpen_anyUri(byte[] input) {
    StoreConfig config;
    try {
      config = StoreConfig.parse("aws-sm:" + new String(input, StandardCharsets.UTF_8), ENVIRONMENT, CLOCK);
    } catch (ConfigurationException e) {
      return;
    }
    List<String> problems = provider.validate(config);
    assertThat(problems).allSatisfy(problem -> assertThat(problem).isNotBlank());
    try (SecretStore store = provider.open(config)) {
      assertThat(problems).as("opened although validate found problems").isEmpty();
      assertThat(store).isNotNull();
    } catch (SecretException e) {
      assertThat(problems).as("refused although validate found no problem").isNotEmpty();
    }
  }
}
