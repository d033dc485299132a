package dev.secretkit.projection.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Planted values for the engines' leak tests, and the check that a text or a failure holds none
 * of them. (The testkit's Canaries cannot be used here: the testkit depends on this module.)
 */
final class Canaries {
  private final List<String> planted = new ArrayList<>();

  /** Plants and returns a fresh distinctive value. */
  String plant() {
    return plant("canary-" + UUID.randomUUID());
  }

  /** Plants {@code value}, a form of a planted value (its base64, say), and returns it. */
  String plant(String value) {
    planted.add(value);
    return value;
  }

  /** Fails when {@code text} holds a planted value. */
  void assertAbsent(String where, String text) {
    for (String value : planted) {
      assertThat(text).as("%s holds a planted value", where).doesNotContain(value);
    }
  }

  /** Fails when {@code thrown}'s message, toString or stack trace (causes included) holds a planted value. */
  void assertAbsent(String where, Throwable thrown) {
    StringWriter trace = new StringWriter();
    thrown.printStackTrace(new PrintWriter(trace));
    assertAbsent(where, thrown + "\n" + trace);
  }
}
