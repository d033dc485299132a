package dev.secretkit.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpolatorTest {
  private final Interpolator interpolator = new Interpolator(Map.of("USER", "alice", "PASS_1", "p@ss", "EMPTY", ""));

  @Test
  void expand_bareAndBracedNames_areReplaced() {
    Interpolator.Result result = interpolator.expand("$USER:${PASS_1}@host/$USER");

    assertThat(result.ok()).isTrue();
    assertThat(result.text()).isEqualTo("alice:p@ss@host/alice");
  }

  @Test
  void expand_doubleDollar_isALiteralDollar() {
    assertThat(interpolator.expand("pa$$word$$USER").text()).isEqualTo("pa$word$USER");
  }

  @Test
  void expand_dollarBeforeSomethingThatIsNotAName_isKept() {
    assertThat(interpolator.expand("a$!b$ c$1 end$").text()).isEqualTo("a$!b$ c$1 end$");
  }

  @Test
  void expand_definedButEmpty_isEmpty() {
    assertThat(interpolator.expand("[$EMPTY]").text()).isEqualTo("[]");
  }

  @Test
  void expand_undefinedNames_areAllListedOnceInOrder() {
    Interpolator.Result result = interpolator.expand("$NOPE ${ALSO_NOPE} $USER $NOPE");

    assertThat(result.ok()).isFalse();
    assertThat(result.undefined()).containsExactly("$NOPE", "${ALSO_NOPE}");
  }

  @Test
  void expand_nameEndsAtTheFirstCharacterThatCannotBeInAName() {
    assertThat(interpolator.expand("$USER-x $USER.y").text()).isEqualTo("alice-x alice.y");
  }

  @Test
  void expand_unclosedBrace_isMalformed() {
    Interpolator.Result result = interpolator.expand("${USER");

    assertThat(result.malformed()).isTrue();
    assertThat(result.ok()).isFalse();
  }

  @Test
  void expand_bracesAroundSomethingThatIsNotAName_isMalformed() {
    assertThat(interpolator.expand("${USER:-default}").malformed()).isTrue();
    assertThat(interpolator.expand("${}").malformed()).isTrue();
  }
}
