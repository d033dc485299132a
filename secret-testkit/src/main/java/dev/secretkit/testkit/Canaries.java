package dev.secretkit.testkit;

import dev.secretkit.leakcheck.PlantedValues;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * The canary values planted in one test: values that must never show up in output, logs, exceptions or files, as is
 * or encoded, which {@link LeakScanner} looks for after the test and which a test can look for itself with
 * {@link #assertAbsent(String, String)}.
 *
 * <p>A canary is found as is, Base64-encoded (standard and URL-safe, with and without padding, also inside a longer
 * encoded value), hex-encoded (lower and upper case), URL-encoded and JSON-escaped; one made by {@link #plant()} also
 * by any 8 characters of it in any of those forms (16 digits in hex). A test gets its instance as a parameter from
 * {@link LeakScanner}.
 * Failure messages name a canary by its fingerprint ({@code canary#} and the first 8 hex digits of its SHA-256) and
 * the form that matched, never by its text. Instances are thread-safe, so a test's worker threads may plant canaries
 * too.
 */
public final class Canaries {
  /** The shortest value {@link #plant(String)} accepts; shorter ones would match by accident. */
  public static final int MIN_LENGTH = PlantedValues.MIN_LENGTH;

  private final PlantedValues planted;

  Canaries() {
    this(new PlantedValues());
  }

  Canaries(PlantedValues planted) {
    this.planted = planted;
  }

  /**
   * Plants and returns a fresh random canary of {@value PlantedValues#RANDOM_LENGTH} letters and digits, random enough
   * that any 8 characters of it, in any encoding, count as a leak.
   */
  public String plant() {
    return planted.plant();
  }

  /**
   * Plants {@code value}, such as a password a test writes, and returns it; it is found whole, as is or encoded.
   *
   * @throws IllegalArgumentException if it is shorter than {@value #MIN_LENGTH} characters
   */
  public String plant(String value) {
    return planted.plant(value);
  }

  /**
   * Marks {@code path}, a file or a directory with all under it, as an input the test writes canaries to on purpose in
   * the JVM's temporary directory, such as a credentials file a store reads, and returns it: {@link LeakScanner}'s scan
   * of the temporary files the test leaves behind skips it. Files under a {@code @TempDir} directory need no mark.
   */
  public Path input(Path path) {
    return planted.input(path);
  }

  /**
   * Checks that no planted canary occurs in {@code text}.
   *
   * @throws AssertionError if one does; the message gives its fingerprint, not its text
   */
  public void assertAbsent(String text) {
    assertAbsent("the text checked", text);
  }

  /**
   * Checks that no planted canary occurs in {@code text}, which came from {@code where}, such as
   * {@code "the message of the ConflictException from update"}.
   *
   * @throws AssertionError if one does; the message names {@code where}, the canary's fingerprint and its form
   */
  public void assertAbsent(String where, String text) {
    List<String> found = foundIn(text);
    if (!found.isEmpty()) {
      throw new AssertionError("LeakScanner: " + String.join(", ", found) + " found in " + where);
    }
  }

  /**
   * Checks that no planted canary occurs in the message, {@code toString} or stack trace (causes
   * included) of {@code thrown}, which came from {@code where}; does nothing when it is null.
   *
   * @throws AssertionError if one does; the message names {@code where} and the canary's fingerprint
   */
  public void assertAbsent(String where, Throwable thrown) {
    if (thrown == null) {
      return;
    }
    StringWriter trace = new StringWriter();
    try (PrintWriter writer = new PrintWriter(trace)) {
      thrown.printStackTrace(writer);
    }
    assertAbsent("the message of the exception from " + where + " (" + thrown.getClass().getName() + ")",
        thrown.getMessage());
    assertAbsent("the toString or stack trace of the exception from " + where, thrown + "\n" + trace);
  }

  /** Returns the fingerprint and form of every canary in {@code text}, in the order planted; empty when none is. */
  List<String> foundIn(String text) {
    return planted.foundIn(text);
  }

  /** Returns {@code text} with every canary, in any form, replaced by its fingerprint in angle brackets. */
  String redact(String text) {
    return text == null ? null : planted.redact(text);
  }

  /** Returns how many canaries were planted. */
  int count() {
    return planted.count();
  }

  static String fingerprint(String canary) {
    return PlantedValues.fingerprint(canary);
  }

  /** Returns how many canaries are planted; never their text. */
  @Override
  public String toString() {
    return "Canaries[" + planted.count() + " planted]";
  }
}
