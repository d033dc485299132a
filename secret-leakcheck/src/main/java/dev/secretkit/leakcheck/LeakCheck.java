package dev.secretkit.leakcheck;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * A JUnit 5 extension that fails a test when a value it planted ({@link PlantedValues}) shows up, as is, encoded or
 * as any 8 characters of it, in what the test leaves behind: {@code System.out} and {@code System.err}, SLF4J events
 * (through {@link CapturingSlf4jProvider}), {@code java.util.logging} and {@code System.Logger} records at every level,
 * the message, {@code toString} and stack trace of an exception the test or its {@code @BeforeEach}/{@code @AfterEach}
 * methods throw (causes and suppressed exceptions included), and the temporary files it leaves in the JVM's
 * temporary directory ({@code java.io.tmpdir}).
 *
 * <p>It is registered for every test by JUnit's extension autodetection (its jar lists it in
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension}; SecretKit's build sets
 * {@code junit.jupiter.extensions.autodetection.enabled=true}), and can also be named with {@code @ExtendWith}. A test
 * takes a {@link PlantedValues} parameter (in the test or a {@code @BeforeEach} method) and plants values in it;
 * {@code secret-testkit}'s {@code Canaries} and {@code LeakScanner} are the same check with the test kit's API. A test
 * that plants nothing is not scanned: its capture costs a few objects and is dropped.
 *
 * <p>The verdict names where each value was found, its fingerprint and the form that matched, never its text; an
 * exception that held a value is replaced by an {@link AssertionError} whose cause is a copy of it with each value
 * replaced by its fingerprint. Output still reaches the console.
 *
 * <p>The output and log taps are installed once per JVM and stay: whatever any thread writes while tests run goes to
 * every test running at the time, so tests may run in parallel. Log events are kept from a test's first planted value
 * on, with every level on from then until it ends. Events of the HTTP wire loggers, which dump request bytes verbatim
 * only when a user turns them on, are not scanned ({@code org.apache.http.wire} and {@code org.apache.http.headers},
 * their HttpClient 5 twins, the JDK's {@code sun.net.www.protocol.http.HttpURLConnection}, the AWS SDK's SigV4 signer
 * {@code software.amazon.awssdk.http.auth.aws.internal.signer}, which logs the canonical request with a session token
 * in it, gRPC's Netty frame loggers and Netty's {@code LoggingHandler}); every other logger is, at every level. Left
 * out of the file scan: JUnit's {@code @TempDir} directories, where tests write their inputs, values included; file
 * store directories and records (encrypted); projection directories (values for their consumer); and the inputs a
 * test marks with {@link PlantedValues#input(java.nio.file.Path)}.
 *
 * <p>Running the same check twice for one test (autodetected and through {@code @ExtendWith}, say) is harmless: the
 * first to start a test's capture owns it and the other joins it.
 */
public final class LeakCheck implements BeforeEachCallback, AfterEachCallback, ParameterResolver,
    TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LeakCheck.class);
  private static final String SESSION = "session";

  /** Creates the extension; JUnit does this, through autodetection or {@code @ExtendWith(LeakCheck.class)}. */
  public LeakCheck() {
    // Stateless: each test's capture lives in its ExtensionContext store.
  }

  /**
   * Returns the values planted in the test of {@code context}, starting its capture if no leak check has yet; for
   * extensions that hand them out in another form, as the test kit's {@code LeakScanner} does.
   *
   * @throws IllegalStateException if {@code context} is not a test method's
   */
  public static PlantedValues planted(ExtensionContext context) {
    if (context.getTestMethod().isEmpty()) {
      throw new IllegalStateException("planted values are for test and @BeforeEach/@AfterEach methods only");
    }
    return session(context).planted();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    session(context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Session session = context.getStore(NAMESPACE).remove(SESSION, Session.class);
    if (session == null) {
      return;
    }
    Capture.stop(session);
    List<String> findings = session.findings();
    if (!findings.isEmpty()) {
      throw new AssertionError("LeakScanner: a planted canary leaked: " + String.join("; ", findings));
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == PlantedValues.class && context.getTestMethod().isPresent();
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return planted(context);
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

  private static Session session(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    Session session = store.get(SESSION, Session.class);
    if (session == null) {
      session = new Session(new PlantedValues());
      store.put(SESSION, session);
      Capture.start(session);
    }
    return session;
  }

  private static Throwable scan(ExtensionContext context, Throwable thrown, String what) {
    Session session = context.getStore(NAMESPACE).get(SESSION, Session.class);
    if (session == null || session.planted().count() == 0 || !session.firstSight(thrown)) {
      return thrown;
    }
    PlantedValues planted = session.planted();
    List<String> findings = new ArrayList<>();
    scanTree(planted, thrown, what, findings, Collections.newSetFromMap(new IdentityHashMap<>()));
    List<String> inTrace = planted.foundIn(Texts.stackTrace(thrown));
    if (findings.isEmpty() && !inTrace.isEmpty()) {
      findings.add(String.join(", ", inTrace) + " in the printed stack trace of " + what);
    }
    if (findings.isEmpty()) {
      return thrown;
    }
    AssertionError verdict = new AssertionError("LeakScanner: a planted canary leaked: " + String.join("; ", findings)
        + ". The cause is a copy of that exception with each canary replaced by its fingerprint");
    verdict.initCause(redactedCopy(planted, thrown, Collections.newSetFromMap(new IdentityHashMap<>())));
    session.firstSight(verdict);
    return verdict;
  }

  private static void scanTree(PlantedValues planted, Throwable throwable, String label, List<String> findings,
      Set<Throwable> seen) {
    if (throwable == null || !seen.add(throwable)) {
      return;
    }
    String type = throwable.getClass().getName();
    List<String> inMessage = planted.foundIn(throwable.getMessage());
    if (!inMessage.isEmpty()) {
      findings.add(String.join(", ", inMessage) + " in the message of " + label + " (" + type + ")");
    } else {
      List<String> inText = planted.foundIn(Texts.of(throwable) + "\n" + throwable.getLocalizedMessage());
      if (!inText.isEmpty()) {
        findings.add(String.join(", ", inText) + " in the toString of " + label + " (" + type + ")");
      }
    }
    scanTree(planted, throwable.getCause(), "the cause of " + label, findings, seen);
    Throwable[] suppressed = throwable.getSuppressed();
    for (int i = 0; i < suppressed.length; i++) {
      scanTree(planted, suppressed[i], "suppressed exception " + (i + 1) + " of " + label, findings, seen);
    }
  }

  private static Throwable redactedCopy(PlantedValues planted, Throwable original, Set<Throwable> seen) {
    seen.add(original);
    String message = original.getMessage() == null ? null : planted.redact(original.getMessage());
    Redacted copy = new Redacted(original.getClass().getName() + ": " + message);
    copy.setStackTrace(original.getStackTrace());
    Throwable cause = original.getCause();
    if (cause != null && !seen.contains(cause)) {
      copy.initCause(redactedCopy(planted, cause, seen));
    }
    for (Throwable suppressed : original.getSuppressed()) {
      if (!seen.contains(suppressed)) {
        copy.addSuppressed(redactedCopy(planted, suppressed, seen));
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
}
