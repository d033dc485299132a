package dev.secretkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Any text parsed as a {@link SecretRef} or a {@link SecretId} ends in a value or an
 * {@link InvalidReferenceException} that says what is wrong: never another exception or a hang (the fuzz execution's
 * limits, FUZZING.md). What parses is canonical: its {@code toString()} is the text it was parsed from.
 */
class SecretRefFuzzTest {

  @FuzzTest
  void parse_anyText(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    try {
      assertThat(SecretRef.parse(text)).hasToString(text);
    } catch (InvalidReferenceException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
    try {
      assertThat(SecretId.of(text)).hasToString(text);
    } catch (InvalidReferenceException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
    try {
      SecretId id = SecretId.parse(text, SecretId.DEFAULT_SCOPE);
      assertThat(text.indexOf(':') < 0 ? SecretId.DEFAULT_SCOPE + ":" + text : text).isEqualTo(id.toString());
    } catch (InvalidReferenceException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
