package dev.secretkit.backend.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.ConfigurationException;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.StoreConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An endpoint that carries user information is refused, and no message repeats its password. */
class AwsEndpointUserInfoTest {
  @Test
  void anEndpointWithUserInfo_isRefused_withoutRepeatingIt() {
    StoreConfig config = StoreConfig.parse("aws-sm://eu-west-1?endpoint=http://gateway-user:fake-gateway-password"
        + "@127.0.0.1:1&maxAttempts=1&timeoutMillis=2000", Map.of("AWS_EC2_METADATA_DISABLED", "true",
        "AWS_ACCESS_KEY_ID", "AKIDFAKE", "AWS_SECRET_ACCESS_KEY", "fake-secret"), new ManualClock());

    Throwable failure = catchThrowable(() -> new AwsSecretsManagerStoreProvider().open(config).close());

    assertThat(failure).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("parameter endpoint holds user information");
    assertThat(failure.getMessage()).doesNotContain("fake-gateway-password").doesNotContain("fake-secret");
    assertThat(config.describe()).doesNotContain("fake-gateway-password").contains("endpoint=http://***@127.0.0.1:1");
  }
}
