package dev.secretkit.backend.aws;

import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import java.time.Clock;
import java.util.Map;

/** Opens aws-sm stores for tests: fake static credentials, the SDK's retries off unless the parameters say otherwise. */
final class TestStores {
  /** Fake static credentials, where a user keeps them: in the client's environment, never the store URI. */
  static final Map<String, String> CREDENTIALS = Map.of("AWS_ACCESS_KEY_ID", "AKIDFAKE", "AWS_SECRET_ACCESS_KEY",
      "fake-secret-key");

  private TestStores() {
  }

  /**
   * Opens an aws-sm store on {@code endpoint} whose secrets are named under {@code prefix}, with
   * more URI {@code parameters} (such as {@code versionsRetained=3}) when not empty.
   */
  static SecretStore open(Object endpoint, String prefix, String parameters, Clock clock) {
    String more = parameters.isEmpty() ? "" : "&" + parameters;
    String attempts = parameters.contains("maxAttempts=") ? "" : "&maxAttempts=1";
    return new AwsSecretsManagerStoreProvider().open(StoreConfig.parse("aws-sm://eu-west-1?endpoint=" + endpoint
        + "&prefix=" + prefix + attempts + more, CREDENTIALS, clock));
  }
}
