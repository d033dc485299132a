package dev.secretkit.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class RedactedCauseTest {

  @Test
  void of_keepsEachClassFramesAndDetail_butNoMessage() {
    ConnectException refused = new ConnectException("refused, and a quoted value: canary-5f1e");
    UncheckedIOException original = new UncheckedIOException("request failed with canary-5f1e", refused);

    RedactedCause redacted = RedactedCause.of(original, t -> t instanceof ConnectException ? "connect" : null);

    assertThat(redacted.getMessage()).isEqualTo("java.io.UncheckedIOException");
    assertThat(redacted.originalClassName()).isEqualTo("java.io.UncheckedIOException");
    assertThat(redacted.detail()).isEmpty();
    assertThat(redacted.getStackTrace()).isEqualTo(original.getStackTrace());
    RedactedCause cause = (RedactedCause) redacted.getCause();
    assertThat(cause.getMessage()).isEqualTo("java.net.ConnectException (connect)");
    assertThat(cause.detail()).contains("connect");
    assertThat(cause.getStackTrace()).isEqualTo(refused.getStackTrace());
    assertThat(cause.getCause()).isNull();
    for (Throwable t = redacted; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t)).doesNotContain("canary-5f1e");
    }
  }

  @Test
  void of_stopsAtACycle_andAtTheDepthLimit() {
    IOException first = new IOException("a");
    IOException second = new IOException("b", first);
    first.initCause(second);
    IOException deep = new IOException("0");
    for (int i = 1; i < 40; i++) {
      deep = new IOException(Integer.toString(i), deep);
    }

    assertThat(depth(RedactedCause.of(first))).isEqualTo(2);
    assertThat(depth(RedactedCause.of(deep))).isEqualTo(RedactedCause.MAX_DEPTH);
  }

  private static int depth(Throwable t) {
    int depth = 0;
    for (; t != null; t = t.getCause()) {
      depth++;
    }
    return depth;
  }
}
