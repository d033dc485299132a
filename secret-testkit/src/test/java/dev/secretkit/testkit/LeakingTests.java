package dev.secretkit.testkit;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tests that leak a planted canary in each way {@link LeakScanner} looks for; disabled outside
 * {@link LeakScannerTest}, which runs them and expects each to fail.
 */
final class LeakingTests {
  static final String OUT = "planted-for-stdout-4242";
  static final String ERR = "planted-for-stderr-4242";
  static final String LOG = "planted-for-logging-4242";
  static final String LOG_PARAMETER = "planted-as-log-parameter-4242";
  static final String MESSAGE = "planted-in-a-message-4242";
  static final String CAUSE = "planted-in-a-cause-4242";
  static final String SUPPRESSED = "planted-in-suppressed-4242";
  static final String TO_STRING = "planted-in-to-string-4242";
  static final String EXPLICIT = "planted-for-assert-absent-4242";
  static final String CLEAN = "planted-and-kept-secret-4242";

  private LeakingTests() {
  }

  @ExtendWith({FixtureCondition.class, LeakScanner.class})
  static final class Leaks {
    @Test
    void printsToStdout(Canaries canaries) {
      System.out.println("connecting with password " + canaries.plant(OUT));
    }

    @Test
    void printsToStderr(Canaries canaries) {
      System.err.print("token=" + canaries.plant(ERR));
    }

    @Test
    void logsIt(Canaries canaries) {
      Logger.getLogger("leaky.component").warning("retrying with " + canaries.plant(LOG));
    }

    @Test
    void logsItAsAParameter(Canaries canaries) {
      Logger.getLogger("leaky.component").log(Level.SEVERE, "retrying with {0}", canaries.plant(LOG_PARAMETER));
    }

    @Test
    void throwsItInTheMessage(Canaries canaries) {
      throw new IllegalStateException("bad password " + canaries.plant(MESSAGE));
    }

    @Test
    void throwsItInACause(Canaries canaries) {
      throw new RuntimeException("could not connect",
          new IllegalArgumentException("rejected " + canaries.plant(CAUSE)));
    }

    @Test
    void throwsItInASuppressedException(Canaries canaries) {
      RuntimeException failure = new RuntimeException("could not connect");
      failure.addSuppressed(new IllegalStateException("while closing " + canaries.plant(SUPPRESSED)));
      throw failure;
    }

    @Test
    void throwsItInToString(Canaries canaries) {
      String value = canaries.plant(TO_STRING);
      throw new IllegalStateException("no value here") {
        private static final long serialVersionUID = 1L;

        @Override
        public String toString() {
          return "Leaky: " + value;
        }
      };
    }

    @Test
    void findsItWithAssertAbsent(Canaries canaries) {
      canaries.assertAbsent("the rendered config", "password: " + canaries.plant(EXPLICIT));
    }

    @Test
    void keepsItSecret(Canaries canaries) {
      String value = canaries.plant(CLEAN);
      String random = canaries.plant();
      System.out.println("connected with a password of " + value.length() + " characters");
      Logger.getLogger("careful.component").info("token fingerprint " + random.hashCode());
      canaries.assertAbsent("a log line", "nothing to see");
    }

    @Test
    void failsForAnotherReason(Canaries canaries) {
      canaries.plant();
      throw new AssertionError("an ordinary failure");
    }
  }
}
