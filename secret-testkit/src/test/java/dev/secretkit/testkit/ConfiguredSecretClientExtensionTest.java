package dev.secretkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.ApplyResult;
import dev.secretkit.SecretId;
import dev.secretkit.access.Principal;
import dev.secretkit.access.Role;
import dev.secretkit.client.SecretClient;
import dev.secretkit.emulator.support.ManualClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConfiguredSecretClientExtensionTest {
  private static final Instant START = Instant.parse("2031-02-03T04:05:06Z");

  @RegisterExtension
  static final SecretClientExtension SECRETS = new SecretClientExtension()
      .withPrincipal(Principal.of("alice", Role.DATA_DEVELOPER))
      .withDefaultScope("sales")
      .withStartTime(START);

  @Test
  void client_configured_actsAsThePrincipalInTheScope(SecretClient client, ManualClock clock) {
    assertThat(client.principal()).isEqualTo(Principal.of("alice", Role.DATA_DEVELOPER));
    assertThat(client.defaultScope()).isEqualTo("sales");
    assertThat(clock.instant()).isEqualTo(START);

    ApplyResult created = client.apply(SecretClientExtensionTest.manifest("db", "value"));

    assertThat(created.id()).isEqualTo(SecretId.of("sales", "db"));
    assertThat(client.describe(created.id()).metadata().owner()).isEqualTo("alice");
    assertThat(client.describe(created.id()).metadata().createdAt()).isEqualTo(START);
  }

  @Test
  void withDefaultScope_invalidScope_isRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SECRETS.withDefaultScope("Not A Scope"))
        .isInstanceOf(dev.secretkit.InvalidReferenceException.class);
  }
}
