package dev.secretkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretValueTest {
  @Test
  void ofString_roundTripsUtf8() {
    SecretValue value = SecretValue.ofString("pässwörd ✓");

    assertThat(value.asString()).isEqualTo("pässwörd ✓");
    assertThat(value.length()).isEqualTo("pässwörd ✓".getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
  }

  @Test
  void ofBytes_copiesItsInputAndItsOutput() {
    byte[] input = {1, 2, 3};
    SecretValue value = SecretValue.ofBytes(input);
    input[0] = 9;
    value.bytes()[1] = 9;

    assertThat(value.bytes()).containsExactly(1, 2, 3);
  }

  @Test
  void equals_comparesContent() {
    assertThat(SecretValue.ofString("a")).isEqualTo(SecretValue.ofBytes(new byte[] {'a'}))
        .isNotEqualTo(SecretValue.ofString("b"));
  }

  @Test
  void destroy_wipesAndMakesTheValueUnusable() {
    SecretValue value = SecretValue.ofString("fake-secret");

    value.destroy();

    assertThat(value.isDestroyed()).isTrue();
    assertThatThrownBy(value::asString).isInstanceOf(IllegalStateException.class);
    assertThat(value).isNotEqualTo(SecretValue.ofString("fake-secret"));
  }

  @Test
  void toString_isRedacted() {
    assertThat(SecretValue.ofString("fake-secret").toString()).isEqualTo("SecretValue[redacted]");
  }
}
