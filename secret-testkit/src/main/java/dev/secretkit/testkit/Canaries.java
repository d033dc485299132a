package dev.secretkit.testkit;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The canary values planted in one test: values that must never show up in output, logs or
 * exceptions, which {@link LeakScanner} looks for after the test and which a test can look for
 * itself with {@link #assertAbsent(String, String)}.
 *
 * <p>A test gets its instance as a parameter from {@link LeakScanner}. Failure messages name a
 * canary by its fingerprint ({@code canary#} and the first 8 hex digits of its SHA-256), never by
 * its text. Instances are thread-safe, so a test's worker threads may plant canaries too.
 */
public final class Canaries {
  /** The shortest value {@link #plant(String)} accepts; shorter ones would match by accident. */
  public static final int MIN_LENGTH = 6;

  private final List<String> planted = new CopyOnWriteArrayList<>();

  Canaries() {
  }

  /** Plants and returns a fresh random canary, {@code canary-} followed by a random UUID. */
  public String plant() {
    return plant("canary-" + UUID.randomUUID());
  }

  /**
   * Plants {@code value}, such as a password a test writes, and returns it.
   *
   * @throws IllegalArgumentException if it is shorter than {@value #MIN_LENGTH} characters
   */
  public String plant(String value) {
    Objects.requireNonNull(value, "value");
    if (value.length() < MIN_LENGTH) {
      throw new IllegalArgumentException("a canary needs at least " + MIN_LENGTH
          + " characters, or it will be found by accident");
    }
    planted.add(value);
    return value;
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
   * @throws AssertionError if one does; the message names {@code where} and the canary's fingerprint
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

  /** Returns the fingerprint of every canary in {@code text}, in the order planted; empty when none is. */
  List<String> foundIn(String text) {
    List<String> found = new ArrayList<>();
    if (text == null) {
      return found;
    }
    for (String canary : planted) {
      if (text.contains(canary)) {
        String fingerprint = fingerprint(canary);
        if (!found.contains(fingerprint)) {
          found.add(fingerprint);
        }
      }
    }
    return found;
  }

  /** Returns {@code text} with every canary replaced by its fingerprint in angle brackets. */
  String redact(String text) {
    if (text == null) {
      return null;
    }
    String redacted = text;
    for (String canary : planted) {
      redacted = redacted.replace(canary, "<" + fingerprint(canary) + ">");
    }
    return redacted;
  }

  /** Returns how many canaries were planted. */
  int count() {
    return planted.size();
  }

  static String fingerprint(String canary) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canary.getBytes(StandardCharsets.UTF_8));
      return "canary#" + HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }

  /** Returns how many canaries are planted; never their text. */
  @Override
  public String toString() {
    return "Canaries[" + planted.size() + " planted]";
  }
}
