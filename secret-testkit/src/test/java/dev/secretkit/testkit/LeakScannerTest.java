package dev.secretkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** LeakScanner fails a test for each way a canary can leak, names where, and never repeats the canary. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeakScannerTest {
  private EngineExecutionResults results;

  @BeforeAll
  void runTheLeakingTests() {
    results = Fixtures.run(LeakingTests.Leaks.class);
  }

  @Test
  void scanner_canaryOnStdout_failsNamingSystemOut() {
    assertLeak("printsToStdout", LeakingTests.OUT, "in System.out");
  }

  @Test
  void scanner_canaryOnStderr_failsNamingSystemErr() {
    assertLeak("printsToStderr", LeakingTests.ERR, "in System.err");
  }

  @Test
  void scanner_canaryInLogRecord_failsNamingLoggerAndLevel() {
    assertLeak("logsIt", LeakingTests.LOG, "java.util.logging record of logger 'leaky.component' at level WARNING");
    assertLeak("logsItAsAParameter", LeakingTests.LOG_PARAMETER, "logger 'leaky.component' at level SEVERE");
  }

  @Test
  void scanner_canaryInExceptionMessage_failsNamingTheException() {
    Throwable failure = assertLeak("throwsItInTheMessage", LeakingTests.MESSAGE,
        "in the message of the exception the test threw (java.lang.IllegalStateException)");
    assertThat(failure.getCause()).as("a redacted copy of the exception")
        .hasMessageContaining("java.lang.IllegalStateException: bad password <canary#");
    assertThat(failure.getCause().getStackTrace()).isNotEmpty();
  }

  @Test
  void scanner_canaryInCause_failsNamingTheCause() {
    assertLeak("throwsItInACause", LeakingTests.CAUSE,
        "in the message of the cause of the exception the test threw (java.lang.IllegalArgumentException)");
  }

  @Test
  void scanner_canaryInSuppressed_failsNamingTheSuppressedException() {
    assertLeak("throwsItInASuppressedException", LeakingTests.SUPPRESSED,
        "suppressed exception 1 of the exception the test threw");
  }

  @Test
  void scanner_canaryInToString_failsNamingToString() {
    assertLeak("throwsItInToString", LeakingTests.TO_STRING, "in the toString of the exception the test threw");
  }

  @Test
  void assertAbsent_canaryInText_failsNamingWhere() {
    assertLeak("findsItWithAssertAbsent", LeakingTests.EXPLICIT, "found in the rendered config");
  }

  @Test
  void scanner_noLeak_passes() {
    assertThat(Fixtures.succeededTests(results)).containsExactly("keepsItSecret");
  }

  @Test
  void scanner_ordinaryFailure_keepsItsOwnFailure() {
    assertThat(Fixtures.failure(results, "failsForAnotherReason")).isInstanceOf(AssertionError.class)
        .hasMessage("an ordinary failure");
  }

  @Test
  void scanner_afterTests_leavesStreamsAndLoggingAsTheyWere() {
    PrintStream outBefore = System.out;
    PrintStream errBefore = System.err;
    List<Handler> handlersBefore = List.of(Logger.getLogger("").getHandlers());
    Level levelBefore = Logger.getLogger("").getLevel();

    Fixtures.run(LeakingTests.Leaks.class);

    assertThat(System.out).isSameAs(outBefore);
    assertThat(System.err).isSameAs(errBefore);
    assertThat(Logger.getLogger("").getHandlers()).containsExactlyElementsOf(handlersBefore);
    assertThat(Logger.getLogger("").getLevel()).isEqualTo(levelBefore);
  }

  @Test
  void plant_tooShortValue_isRefused() {
    assertThatThrownBy(() -> new Canaries().plant("abc")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("abc");
  }

  @Test
  void plant_withoutValue_givesDistinctCanaries() {
    Canaries canaries = new Canaries();
    String first = canaries.plant();
    String second = canaries.plant();
    assertThat(first).hasSize(32).matches("[A-Za-z0-9]+").isNotEqualTo(second);
    assertThat(canaries.toString()).doesNotContain(first).contains("2 planted");
    assertThatThrownBy(() -> canaries.assertAbsent("some text " + second)).hasMessageContaining(
        Canaries.fingerprint(second)).hasMessageNotContaining(second);
  }

  private Throwable assertLeak(String test, String canary, String where) {
    Throwable failure = Fixtures.failure(results, test);
    assertThat(failure).isInstanceOf(AssertionError.class).hasMessageContaining("LeakScanner")
        .hasMessageContaining(where).hasMessageContaining(Canaries.fingerprint(canary));
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).as("the whole failure report of " + test).doesNotContain(canary);
    return failure;
  }
}
