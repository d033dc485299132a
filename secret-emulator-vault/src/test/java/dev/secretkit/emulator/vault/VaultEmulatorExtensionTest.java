package dev.secretkit.emulator.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.secretkit.testkit.ManualClock;
import io.github.jopenlibs.vault.VaultException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The extension starts a fresh emulator per test on a loopback port (for method, constructor and
 * {@code @BeforeEach} parameters alike), hands the same one to a test and its {@code @BeforeEach}, closes it
 * afterwards, and resolves nothing else.
 */
class VaultEmulatorExtensionTest {
  private static final String FIXTURES = "secretkit.emulator.fixtures";
  private static final ManualClock CLOCK = new ManualClock();

  @RegisterExtension
  static final VaultEmulatorExtension VAULT = new VaultEmulatorExtension().withClock(CLOCK);

  private VaultEmulator before;

  @BeforeEach
  void remember(VaultEmulator vault) {
    before = vault;
  }

  @Test
  void emulator_inBeforeEachAndTest_isTheSameStartedLoopbackInstance(VaultEmulator vault) {
    assertThat(vault).isSameAs(before);
    assertThat(vault.address().getHost()).isEqualTo("127.0.0.1");
    assertThat(vault.address().getPort()).isPositive();
  }

  @Test
  void emulator_servesTheDriver_onTheExtensionsClock(VaultEmulator vault) throws VaultException {
    String token = vault.createToken(TokenSpec.of().withTtl(Duration.ofMinutes(1)));
    Clients.driver(vault, vault.rootToken()).logical().write("secret/app", Map.of("v", "1"));
    CLOCK.advance(Duration.ofMinutes(1));

    assertThat(Clients.driver(vault, vault.rootToken()).logical().read("secret/app").getData()).containsEntry("v", "1");
    assertThat(new Raw(vault, token).get("auth/token/lookup-self").status()).as("expired on the manual clock")
        .isEqualTo(403);
  }

  @Test
  void withClock_null_isRefused() {
    assertThatThrownBy(() -> VAULT.withClock(null)).isInstanceOf(NullPointerException.class);
    assertThat(VAULT.toString()).startsWith("VaultEmulatorExtension[ManualClock");
  }

  @Test
  void extension_eachTest_getsItsOwnEmulator_closedAfterIt() {
    EngineExecutionResults results = run(TwoTests.class);

    assertThat(results.testEvents().succeeded().count()).isEqualTo(2);
    assertThat(TwoTests.SEEN).hasSize(2).doesNotHaveDuplicates();
    assertThat(TwoTests.CLOSED).as("the first test's emulator, closed when the second ran").hasSize(1);
    for (VaultEmulator emulator : TwoTests.SEEN) {
      assertThatThrownBy(emulator::address).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void extension_constructorParameter_eachTestGetsItsOwnEmulator() {
    EngineExecutionResults results = run(ByConstructor.class);

    assertThat(results.testEvents().succeeded().count()).isEqualTo(2);
    assertThat(ByConstructor.SEEN).as("the javadoc: the next test gets a new, empty emulator")
        .hasSize(2).doesNotHaveDuplicates();
    assertThat(ByConstructor.SAME_IN_TEST).containsOnly(true);
  }

  @Test
  void extension_beforeAll_sharesOneEmulatorAcrossTheClass_closedAfterIt() {
    EngineExecutionResults results = run(SharedByClass.class);

    assertThat(results.testEvents().succeeded().count()).isEqualTo(2);
    assertThat(SharedByClass.SEEN).hasSize(3).containsOnly(SharedByClass.SEEN.get(0));
    assertThatThrownBy(SharedByClass.SEEN.get(0)::address).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void extension_otherParameterTypes_areNotResolved() {
    EngineExecutionResults results = run(WantsAString.class);

    assertThat(results.testEvents().failed().count()).isEqualTo(1);
    assertThat(results.testEvents().failed().list().get(0).getPayload(TestExecutionResult.class)
        .flatMap(TestExecutionResult::getThrowable)).containsInstanceOf(ParameterResolutionException.class);
  }

  private static EngineExecutionResults run(Class<?> fixture) {
    return EngineTestKit.engine("junit-jupiter").configurationParameter(FIXTURES, "true")
        .selectors(selectClass(fixture)).execute();
  }

  /** Runs the fixture classes below only under {@link #run}, never in the build's own test run. */
  static final class OnlyAsFixture implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(FIXTURES).filter("true"::equals).isPresent()
          ? ConditionEvaluationResult.enabled("run as a fixture")
          : ConditionEvaluationResult.disabled("a fixture; runs only under EngineTestKit");
    }
  }

  /** Two tests that record their emulators, and check in each test that the other's is already closed. */
  @ExtendWith(OnlyAsFixture.class)
  static final class TwoTests {
    static final List<VaultEmulator> SEEN = new CopyOnWriteArrayList<>();
    static final List<VaultEmulator> CLOSED = new CopyOnWriteArrayList<>();

    @RegisterExtension
    final VaultEmulatorExtension vault = new VaultEmulatorExtension();

    @Test
    void first(VaultEmulator emulator) {
      record(emulator);
    }

    @Test
    void second(VaultEmulator emulator) {
      record(emulator);
    }

    private static void record(VaultEmulator emulator) {
      for (VaultEmulator earlier : SEEN) {
        assertThatThrownBy(earlier::address).isInstanceOf(IllegalStateException.class);
        CLOSED.add(earlier);
      }
      SEEN.add(emulator);
    }
  }

  /** Takes the emulator in its constructor, as JUnit 5 allows; a new instance is made for each test. */
  @ExtendWith(OnlyAsFixture.class)
  static final class ByConstructor {
    static final List<VaultEmulator> SEEN = new CopyOnWriteArrayList<>();
    static final List<Boolean> SAME_IN_TEST = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static final VaultEmulatorExtension VAULT = new VaultEmulatorExtension();

    private final VaultEmulator fromConstructor;

    ByConstructor(VaultEmulator emulator) {
      fromConstructor = emulator;
      SEEN.add(emulator);
    }

    @Test
    void first(VaultEmulator emulator) {
      SAME_IN_TEST.add(emulator == fromConstructor);
    }

    @Test
    void second(VaultEmulator emulator) {
      SAME_IN_TEST.add(emulator == fromConstructor);
    }
  }

  /** A class whose @BeforeAll takes the emulator, so every test shares it. */
  @ExtendWith(OnlyAsFixture.class)
  static final class SharedByClass {
    static final List<VaultEmulator> SEEN = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static final VaultEmulatorExtension VAULT = new VaultEmulatorExtension();

    @BeforeAll
    static void start(VaultEmulator emulator) {
      SEEN.add(emulator);
    }

    @Test
    void first(VaultEmulator emulator) {
      SEEN.add(emulator);
      emulator.address();
    }

    @Test
    void second(VaultEmulator emulator) {
      SEEN.add(emulator);
      emulator.address();
    }
  }

  /** Asks for a parameter the extension does not resolve. */
  @ExtendWith(OnlyAsFixture.class)
  static final class WantsAString {
    @RegisterExtension
    static final VaultEmulatorExtension VAULT = new VaultEmulatorExtension();

    @Test
    void text(String text) {
      assertThat(text).isNotNull();
    }
  }
}
