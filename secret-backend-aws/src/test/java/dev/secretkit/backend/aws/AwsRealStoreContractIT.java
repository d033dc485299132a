package dev.secretkit.backend.aws;

import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.testkit.RealStoreContract;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The whole contract against real AWS Secrets Manager, or any compatible endpoint: run with
 * {@code mvn -Pit verify -pl secret-backend-aws -am} and {@code SECRETKIT_IT_AWS_ENDPOINT} (for a
 * compatible endpoint) or AWS credentials in the environment; {@code SECRETKIT_IT_AWS_REGION}
 * picks the region (default {@code us-east-1}). Skipped when neither is set. Each test writes
 * under its own prefix and deletes what it wrote, without recovery.
 */
class AwsRealStoreContractIT extends RealStoreContract {

  @Override
  protected Optional<String> missingConfiguration(Map<String, String> environment) {
    return environment.containsKey("SECRETKIT_IT_AWS_ENDPOINT") || environment.containsKey("AWS_ACCESS_KEY_ID")
        || environment.containsKey("AWS_PROFILE") ? Optional.empty()
        : Optional.of("set SECRETKIT_IT_AWS_ENDPOINT or AWS credentials to run against AWS");
  }

  @Override
  protected SecretStore openStore(Map<String, String> environment, String prefix) {
    String uri = "aws-sm://" + environment.getOrDefault("SECRETKIT_IT_AWS_REGION", "us-east-1") + "?prefix=" + prefix
        + (environment.containsKey("SECRETKIT_IT_AWS_ENDPOINT")
            ? "&endpoint=" + URLEncoder.encode(environment.get("SECRETKIT_IT_AWS_ENDPOINT"), StandardCharsets.UTF_8)
            : "");
    return new AwsSecretsManagerStoreProvider().open(StoreConfig.parse(uri, environment, Clock.systemUTC()));
  }

  @Override
  protected int concurrentWritesPerWriter() {
    return 3;
  }
}
