package dev.secretkit.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backoff of the retries a store decides itself: jittered, capped, bounded, and waiting through a seam. */
class BackoffTest {
  private final List<Duration> waits = new ArrayList<>();

  private Backoff backoff(int maxAttempts, long baseMillis, double random) {
    return new Backoff(maxAttempts, Duration.ofMillis(baseMillis), waits::add, () -> random);
  }

  @Test
  void delays_growExponentiallyUnderFullJitter_upToTwentyTimesTheBase() {
    Backoff backoff = backoff(20, 100, 0.5);

    assertThat(backoff.delay(1, null)).contains(Duration.ofMillis(50));
    assertThat(backoff.delay(2, null)).contains(Duration.ofMillis(100));
    assertThat(backoff.delay(3, null)).contains(Duration.ofMillis(200));
    assertThat(backoff.delay(10, null)).contains(Duration.ofMillis(1000));
    assertThat(backoff(20, 100, 0.0).delay(4, null)).contains(Duration.ZERO);
  }

  @Test
  void noDelay_afterTheLastAttempt() {
    Backoff backoff = backoff(3, 100, 0.5);

    assertThat(backoff.delay(2, null)).isPresent();
    assertThat(backoff.delay(3, null)).isEmpty();
    assertThat(backoff(1, 100, 0.5).delay(1, null)).isEmpty();
  }

  @Test
  void aLongerRetryAfter_isWaitedOut_butOneOverTheMaximumEndsTheRetries() {
    Backoff backoff = backoff(3, 100, 0.5);

    assertThat(backoff.delay(1, Duration.ofSeconds(2))).contains(Duration.ofSeconds(2));
    assertThat(backoff.delay(1, Duration.ofMillis(10))).contains(Duration.ofMillis(50));
    assertThat(backoff.delay(1, Backoff.MAX_RETRY_AFTER)).contains(Backoff.MAX_RETRY_AFTER);
    assertThat(backoff.delay(1, Backoff.MAX_RETRY_AFTER.plusMillis(1))).isEmpty();
  }

  @Test
  void pause_waitsThroughTheSleeper_andAZeroDelayNotAtAll() throws InterruptedException {
    Backoff backoff = backoff(3, 0, 0.5);

    backoff.pause(Duration.ZERO);
    backoff.pause(Duration.ofMillis(7));

    assertThat(waits).containsExactly(Duration.ofMillis(7));
    assertThat(backoff.delay(1, null)).as("a zero base retries at once").contains(Duration.ZERO);
  }

  @Test
  void pauseAfter_waitsTheJitteredDelay_untilTheAttemptsAreUsedUp() {
    Backoff backoff = backoff(3, 100, 0.5);

    assertThat(backoff.pauseAfter(1)).isTrue();
    assertThat(backoff.pauseAfter(2)).isTrue();
    assertThat(backoff.pauseAfter(3)).as("no fourth attempt").isFalse();
    assertThat(waits).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
  }

  @Test
  void pauseAfter_anInterruptedWait_endsTheRetries_andKeepsTheInterrupt() {
    Backoff backoff = new Backoff(3, Duration.ofMillis(100), duration -> {
      throw new InterruptedException();
    }, () -> 0.5);

    try {
      assertThat(backoff.pauseAfter(1)).isFalse();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void noAttemptsOrANegativeBase_areRefused() {
    assertThatThrownBy(() -> backoff(0, 100, 0.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> backoff(3, -1, 0.5)).isInstanceOf(IllegalArgumentException.class);
  }
}
