package dev.secretkit.leakcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Acceptance audit of issue 16 point 3 ("the scanner also finds canaries Base64-, hex-, URL- and JSON-escaped, and any
 * 8-character window of them"): encodings and window positions that {@link LeakCheckTest}'s deliberate leaks do not
 * exercise, so a planted defect in {@link Forms} or {@link WindowIndex} went unnoticed.
 */
class LeakCheckAuditTest {
  private static final String VALUE = "fake canary\tvalue";

  private static boolean hasForm(String value, String text) {
    return Forms.of(value).stream().anyMatch(form -> form.text().equals(text));
  }

  @Test
  void urlEncoding_withSpacesAsPercent20_isAForm() {
    assertThat(hasForm(VALUE, "fake%20canary%09value")).as("RFC 3986 encoding, as URI builders write it").isTrue();
  }

  @Test
  void jsonEscaping_ofATab_isAForm() {
    assertThat(hasForm(VALUE, "fake canary\\tvalue")).isTrue();
  }

  @Test
  void base64InsideALongerValue_keepsEveryWholeCharacter_atTheFirstAlignment() {
    byte[] bytes = "canary-0123456789".getBytes(StandardCharsets.UTF_8);
    String alone = Base64.getEncoder().withoutPadding().encodeToString(bytes);

    assertThat(Forms.innerBase64(bytes, 0)).isEqualTo(alone.substring(0, 8 * bytes.length / 6));
  }

  @Test
  void windowAtTheVeryEndOfAText_isFound() {
    WindowIndex index = new WindowIndex(8);
    Object owner = new Object();
    index.addWindowsOf("ABCDEFGH", owner);

    assertThat(index.hitsIn("xxABCDEFGH")).containsExactly(new WindowIndex.Hit(2, owner));
  }
}
