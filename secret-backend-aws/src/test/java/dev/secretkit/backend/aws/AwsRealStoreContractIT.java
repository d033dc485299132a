package dev.secretkit.backend.aws;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secretkit.SecretId;
import dev.secretkit.spi.Page;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.testkit.SecretStoreContract;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole contract against real AWS Secrets Manager, or any compatible endpoint: run with
 * {@code mvn -Pit verify -pl secret-backend-aws -am} and {@code SECRETKIT_IT_AWS_ENDPOINT} (for a
 * compatible endpoint) or AWS credentials in the environment; {@code SECRETKIT_IT_AWS_REGION}
 * picks the region (default {@code us-east-1}). Skipped when neither is set. Each test writes
 * under its own prefix and deletes what it wrote, without recovery.
 */
class AwsRealStoreContractIT extends SecretStoreContract {
  private static final Map<String, String> ENV = System.getenv();
  private String prefix;

  @BeforeAll
  static void needsAnEndpointOrCredentials() {
    assumeTrue(ENV.containsKey("SECRETKIT_IT_AWS_ENDPOINT") || ENV.containsKey("AWS_ACCESS_KEY_ID")
        || ENV.containsKey("AWS_PROFILE"), "set SECRETKIT_IT_AWS_ENDPOINT or AWS credentials to run against AWS");
  }

  @Override
  protected SecretStore openStore() {
    if (prefix == null) {
      prefix = "secretkit-it/" + UUID.randomUUID().toString().substring(0, 8);
    }
    String uri = "aws-sm://" + ENV.getOrDefault("SECRETKIT_IT_AWS_REGION", "us-east-1") + "?prefix=" + prefix
        + (ENV.containsKey("SECRETKIT_IT_AWS_ENDPOINT")
            ? "&endpoint=" + URLEncoder.encode(ENV.get("SECRETKIT_IT_AWS_ENDPOINT"), StandardCharsets.UTF_8) : "");
    return new AwsSecretsManagerStoreProvider().open(StoreConfig.parse(uri, ENV, Clock.systemUTC()));
  }

  @Override
  protected SecretStore reopenStore() {
    return openStore();
  }

  @Override
  protected int concurrentWritesPerWriter() {
    return 3;
  }

  @AfterEach
  void deleteWhatThisTestWrote() {
    try (SecretStore store = openStore()) {
      List<SecretId> written = new ArrayList<>();
      String token = null;
      do {
        Page<SecretId> page = store.listIds(token, 100);
        written.addAll(page.items());
        token = page.nextPageToken();
      } while (token != null);
      written.forEach(id -> store.delete(id, null));
    }
  }
}
