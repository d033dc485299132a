package dev.secretkit.backend.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.SecretId;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.testkit.ManualClock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Review finding: the endpoint is echoed whole in connection failures (new in AwsErrors) and in the
 * store's description, so credentials in its user-info part (a proxy or gateway URL such as
 * https://user:password@host) reach messages and logs.
 */
class EndpointLeakReviewTest {
  @Test
  void anEndpointsUserInfo_neverAppearsInAConnectionFailure() {
    StoreConfig config = StoreConfig.parse("aws-sm://eu-west-1?endpoint=http://gateway-user:fake-gateway-password"
        + "@127.0.0.1:1&maxAttempts=1&timeoutMillis=2000&accessKeyId=AKIDFAKE&secretAccessKey=fake-secret",
        Map.of("AWS_EC2_METADATA_DISABLED", "true"), new ManualClock());
    try (SecretStore store = new AwsSecretsManagerStoreProvider().open(config)) {
      Throwable failure = catchThrowable(() -> store.read(SecretId.of("public", "pg")));

      assertThat(failure).isNotNull();
      assertThat(failure.getMessage()).doesNotContain("fake-gateway-password");
    }
  }
}
