package dev.secretkit.emulator.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FaultCountsTest {
  private final FaultCounts<String> counts = new FaultCounts<>();

  @Test
  void take_usesUpTheOperationsOwnFirst_thenThoseForAny_oneACall() {
    counts.add("Get", 1);
    counts.addAny(1);

    assertThat(counts.take("Put")).as("any operation's").isTrue();
    assertThat(counts.take("Put")).isFalse();
    assertThat(counts.take("Get")).as("its own").isTrue();
    assertThat(counts.take("Get")).isFalse();
  }

  @Test
  void add_addsToWhatIsArmed() {
    counts.add("Get", 1);
    counts.add("Get", 1);

    assertThat(counts.take("Get")).isTrue();
    assertThat(counts.take("Get")).isTrue();
    assertThat(counts.take("Get")).isFalse();
  }

  @Test
  void clear_disarmsEveryCount() {
    counts.add("Get", 3);
    counts.addAny(3);

    counts.clear();

    assertThat(counts.take("Get")).isFalse();
  }

  @Test
  void add_badArguments_areRefused() {
    assertThatThrownBy(() -> counts.add("Get", -1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("count must not be negative: -1");
    assertThatThrownBy(() -> counts.addAny(-2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("count must not be negative: -2");
    assertThatThrownBy(() -> counts.add(null, 1)).isInstanceOf(NullPointerException.class).hasMessage("operation");
  }
}
