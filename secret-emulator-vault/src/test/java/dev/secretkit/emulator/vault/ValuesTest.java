package dev.secretkit.emulator.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.secretkit.emulator.support.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The public values, the emulator's life cycle, and the wire conventions: Go's times and durations, Vault's loose
 * fields.
 */
class ValuesTest {
  @Test
  void tokenSpec_of_givesVaultsDefaults_andTheWithersChangeOneThing() {
    TokenSpec spec = TokenSpec.of("app");

    assertThat(spec).isEqualTo(new TokenSpec("", List.of("app"), TokenSpec.SYSTEM_MAX_TTL, Duration.ZERO, true, true,
        false));
    assertThat(spec.inNamespace("/team-a/child/").namespace()).isEqualTo("team-a/child/");
    assertThat(spec.inNamespace("root").namespace()).isEmpty();
    assertThat(spec.withTtl(Duration.ofMinutes(5)).ttl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(spec.withMaxTtl(Duration.ofHours(1)).maxTtl()).isEqualTo(Duration.ofHours(1));
    assertThat(spec.nonRenewable().renewable()).isFalse();
    assertThat(spec.withBatchTokens()).extracting(TokenSpec::batch, TokenSpec::renewable).containsExactly(true, false);
  }

  @Test
  void tokenSpec_refusesWhatNoTokenCouldBe() {
    assertThatThrownBy(() -> TokenSpec.of("app", " ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a policy name must not be blank: [app,  ]");
    assertThatThrownBy(() -> TokenSpec.of().withTtl(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a token's ttl must be positive: PT0S");
    assertThatThrownBy(() -> TokenSpec.of().withMaxTtl(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TokenSpec.of().inNamespace("a/../b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void appRoleCredentialsAndVaultRequest_refuseNulls() {
    assertThatThrownBy(() -> new AppRoleCredentials(null, "s")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new VaultRequest(VaultOperation.OTHER, "", "p", null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void emulator_lifeCycle_startOnce_addressWhileStarted_closeTwice() {
    VaultEmulator vault = new VaultEmulator(new ManualClock());

    assertThatThrownBy(vault::address).isInstanceOf(IllegalStateException.class)
        .hasMessage("the emulator is not started");
    assertThat(vault.toString()).isEqualTo("VaultEmulator[stopped]");
    vault.start();
    try {
      assertThatThrownBy(vault::start).isInstanceOf(IllegalStateException.class);
      assertThat(vault.toString()).isEqualTo("VaultEmulator[" + vault.address() + "]");
      assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
    } finally {
      vault.close();
      vault.close();
    }
  }

  @Test
  void goDuration_printsAsGoDoes() {
    assertThat(Wire.goDuration(0)).isEqualTo("0s");
    assertThat(Wire.goDuration(45)).isEqualTo("45s");
    assertThat(Wire.goDuration(90)).isEqualTo("1m30s");
    assertThat(Wire.goDuration(3600)).isEqualTo("1h0m0s");
    assertThat(Wire.goDuration(768 * 3600)).isEqualTo("768h0m0s");
    assertThat(Wire.goDuration(-1)).isEqualTo("-1s");
  }

  @Test
  void time_printsRfc3339WithTrimmedNanoseconds() {
    assertThat(Wire.time(null)).isEmpty();
    assertThat(Wire.time(Instant.parse("2024-01-01T00:00:00Z"))).isEqualTo("2024-01-01T00:00:00Z");
    assertThat(Wire.time(Instant.parse("2024-01-01T00:00:00.120Z"))).isEqualTo("2024-01-01T00:00:00.12Z");
    assertThat(Wire.time(Instant.parse("2024-01-01T00:00:00.000000001Z"))).isEqualTo("2024-01-01T00:00:00.000000001Z");
  }

  @Test
  void durationSeconds_readsEveryFormVaultTakes() {
    assertThat(seconds("\"\"")).isZero();
    assertThat(seconds("90")).isEqualTo(90);
    assertThat(seconds("\"90\"")).isEqualTo(90);
    assertThat(seconds("\"2d\"")).isEqualTo(172_800);
    assertThat(seconds("\"1h30m\"")).isEqualTo(5400);
    assertThat(seconds("\"1.5h\"")).isEqualTo(5400);
    assertThat(seconds("\"1500ms\"")).isEqualTo(1);
    assertThat(seconds("\"-1s\"")).isEqualTo(-1);
    assertThat(seconds("\"+2m\"")).isEqualTo(120);
    assertThatThrownBy(() -> seconds("\"1x\"")).isInstanceOf(VaultError.class);
    assertThatThrownBy(() -> seconds("\"h\"")).isInstanceOf(VaultError.class);
    assertThatThrownBy(() -> seconds("[1]")).isInstanceOf(VaultError.class);
  }

  private static long seconds(String json) {
    try {
      return Wire.durationSeconds(Wire.JSON.readTree(json), "field");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
