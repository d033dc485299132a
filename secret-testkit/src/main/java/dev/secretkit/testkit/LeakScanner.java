package dev.secretkit.testkit;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * A JUnit 5 extension that fails a test when a canary value planted through {@link Canaries}
 * shows up where a secret must never go: in {@code System.out} or {@code System.err} while the
 * test runs, in a {@code java.util.logging} record, or in the message, {@code toString} or stack
 * trace (causes and suppressed exceptions included) of an exception the test or its
 * {@code @BeforeEach}/{@code @AfterEach} methods throw.
 *
 * <p>Use it with {@code @ExtendWith(LeakScanner.class)} and take a {@link Canaries} parameter in
 * the test or a {@code @BeforeEach} method:
 * <pre>{@code
 * @ExtendWith(LeakScanner.class)
 * class PasswordTest {
 *   @Test
 *   void connect_wrongPassword_saysSoWithoutThePassword(Canaries canaries) {
 *     String password = canaries.plant();
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>Output is teed: it still reaches the console. The verdict names where each canary was found
 * and gives its fingerprint, never its text; an exception that held a canary is replaced by an
 * {@link AssertionError} whose cause is a copy of it with every canary replaced by its
 * fingerprint, so the report stays useful and clean.
 *
 * <p>{@code System.setOut}, {@code System.setErr} and the root logger are global: while a test
 * runs under this extension, output from every thread is captured and scanned, and it is restored
 * after the test even when the test fails. Tests that use it must not run in parallel with other
 * tests that capture output: with JUnit's parallel execution on, annotate the test class with
 * {@code @ResourceLock(Resources.SYSTEM_OUT)} and {@code @ResourceLock(Resources.SYSTEM_ERR)}, as
 * {@link SecretStoreContract} does. The extension itself keeps no state between tests.
 */
public final class LeakScanner implements BeforeEachCallback, AfterEachCallback, ParameterResolver,
    TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LeakScanner.class);
  private static final String SESSION = "session";

  /** Creates the extension; JUnit does this for {@code @ExtendWith(LeakScanner.class)}. */
  public LeakScanner() {
    // Stateless: each test's capture lives in its ExtensionContext store.
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Session session = new Session(new Canaries());
    context.getStore(NAMESPACE).put(SESSION, session);
    session.start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Session session = context.getStore(NAMESPACE).remove(SESSION, Session.class);
    if (session == null) {
      return;
    }
    session.stop();
    List<String> findings = session.findings();
    if (!findings.isEmpty()) {
      throw new AssertionError("LeakScanner: a planted canary leaked: " + String.join("; ", findings));
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Canaries.class && context.getTestMethod().isPresent();
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Session session = context.getStore(NAMESPACE).get(SESSION, Session.class);
    if (session == null) {
      throw new org.junit.jupiter.api.extension.ParameterResolutionException(
          "Canaries are available to test and @BeforeEach/@AfterEach methods only");
    }
    return session.canaries;
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
    throw scan(context, thrown, "the exception the test threw");
  }

  @Override
  public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable thrown)
      throws Throwable {
    throw scan(context, thrown, "the exception a @BeforeEach method threw");
  }

  @Override
  public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable thrown)
      throws Throwable {
    throw scan(context, thrown, "the exception an @AfterEach method threw");
  }

  private static Throwable scan(ExtensionContext context, Throwable thrown, String what) {
    Session session = context.getStore(NAMESPACE).get(SESSION, Session.class);
    if (session == null) {
      return thrown;
    }
    Canaries canaries = session.canaries;
    List<String> findings = new ArrayList<>();
    scanTree(canaries, thrown, what, findings, Collections.newSetFromMap(new IdentityHashMap<>()));
    List<String> inTrace = canaries.foundIn(stackTrace(thrown));
    if (findings.isEmpty() && !inTrace.isEmpty()) {
      findings.add(String.join(", ", inTrace) + " in the printed stack trace of " + what);
    }
    if (findings.isEmpty()) {
      return thrown;
    }
    AssertionError verdict = new AssertionError("LeakScanner: a planted canary leaked: " + String.join("; ", findings)
        + ". The cause is a copy of that exception with each canary replaced by its fingerprint");
    verdict.initCause(redactedCopy(canaries, thrown, Collections.newSetFromMap(new IdentityHashMap<>())));
    return verdict;
  }

  private static void scanTree(Canaries canaries, Throwable throwable, String label, List<String> findings,
      Set<Throwable> seen) {
    if (throwable == null || !seen.add(throwable)) {
      return;
    }
    String type = throwable.getClass().getName();
    List<String> inMessage = canaries.foundIn(throwable.getMessage());
    if (!inMessage.isEmpty()) {
      findings.add(String.join(", ", inMessage) + " in the message of " + label + " (" + type + ")");
    } else {
      List<String> inText = canaries.foundIn(throwable.toString() + "\n" + throwable.getLocalizedMessage());
      if (!inText.isEmpty()) {
        findings.add(String.join(", ", inText) + " in the toString of " + label + " (" + type + ")");
      }
    }
    scanTree(canaries, throwable.getCause(), "the cause of " + label, findings, seen);
    Throwable[] suppressed = throwable.getSuppressed();
    for (int i = 0; i < suppressed.length; i++) {
      scanTree(canaries, suppressed[i], "suppressed exception " + (i + 1) + " of " + label, findings, seen);
    }
  }

  private static String stackTrace(Throwable thrown) {
    StringWriter text = new StringWriter();
    try (PrintWriter writer = new PrintWriter(text)) {
      thrown.printStackTrace(writer);
    }
    return text.toString();
  }

  private static Throwable redactedCopy(Canaries canaries, Throwable original, Set<Throwable> seen) {
    seen.add(original);
    Redacted copy = new Redacted(original.getClass().getName() + ": " + canaries.redact(original.getMessage()));
    copy.setStackTrace(original.getStackTrace());
    Throwable cause = original.getCause();
    if (cause != null && !seen.contains(cause)) {
      copy.initCause(redactedCopy(canaries, cause, seen));
    }
    for (Throwable suppressed : original.getSuppressed()) {
      if (!seen.contains(suppressed)) {
        copy.addSuppressed(redactedCopy(canaries, suppressed, seen));
      }
    }
    return copy;
  }

  /** A stand-in for an exception that held a canary: its type and redacted message, its stack trace. */
  private static final class Redacted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Redacted(String message) {
      super(message);
    }

    @Override
    public String toString() {
      return "[redacted] " + getMessage();
    }
  }

  /** One test's capture: the canaries, the teed streams and the log handler. */
  private static final class Session {
    private final Canaries canaries;
    private final Tee out = new Tee();
    private final Tee err = new Tee();
    private final LogCapture log = new LogCapture();
    private PrintStream originalOut;
    private PrintStream originalErr;

    Session(Canaries canaries) {
      this.canaries = canaries;
    }

    void start() {
      originalOut = System.out;
      originalErr = System.err;
      out.forwardTo(originalOut);
      err.forwardTo(originalErr);
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      Logger.getLogger("").addHandler(log);
    }

    void stop() {
      try {
        System.out.flush();
        System.err.flush();
      } finally {
        System.setOut(originalOut);
        System.setErr(originalErr);
        Logger.getLogger("").removeHandler(log);
      }
    }

    List<String> findings() {
      List<String> findings = new ArrayList<>();
      List<String> inOut = canaries.foundIn(out.text());
      if (!inOut.isEmpty()) {
        findings.add(String.join(", ", inOut) + " in System.out");
      }
      List<String> inErr = canaries.foundIn(err.text());
      if (!inErr.isEmpty()) {
        findings.add(String.join(", ", inErr) + " in System.err");
      }
      for (LogCapture.Entry entry : log.entries()) {
        List<String> inLog = canaries.foundIn(entry.text());
        if (!inLog.isEmpty()) {
          findings.add(String.join(", ", inLog) + " in a java.util.logging record of logger '" + entry.logger()
              + "' at level " + entry.level());
        }
      }
      return findings;
    }
  }

  /** Copies every byte to the original stream and keeps it for the scan. */
  private static final class Tee extends OutputStream {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private OutputStream original;

    void forwardTo(OutputStream stream) {
      this.original = stream;
    }

    @Override
    public synchronized void write(int b) {
      kept.write(b);
      try {
        original.write(b);
      } catch (java.io.IOException e) {
        // System streams report errors through checkError(); a lost echo must not fail the test.
      }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
      if (length == 0) {
        return;
      }
      kept.write(bytes, offset, length);
      try {
        original.write(bytes, offset, length);
      } catch (java.io.IOException e) {
        // As above.
      }
    }

    @Override
    public synchronized void flush() {
      try {
        original.flush();
      } catch (java.io.IOException e) {
        // As above.
      }
    }

    synchronized String text() {
      return kept.toString(StandardCharsets.UTF_8);
    }
  }

  /** Keeps the text of every log record published to the root logger during the test. */
  private static final class LogCapture extends Handler {
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final List<Entry> entries = Collections.synchronizedList(new ArrayList<>());

    record Entry(String logger, Level level, String text) {
    }

    LogCapture() {
      setLevel(Level.ALL);
    }

    @Override
    public void publish(LogRecord record) {
      StringBuilder text = new StringBuilder();
      text.append(record.getMessage()).append('\n');
      try {
        text.append(formatter.formatMessage(record)).append('\n');
      } catch (RuntimeException e) {
        text.append("(message could not be formatted)\n");
      }
      Object[] parameters = record.getParameters();
      if (parameters != null) {
        for (Object parameter : parameters) {
          text.append(parameter).append('\n');
        }
      }
      if (record.getThrown() != null) {
        text.append(stackTrace(record.getThrown()));
      }
      entries.add(new Entry(record.getLoggerName(), record.getLevel(), text.toString()));
    }

    @Override
    public void flush() {
      // Nothing buffered.
    }

    @Override
    public void close() {
      // Nothing to release.
    }

    List<Entry> entries() {
      synchronized (entries) {
        return List.copyOf(entries);
      }
    }
  }
}
