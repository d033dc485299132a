package dev.secretkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SecretRefTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "pg", "public:pg", "pg#password", "public:pg-r#password", "public:pg-r#password@2", "pg@7",
      "sales:pg.v2_x#.dockerconfigjson", "instance:git#GITSYNC_USERNAME@123456789012345678",
      "a:b#c", "public:pg#a.b-c_D@1"})
  void parse_thenToString_givesTheTextBack(String text) {
    assertThat(SecretRef.parse(text).toString()).isEqualTo(text);
    assertThat(SecretRef.parse(text)).isEqualTo(SecretRef.parse(SecretRef.parse(text).toString()));
  }

  @Test
  void parse_splitsEveryPart() {
    SecretRef ref = SecretRef.parse("sales:pg-r#password@3");

    assertThat(ref.scope()).hasValue("sales");
    assertThat(ref.name()).isEqualTo("pg-r");
    assertThat(ref.key()).hasValue("password");
    assertThat(ref.version()).isEqualTo(OptionalLong.of(3));
    assertThat(ref.id("public")).isEqualTo(SecretId.of("sales", "pg-r"));
  }

  @Test
  void parse_withoutScope_usesTheDefaultScopeOnlyWhenAsked() {
    SecretRef ref = SecretRef.parse("pg#user");

    assertThat(ref.scope()).isEmpty();
    assertThat(ref.version()).isEmpty();
    assertThat(ref.id("team")).isEqualTo(SecretId.of("team", "pg"));
    assertThat(ref.withDefaultScope("team").toString()).isEqualTo("team:pg#user");
    assertThat(SecretRef.parse("x:pg#user").withDefaultScope("team").toString()).isEqualTo("x:pg#user");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", ":pg", "public:", "Public:pg", "public:Pg", "public:pg#", "public:pg@", "public:pg@0", "public:pg@01",
      "public:pg@-1", "public:pg@1.5", "public:pg@1234567890123456789", "public:pg#pass word", "public:pg#a#b",
      "a:b:c", "public:pg-", "1pg", "public:pg@2#key", "-scope:pg", "public:pg#k@1@2"})
  void parse_rejectsTextOutsideTheGrammar(String text) {
    assertThatThrownBy(() -> SecretRef.parse(text))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessageStartingWith("invalid secret reference:")
        .hasMessageContaining("[scope:]name[#key][@version]");
  }

  @Test
  void parse_neverRepeatsTheTextItRejects() {
    String mistakenValue = "hunter2-canary-value";

    assertThatThrownBy(() -> SecretRef.parse("public:pg#" + mistakenValue + " x"))
        .hasMessageNotContaining(mistakenValue);
    assertThatThrownBy(() -> SecretRef.parse(mistakenValue + "@x")).hasMessageNotContaining(mistakenValue);
  }

  @Test
  void to_buildsRefsFromIds() {
    SecretId id = SecretId.of("public", "pg");

    assertThat(SecretRef.to(id).toString()).isEqualTo("public:pg");
    assertThat(SecretRef.to(id, "password").atVersion(4).toString()).isEqualTo("public:pg#password@4");
    assertThatThrownBy(() -> SecretRef.to(id, "bad key")).isInstanceOf(InvalidReferenceException.class);
    assertThatThrownBy(() -> SecretRef.to(id).atVersion(0)).isInstanceOf(InvalidReferenceException.class);
  }
}
