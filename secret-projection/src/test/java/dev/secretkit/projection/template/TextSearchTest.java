package dev.secretkit.projection.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** TextSearch finds what String.indexOf finds, short patterns and long, in time linear in the lengths. */
@Timeout(value = 5, unit = TimeUnit.SECONDS)
class TextSearchTest {
  @Test
  void findsWhatIndexOfFinds_forShortAndLongPatterns_fromAnyPosition() {
    Random random = new Random(15);
    for (int round = 0; round < 2_000; round++) {
      String text = randomText(random, random.nextInt(120));
      String pattern = random.nextInt(4) == 0 && text.length() > 20
          ? text.substring(random.nextInt(text.length() - 20)).substring(0, 17 + random.nextInt(4))
          : randomText(random, random.nextInt(40));
      int from = random.nextInt(text.length() + 4) - 2;

      assertThat(new TextSearch(pattern).in(text, from)).as("'%s' in '%s' from %d", pattern, text, from)
          .isEqualTo(text.indexOf(pattern, from));
    }
  }

  @Test
  void aLongPatternThatAlmostMatchesEverywhere_isFoundOrNot_inLinearTime() {
    String text = "a".repeat(1_000_000) + "b";
    String pattern = "a".repeat(500_000) + "b";

    assertThat(new TextSearch(pattern).in(text, 0)).isEqualTo(500_000);
    assertThat(new TextSearch(pattern).in(text.substring(0, 1_000_000), 0)).isEqualTo(-1);
  }

  private static String randomText(Random random, int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append("aab".charAt(random.nextInt(3)));
    }
    return text.toString();
  }
}
