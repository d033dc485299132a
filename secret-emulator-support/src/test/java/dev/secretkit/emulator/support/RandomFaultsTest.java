package dev.secretkit.emulator.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How a roll maps to a fault and a latency, and the mixes refused. */
class RandomFaultsTest {
  private final RandomFaults mix = new RandomFaults(0.30, 0.01, 0.06, Duration.ofMillis(50), 7);

  @Test
  void fault_givesEachFaultItsShareOfTheRange_inTheOrderOfTheParameters() {
    assertThat(mix.fault(0.0)).isEqualTo(CallFault.ERROR_BEFORE);
    assertThat(mix.fault(0.2999)).isEqualTo(CallFault.ERROR_BEFORE);
    assertThat(mix.fault(0.30)).isEqualTo(CallFault.THROTTLE_BEFORE);
    assertThat(mix.fault(0.3099)).isEqualTo(CallFault.THROTTLE_BEFORE);
    assertThat(mix.fault(0.31)).isEqualTo(CallFault.ERROR_AFTER);
    assertThat(mix.fault(0.3399)).isEqualTo(CallFault.ERROR_AFTER);
    assertThat(mix.fault(0.34)).isEqualTo(CallFault.DROP_AFTER);
    assertThat(mix.fault(0.3699)).isEqualTo(CallFault.DROP_AFTER);
    assertThat(mix.fault(0.37)).isNull();
    assertThat(mix.fault(0.9999)).isNull();
  }

  @Test
  void latency_isTheRollsFractionOfTheLongest() {
    assertThat(mix.latency(0)).isEqualTo(Duration.ZERO);
    assertThat(mix.latency(0.5)).isEqualTo(Duration.ofMillis(25));
    assertThat(new RandomFaults(0, 0, 0, Duration.ZERO, 0).latency(0.9)).isEqualTo(Duration.ZERO);
  }

  @Test
  void constructor_refusesChancesOutsideTheRange_orAddingUpToMoreThanOne_andNegativeLatency() {
    assertThatThrownBy(() -> new RandomFaults(-0.1, 0, 0, Duration.ZERO, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("transientFailure must be a chance between 0 and 1, not -0.1");
    assertThatThrownBy(() -> new RandomFaults(0, Double.NaN, 0, Duration.ZERO, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("throttling must be");
    assertThatThrownBy(() -> new RandomFaults(0, 0, 1.5, Duration.ZERO, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("lostResponse must be");
    assertThatThrownBy(() -> new RandomFaults(0.6, 0.3, 0.2, Duration.ZERO, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the chances add up to more than 1: 0.6 + 0.3 + 0.2");
    assertThatThrownBy(() -> new RandomFaults(0, 0, 0, Duration.ofMillis(-1), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxLatency must not be negative: PT-0.001S");
    assertThatThrownBy(() -> new RandomFaults(0, 0, 0, null, 0)).isInstanceOf(NullPointerException.class);
  }
}
