package dev.secretkit.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.ConfigurationException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The text form of a key ring: keys by line or word, comments, the first key current, nothing else accepted. */
class KeyRingTest {
  private static KeyRing parse(String text) {
    return KeyRing.parse(text.getBytes(StandardCharsets.US_ASCII), "test source", "file:/s");
  }

  @Test
  void keys_byLineOrWord_withComments_firstIsCurrent_andTheTextRoundTrips() {
    String first = TestStores.newKey();
    String second = TestStores.newKey();

    KeyRing lines = parse("# rotated 2026-11-30\n" + first + "\n\n" + second + "\n");
    KeyRing words = parse(first + " " + second);

    assertThat(lines.keys()).hasSize(2);
    assertThat(lines.current().id()).isEqualTo(words.current().id());
    assertThat(new String(lines.text(), StandardCharsets.US_ASCII)).isEqualTo(first + "\n" + second + "\n");
    assertThat(lines.withCurrent(lines.keys().get(1)).current().id()).isEqualTo(lines.keys().get(1).id());
    assertThat(lines.currentOnly().keys()).hasSize(1);
    assertThat(lines.toString()).doesNotContain(first).doesNotContain(second);
  }

  @Test
  void anythingButKeys_isRefused_withoutRepeatingIt() {
    String key = TestStores.newKey();
    for (String text : new String[] {"", "# only a comment\n", key + " canary-extra", "Y2FuYXJ5"}) {
      assertThatThrownBy(() -> parse(text)).as(text).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("test source is not a valid master key")
          .hasMessageNotContaining("canary").hasMessageNotContaining("Y2FuYXJ5").hasMessageNotContaining(key);
    }
  }
}
