package dev.secretkit.emulator.vault;

import dev.secretkit.emulator.support.FixtureExtension;
import java.time.Clock;
import java.util.Objects;

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
public final class VaultEmulatorExtension extends FixtureExtension {
  private final Clock clock;

  /** Creates the extension with the UTC system clock. */
  public VaultEmulatorExtension() {
    this(Clock.systemUTC());
  }

  private VaultEmulatorExtension(Clock clock) {
    super(VaultEmulator.class);
    this.clock = clock;
  }

  /**
   * Returns an extension whose emulators take their time from {@code time}: pass a manual clock to expire
   * tokens and versions without waiting.
   */
  public VaultEmulatorExtension withClock(Clock time) {
    return new VaultEmulatorExtension(Objects.requireNonNull(time, "clock"));
  }

  /** Starts a test's emulator on the extension's clock; it is the fixture's only part. */
  @Override
  protected Fixture open() {
    VaultEmulator emulator = new VaultEmulator(clock).start();
    return new Fixture() {
      @Override
      public Object part(Class<?> type) {
        return emulator;
      }

      @Override
      public void close() {
        emulator.close();
      }
    };
  }

  /** Returns the clock, such as {@code VaultEmulatorExtension[SystemClock[Z]]}. */
  @Override
  public String toString() {
    return "VaultEmulatorExtension[" + clock + "]";
  }
}
