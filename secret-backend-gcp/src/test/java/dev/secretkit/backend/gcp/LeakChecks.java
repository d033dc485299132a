package dev.secretkit.backend.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretkit.SecretException;
import dev.secretkit.testkit.Canaries;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Checks that what a failed store call throws gives nothing away: no canary, and none of the texts it must hide. */
final class LeakChecks {
  private LeakChecks() {
  }

  /**
   * Runs {@code call}, which must throw {@code type}, checks that no canary planted in {@code canaries} shows in what
   * it throws (message, toString, causes) and that none of {@code hidden} shows in its printed stack trace, and
   * returns it.
   */
  static <T extends SecretException> T thrown(Class<T> type, ThrowingCallable call, Canaries canaries,
      List<String> hidden) {
    T thrown = catchThrowableOfType(type, call);
    assertThat(thrown).as("the call throws a " + type.getSimpleName()).isNotNull();
    canaries.assertAbsent("the failed call", thrown);
    StringWriter trace = new StringWriter();
    try (PrintWriter writer = new PrintWriter(trace)) {
      thrown.printStackTrace(writer);
    }
    assertThat(trace.toString()).as("the printed stack trace").doesNotContain(hidden);
    return thrown;
  }
}
