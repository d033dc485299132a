package dev.secretkit.emulator.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The order a call goes through the switches, the k-th-call fault, latency, the hook and the counters. */
class FaultSwitchesTest {
  private final List<Duration> slept = new CopyOnWriteArrayList<>();
  private final FaultSwitches<String, String> switches = new FaultSwitches<>(slept::add);

  @Test
  void begin_countsTheCall_andReturnsNoFaultWhenNoneIsArmed() throws InterruptedException {
    assertThat(switches.begin("Get", "a")).isNull();
    assertThat(switches.begin("Put", "b")).isNull();
    switches.recordCall("Get");

    assertThat(switches.calls("Get")).isEqualTo(2);
    assertThat(switches.calls("Put")).isEqualTo(1);
    assertThat(switches.calls("Delete")).isZero();
    assertThat(switches.totalCalls()).isEqualTo(3);
    switches.resetCalls();
    assertThat(switches.totalCalls()).isZero();
  }

  @Test
  void failCall_returnsTheFaultForTheKthCallOnly_countingEveryOperation() throws InterruptedException {
    switches.failCall(3, CallFault.ERROR_AFTER);

    List<CallFault> faults = new ArrayList<>();
    for (String operation : List.of("Get", "Put", "Delete", "Get")) {
      faults.add(switches.begin(operation, ""));
    }

    assertThat(faults).containsExactly(null, null, CallFault.ERROR_AFTER, null);
  }

  @Test
  void failCall_anotherReplacesTheArmedOne() throws InterruptedException {
    switches.failCall(1, CallFault.ERROR_BEFORE);
    switches.failCall(2, CallFault.DROP_AFTER);

    assertThat(switches.begin("Get", "")).isNull();
    assertThat(switches.begin("Get", "")).isEqualTo(CallFault.DROP_AFTER);
    assertThat(switches.begin("Get", "")).isNull();
  }

  @Test
  void failCall_armedWhileAnotherThreadServesCalls_neverFiresAtTheCountOfTheFaultItReplaced() throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    List<CallFault> fired = new CopyOnWriteArrayList<>();
    Thread serving = new Thread(() -> {
      try {
        while (!stop.get()) {
          CallFault fault = switches.begin("Get", "");
          if (fault != null) {
            fired.add(fault);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "serving");
    serving.start();
    try {
      // Each fault for the next call is at once replaced by one for a call that never comes. With the fault and
      // its count set apart, the wrong one fired within a few thousand rounds.
      for (int i = 0; i < 20_000 && !fired.contains(CallFault.THROTTLE_BEFORE); i++) {
        switches.failCall(1, CallFault.ERROR_BEFORE);
        switches.failCall(Integer.MAX_VALUE, CallFault.THROTTLE_BEFORE);
      }
    } finally {
      stop.set(true);
      serving.join();
    }

    assertThat(fired).as("faults that fired").doesNotContain(CallFault.THROTTLE_BEFORE);
  }

  @Test
  void latency_isWaitedOutThroughTheSleeper_forEveryCallCarriedOut_untilCleared() throws InterruptedException {
    switches.latency(Duration.ofMillis(250));
    switches.begin("Get", "");
    switches.failCall(1, CallFault.THROTTLE_BEFORE);
    assertThat(switches.begin("Get", "")).as("failed before it is carried out: no wait")
        .isEqualTo(CallFault.THROTTLE_BEFORE);
    switches.failCall(1, CallFault.ERROR_AFTER);
    assertThat(switches.begin("Get", "")).as("carried out, then failed: waited").isEqualTo(CallFault.ERROR_AFTER);
    switches.clear();
    switches.begin("Get", "");

    assertThat(slept).containsExactly(Duration.ofMillis(250), Duration.ofMillis(250));
  }

  @Test
  void beforeNext_runsOnce_beforeTheCallFaultCounts_onlyForAMatchingRequest() throws InterruptedException {
    List<String> ran = new CopyOnWriteArrayList<>();
    switches.failCall(2, CallFault.ERROR_BEFORE);
    switches.beforeNext("mine"::equals, () -> {
      ran.add("hook, calls so far: " + switches.totalCalls());
      switches.failCall(1, CallFault.DROP_AFTER);
    });

    assertThat(switches.begin("Put", "theirs")).isNull();
    assertThat(switches.begin("Put", "mine")).as("the hook's own arming counts this call").isEqualTo(
        CallFault.DROP_AFTER);
    assertThat(switches.begin("Put", "mine")).isNull();

    assertThat(ran).containsExactly("hook, calls so far: 2");
  }

  @Test
  void beforeNext_aThrowingMatcher_endsTheCall_andStaysArmed() throws InterruptedException {
    List<String> ran = new CopyOnWriteArrayList<>();
    switches.beforeNext(request -> {
      if (request.isEmpty()) {
        throw new IllegalArgumentException("unreadable");
      }
      return true;
    }, () -> ran.add("hook"));

    assertThatThrownBy(() -> switches.begin("Put", "")).hasMessage("unreadable");
    switches.begin("Put", "readable");

    assertThat(ran).containsExactly("hook");
  }

  @Test
  void failRandomly_drawsFaultsAndLatencyFromTheSeed_sameOnEveryRun_untilCleared() throws InterruptedException {
    RandomFaults mix = new RandomFaults(0.30, 0.01, 0.05, Duration.ofMillis(50), 42);
    switches.failRandomly(mix);
    List<CallFault> first = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      first.add(switches.begin("Get", ""));
    }
    List<Duration> firstWaits = List.copyOf(slept);
    slept.clear();
    switches.failRandomly(mix);
    List<CallFault> second = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      second.add(switches.begin("Get", ""));
    }

    assertThat(second).isEqualTo(first);
    assertThat(slept).isEqualTo(firstWaits);
    long before = first.stream().filter(f -> f == CallFault.ERROR_BEFORE).count();
    assertThat(before).as("transient failures of 1,000 calls").isBetween(250L, 350L);
    assertThat(first).contains(CallFault.THROTTLE_BEFORE, CallFault.ERROR_AFTER, CallFault.DROP_AFTER);
    long failed = first.stream().filter(f -> f != null).count();
    assertThat(switches.faultsInjected()).isEqualTo(2 * failed);
    assertThat(firstWaits).as("a wait for each call carried out").hasSize(1_000 - (int) first.stream()
        .filter(f -> f != null && !f.carriesOut()).count());
    assertThat(firstWaits).allSatisfy(wait -> assertThat(wait).isBetween(Duration.ZERO, Duration.ofMillis(50)));

    switches.clear();
    slept.clear();
    assertThat(switches.begin("Get", "")).isNull();
    assertThat(slept).isEmpty();
    switches.resetCalls();
    assertThat(switches.faultsInjected()).isZero();
  }

  @Test
  void failRandomly_anArmedCallFaultWins_andIsCountedAsInjected() throws InterruptedException {
    switches.failRandomly(new RandomFaults(0, 0, 0, Duration.ZERO, 1));
    switches.failCall(1, CallFault.THROTTLE_BEFORE);

    assertThat(switches.begin("Get", "")).isEqualTo(CallFault.THROTTLE_BEFORE);
    assertThat(switches.begin("Get", "")).isNull();
    assertThat(switches.faultsInjected()).isEqualTo(1);
    assertThatThrownBy(() -> switches.failRandomly(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void loseResponses_armsTheOperationsNextCalls() {
    switches.loseResponses("Put", 2);

    assertThat(switches.takeLostResponse("Get")).isFalse();
    assertThat(switches.takeLostResponse("Put")).isTrue();
    assertThat(switches.takeLostResponse("Put")).isTrue();
    assertThat(switches.takeLostResponse("Put")).isFalse();
  }

  @Test
  void clear_turnsEverySwitchOff_andKeepsTheCounts() throws InterruptedException {
    List<String> ran = new CopyOnWriteArrayList<>();
    switches.failCall(1, CallFault.ERROR_BEFORE);
    switches.loseResponses("Put", 1);
    switches.beforeNext(request -> true, () -> ran.add("hook"));
    switches.latency(Duration.ofSeconds(1));
    switches.begin("Get", "");
    switches.failCall(1, CallFault.ERROR_BEFORE);
    switches.beforeNext(request -> true, () -> ran.add("hook"));

    switches.clear();

    assertThat(switches.begin("Put", "")).isNull();
    assertThat(switches.takeLostResponse("Put")).isFalse();
    assertThat(ran).containsExactly("hook");
    assertThat(slept).isEmpty();
    assertThat(switches.totalCalls()).isEqualTo(2);
  }

  @Test
  void switches_refuseBadArguments() {
    assertThatThrownBy(() -> switches.failCall(0, CallFault.ERROR_AFTER)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("k counts calls from 1: 0");
    assertThatThrownBy(() -> switches.failCall(1, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> switches.latency(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("latency must not be negative: PT-1S");
    assertThatThrownBy(() -> switches.loseResponses("Put", -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FaultSwitches<String, String>(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void callFault_carriesOut_onlyTheAfterFaults() {
    assertThat(CallFault.values()).filteredOn(CallFault::carriesOut)
        .containsExactly(CallFault.ERROR_AFTER, CallFault.DROP_AFTER);
  }
}
