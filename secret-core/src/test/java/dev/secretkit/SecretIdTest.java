package dev.secretkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretIdTest {

  @Test
  void parse_readsScopeAndName_orUsesTheDefaultScope() {
    assertThat(SecretId.parse("sales:pg-r", "public")).isEqualTo(SecretId.of("sales", "pg-r"));
    assertThat(SecretId.parse("pg-r", "public")).isEqualTo(SecretId.of("public", "pg-r"));
    assertThat(SecretId.of("sales", "pg-r")).hasToString("sales:pg-r");
  }

  @Test
  void limits_areThoseOfDecisions() {
    assertThat(SecretId.of("a".repeat(31), "b".repeat(59))).isNotNull();
    assertThatThrownBy(() -> SecretId.of("a".repeat(32), "b")).hasMessageContaining("at most 31");
    assertThatThrownBy(() -> SecretId.of("a", "b".repeat(60))).hasMessageContaining("at most 59");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Pg", "pg-", "-pg", "1pg", "pg r", "pg#x", "pg@1", "pg:x", "pg_", ""})
  void of_rejectsInvalidNames(String name) {
    assertThatThrownBy(() -> SecretId.of("public", name)).isInstanceOf(InvalidReferenceException.class)
        .hasMessageStartingWith("invalid secret name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Public", "pub_lic", "pub.lic", "-x", "x-", "9x", ""})
  void of_rejectsInvalidScopes(String scope) {
    assertThatThrownBy(() -> SecretId.of(scope, "pg")).isInstanceOf(InvalidReferenceException.class)
        .hasMessageStartingWith("invalid scope");
  }

  @Test
  void errors_neverRepeatTheInput_whichMayBeAValueTypedByMistake() {
    assertThatThrownBy(() -> SecretId.of("public", "Hunter2-fake!\u001b[31m"))
        .hasMessageStartingWith("invalid secret name (18 characters, not repeated")
        .hasMessageNotContaining("Hunter2").hasMessageNotContaining("\u001b");
    assertThatThrownBy(() -> SecretId.of("Hunter2-fake!", "pg")).hasMessageNotContaining("Hunter2");
  }

  @Test
  void instanceScope_marksInstanceSecrets() {
    assertThat(SecretId.of("instance", "depot-r").isInstanceSecret()).isTrue();
    assertThat(SecretId.of("public", "depot-r").isInstanceSecret()).isFalse();
  }
}
