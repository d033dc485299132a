package dev.secretkit.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Acceptance audit of issue 16 point 7: the credential name rules as documented on
 * {@link StoreParameters#soundsLikeCredential} and {@link StoreConfig#describe}, where the existing tests let a
 * planted defect through.
 */
class StoreParametersAuditTest {
  @Test
  void credentialNames_areMatchedWithoutDashesAndDots() {
    assertThat(List.of("access-key-id", "Access.Key.Id", "secret-access-key"))
        .allMatch(StoreParameters::soundsLikeCredential);
  }

  @Test
  void aNameEndingInEnvOrVariable_namesWhereACredentialIs() {
    assertThat(List.of("tokenEnv", "passwordVariable", "secretDirectory"))
        .noneMatch(StoreParameters::soundsLikeCredential);
  }

  @Test
  void describe_hidesEveryParameterThatSoundsLikeACredential() {
    StoreConfig config = StoreConfig.parse("memory:?jwt=fake-jwt-1&bearer=fake-bearer-2&cookie=fake-cookie-3"
        + "&signature=fake-sig-4", Map.of(), Clock.systemUTC());

    assertThat(config.describe()).isEqualTo("memory:?jwt=***&bearer=***&cookie=***&signature=***");
  }
}
