package dev.secretkit.emulator.vault;

import java.time.Clock;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstantiationAwareExtension;

/**
 * A JUnit 5 extension that gives each test a fresh {@link VaultEmulator}, started on a free loopback port,
 * and closes it after the test.
 *
 * <p>Parameters of type {@link VaultEmulator} are resolved; within one test, its {@code @BeforeEach} and
 * {@code @AfterEach} methods and its constructor, they are the same instance, and the next test gets a new,
 * empty emulator on another port, so no secret, token, fault switch or call count carries over. A class
 * whose {@code @BeforeAll} method takes one instead gets a single emulator that all its tests share, closed
 * after the last of them. Give the code under test {@link VaultEmulator#address()} as its Vault address and
 * {@link VaultEmulator#rootToken()} (or a token the emulator issued) as its token.
 * <pre>{@code
 * @RegisterExtension
 * static final VaultEmulatorExtension VAULT = new VaultEmulatorExtension().withClock(clock);
 *
 * @Test
 * void readsTheSecret(VaultEmulator vault) {
 *   vault.failNext(VaultOperation.READ_DATA, 1, VaultEmulator.Failure.SEALED);
 *   ...
 * }
 * }</pre>
 *
 * <p>It does not resolve a {@code SecretClient}: SecretKit's {@code vault} store, which would open one on
 * the emulator, lives in another module and this one does not depend on it. Instances are immutable and
 * thread-safe; {@link #withClock} returns a new one.
 */
public final class VaultEmulatorExtension implements ParameterResolver, AfterEachCallback, AfterAllCallback,
    TestInstantiationAwareExtension {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(VaultEmulatorExtension.class);
  private static final String FIXTURE = "fixture";

  private final Clock clock;

  /** Creates the extension with the UTC system clock. */
  public VaultEmulatorExtension() {
    this(Clock.systemUTC());
  }

  private VaultEmulatorExtension(Clock clock) {
    this.clock = clock;
  }

  /**
   * Returns an extension whose emulators take their time from {@code time}: pass a manual clock to expire
   * tokens and versions without waiting.
   */
  public VaultEmulatorExtension withClock(Clock time) {
    return new VaultEmulatorExtension(Objects.requireNonNull(time, "clock"));
  }

  /**
   * Resolves a test constructor's parameters in the test's own context, so a test that takes the emulator
   * in its constructor gets its own, as one that takes it in the test method does.
   */
  @Override
  public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
    return ExtensionContextScope.TEST_METHOD;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == VaultEmulator.class;
  }

  /** Returns the test's emulator, starting it on first use. */
  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getStore(NAMESPACE)
        .getOrComputeIfAbsent(FIXTURE, key -> new Fixture(new VaultEmulator(clock).start()), Fixture.class)
        .emulator;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close(context);
  }

  /** Returns the clock, such as {@code VaultEmulatorExtension[SystemClock[Z]]}. */
  @Override
  public String toString() {
    return "VaultEmulatorExtension[" + clock + "]";
  }

  private static void close(ExtensionContext context) {
    Fixture fixture = context.getStore(NAMESPACE).remove(FIXTURE, Fixture.class);
    if (fixture != null) {
      fixture.emulator.close();
    }
  }

  /**
   * One test's emulator; not AutoCloseable, so only this extension closes it. A client on the emulator
   * (such as a {@code SecretClient}) would live here too, opened on first use and closed before it.
   */
  private static final class Fixture {
    private final VaultEmulator emulator;

    Fixture(VaultEmulator emulator) {
      this.emulator = emulator;
    }
  }
}
