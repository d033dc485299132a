package dev.secretkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's complete example runs as the README says, and prints the password's length, never the password. */
class QuickStartTest {

  @Test
  void main_withTheQuickStartManifest_printsTheReferenceAndLengthOnly() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      QuickStart.main(new String[] {"../manifests/postgres-v2.yaml"});
    } finally {
      System.setOut(out);
    }

    assertThat(printed.toString(StandardCharsets.UTF_8))
        .isEqualTo("engineering:sales-pg#password: 22 bytes" + System.lineSeparator())
        .doesNotContain("fake-password-not-real");
  }
}
