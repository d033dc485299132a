package dev.secretkit.leakcheck;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Text of objects for the scan, which must never fail because an object cannot print itself. */
final class Texts {
  private Texts() {
  }

  static String of(Object object) {
    try {
      return String.valueOf(object);
    } catch (RuntimeException e) {
      return "(toString failed: " + e.getClass().getName() + ")";
    }
  }

  static String stackTrace(Throwable thrown) {
    StringWriter text = new StringWriter();
    try (PrintWriter writer = new PrintWriter(text)) {
      thrown.printStackTrace(writer);
    } catch (RuntimeException e) {
      text.append("(printStackTrace failed: ").append(e.getClass().getName()).append(')');
    }
    return text.toString();
  }
}
