package dev.secretkit.testkit;

import dev.secretkit.leakcheck.LeakCheck;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * A JUnit 5 extension that fails a test when a canary value planted through {@link Canaries} shows up, as is, encoded
 * (Base64, hex, URL, JSON) or as any 8 characters of it, where a secret must never go: in {@code System.out} or
 * {@code System.err} while the test runs, in an SLF4J event, a {@code java.util.logging} or {@code System.Logger}
 * record at any level, in the message, {@code toString} or stack trace (causes and suppressed exceptions included) of
 * an exception the test or its {@code @BeforeEach}/{@code @AfterEach} methods throw, or in a temporary file it leaves
 * in the JVM's temporary directory.
 *
 * <p>It is {@code secret-leakcheck}'s {@link LeakCheck} with this kit's {@link Canaries}: name it with
 * {@code @ExtendWith(LeakScanner.class)}, or let JUnit's extension autodetection register it for every test
 * ({@code junit.jupiter.extensions.autodetection.enabled=true}; SecretKit's build sets it), and take a
 * {@link Canaries} parameter in the test or a {@code @BeforeEach} method:
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
 * <p>SLF4J events reach the check through {@code secret-leakcheck}'s SLF4J provider, which comes with this kit: a
 * test class path must not hold another (such as {@code slf4j-nop}). Events of the HTTP wire loggers, which dump
 * request bytes verbatim only when a user turns them on, are not scanned (the list is in {@link LeakCheck}); left out
 * of the file scan are JUnit's {@code @TempDir} directories, where tests write their inputs, and file store and
 * projection directories, which hold values by design.
 *
 * <p>Output is teed: it still reaches the console. The verdict names where each canary was found, its fingerprint and
 * the form that matched, never its text; an exception that held a canary is replaced by an {@link AssertionError}
 * whose cause is a copy of it with every canary replaced by its fingerprint, so the report stays useful and clean.
 *
 * <p>The taps on the standard streams and the root logger are installed once per JVM and stay: output from every
 * thread goes to every test running at the time, so tests under this extension may run in parallel with others. A
 * test that plants nothing is not scanned. The extension itself keeps no state between tests.
 */
public final class LeakScanner implements BeforeEachCallback, AfterEachCallback, ParameterResolver,
    TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
  private final LeakCheck check = new LeakCheck();

  /** Creates the extension; JUnit does this, through autodetection or {@code @ExtendWith(LeakScanner.class)}. */
  public LeakScanner() {
    // Stateless: each test's capture lives in its ExtensionContext store, through LeakCheck.
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    check.beforeEach(context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    check.afterEach(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Canaries.class && context.getTestMethod().isPresent();
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return new Canaries(LeakCheck.planted(context));
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
    check.handleTestExecutionException(context, thrown);
  }

  @Override
  public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable thrown)
      throws Throwable {
    check.handleBeforeEachMethodExecutionException(context, thrown);
  }

  @Override
  public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable thrown)
      throws Throwable {
    check.handleAfterEachMethodExecutionException(context, thrown);
  }
}
