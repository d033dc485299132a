package dev.secretkit.emulator.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ManualClockTest {

  @Test
  void instant_untouched_standsStillAtTheDefaultStart() {
    ManualClock clock = new ManualClock();
    assertThat(clock.instant()).isEqualTo(Instant.parse(ManualClock.DEFAULT_START_TEXT)).isEqualTo(clock.instant());
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    assertThat(clock.millis()).isEqualTo(clock.instant().toEpochMilli());
  }

  @Test
  void advance_duration_movesForwardAndReturnsTheNewInstant() {
    ManualClock clock = new ManualClock(Instant.parse("2030-06-01T12:00:00Z"));
    assertThat(clock.advance(Duration.ofMinutes(90))).isEqualTo(Instant.parse("2030-06-01T13:30:00Z"));
    assertThat(clock.advance(Duration.ofNanos(1))).isEqualTo(Instant.parse("2030-06-01T13:30:00.000000001Z"));
    assertThat(clock.advance(Duration.ZERO)).isEqualTo(clock.instant());
  }

  @Test
  void advance_negativeDuration_isRefused() {
    ManualClock clock = new ManualClock();
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThat(clock.instant()).isEqualTo(Instant.parse(ManualClock.DEFAULT_START_TEXT));
  }

  @Test
  void set_anyInstant_movesForwardOrBack() {
    ManualClock clock = new ManualClock();
    clock.set(Instant.EPOCH);
    assertThat(clock.instant()).isEqualTo(Instant.EPOCH);
    clock.set(Instant.parse("2100-01-01T00:00:00Z"));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2100-01-01T00:00:00Z"));
  }

  @Test
  void withZone_otherZone_sharesTheTime() {
    ManualClock clock = new ManualClock();
    ManualClock paris = clock.withZone(ZoneId.of("Europe/Paris"));
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));

    clock.advance(Duration.ofHours(1));
    assertThat(paris.instant()).isEqualTo(clock.instant());
    paris.advance(Duration.ofHours(1));
    assertThat(clock.instant()).isEqualTo(Instant.parse(ManualClock.DEFAULT_START_TEXT).plus(Duration.ofHours(2)));
    assertThat(paris.toString()).contains("Europe/Paris");
  }

  @Test
  void advance_fromManyThreads_addsUp() throws InterruptedException {
    ManualClock clock = new ManualClock(Instant.EPOCH);
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Thread thread = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        for (int j = 0; j < 10_000; j++) {
          clock.advance(Duration.ofMillis(1));
        }
      });
      threads.add(thread);
      thread.start();
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(clock.instant()).isEqualTo(Instant.EPOCH.plusSeconds(40));
  }
}
