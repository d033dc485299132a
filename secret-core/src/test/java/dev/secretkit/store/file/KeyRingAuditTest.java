package dev.secretkit.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.ConfigurationException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Acceptance audit of issue 16 point 5: how a key source's text is read ({@link KeyRing#parse}), where KeyRingTest
 * let a planted defect through. Only lines that start with {@code #} are comments; keys are separated by
 * whitespace or commas (as in {@code SECRETKIT_MASTER_KEY="NEW,OLD"}; the parser accepts commas, though KeyRing's
 * Javadoc and the README say only "per line or per word").
 */
class KeyRingAuditTest {
  private static KeyRing parse(String text) {
    return KeyRing.parse(text.getBytes(StandardCharsets.US_ASCII), "test source", "file:/s");
  }

  @Test
  void keysSeparatedByCommas_areEachAKey_theFirstCurrent() {
    String first = TestStores.newKey();
    String second = TestStores.newKey();

    KeyRing ring = parse(first + "," + second);

    assertThat(ring.keys()).hasSize(2);
    assertThat(ring.current().id()).isEqualTo(parse(first).current().id());
  }

  @Test
  void aHashAfterAKey_isNotAComment_soTheLineIsRefused() {
    assertThatThrownBy(() -> parse(TestStores.newKey() + " #prod")).isInstanceOf(ConfigurationException.class);
  }
}
