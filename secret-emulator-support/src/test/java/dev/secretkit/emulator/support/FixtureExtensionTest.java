package dev.secretkit.emulator.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The extension opens a fixture per test on the first parameter it asks for (method, constructor and
 * {@code @BeforeEach} parameters alike), one per class for {@code @BeforeAll} and per-class constructors, hands
 * out its parts, and closes each fixture once afterwards. Every emulator's extension, and the test kit's in-memory
 * client extension, is this one with its own fixture.
 */
class FixtureExtensionTest {
  private static final String FIXTURES = "secretkit.emulator.support.fixtures";

  /** A fixture: a number, a name made from it, no {@link Long} it can open, and how often it was closed. */
  static final class Box implements FixtureExtension.Fixture {
    private static final AtomicInteger NUMBERS = new AtomicInteger();

    final int number = NUMBERS.incrementAndGet();
    final AtomicInteger closed = new AtomicInteger();

    boolean isOpen() {
      return closed.get() == 0;
    }

    @Override
    public Object part(Class<?> type) {
      if (type == Long.class) {
        throw new ParameterResolutionException("box " + number + " holds no number");
      }
      return type == Box.class ? this : "box " + number;
    }

    @Override
    public void close() {
      closed.incrementAndGet();
    }
  }

  /** Resolves the {@link Box}, a {@link String} naming it and a {@link Long} it cannot open. */
  static final class Boxes extends FixtureExtension {
    static final List<Box> OPENED = new CopyOnWriteArrayList<>();

    Boxes() {
      super(Box.class, String.class, Long.class);
    }

    @Override
    protected Fixture open() {
      Box box = new Box();
      OPENED.add(box);
      return box;
    }
  }

  /** Resolves a {@link Box}, but fails to open one. */
  static final class Broken extends FixtureExtension {
    Broken() {
      super(Box.class);
    }

    @Override
    protected Fixture open() {
      throw new IllegalStateException("cannot open the box");
    }
  }

  @RegisterExtension
  static final Boxes BOXES = new Boxes();

  private Box before;

  @BeforeEach
  void remember(Box box) {
    before = box;
  }

  @Test
  void parts_inBeforeEachAndTest_comeFromTheSameOpenFixture(Box box, String name) {
    assertThat(box).isSameAs(before);
    assertThat(box.isOpen()).isTrue();
    assertThat(name).isEqualTo("box " + box.number);
  }

  @Test
  void extension_eachTest_getsItsOwnFixture_closedOnceAfterIt() {
    List<Box> seen = fixturesOpenedBy(TwoTests.class, 2);

    assertThat(seen).hasSize(2).doesNotHaveDuplicates();
    assertThat(TwoTests.OPEN_IN_TEST).containsOnly(true);
    assertThat(seen).allSatisfy(box -> assertThat(box.closed).hasValue(1));
  }

  @Test
  void extension_constructorParameter_isTheTestsOwnFixture() {
    List<Box> seen = fixturesOpenedBy(ByConstructor.class, 2);

    assertThat(seen).as("the javadoc: the next test gets a new fixture").hasSize(2);
    assertThat(ByConstructor.SAME_IN_TEST).containsOnly(true);
    assertThat(seen).allSatisfy(box -> assertThat(box.closed).hasValue(1));
  }

  @Test
  void extension_beforeAll_sharesOneFixtureAcrossTheClass_closedOnceAfterIt() {
    List<Box> seen = fixturesOpenedBy(SharedByClass.class, 2);

    assertThat(seen).hasSize(1);
    assertThat(SharedByClass.SEEN).hasSize(3).containsOnly(seen.get(0));
    assertThat(SharedByClass.OPEN_IN_TEST).containsOnly(true);
    assertThat(seen.get(0).closed).hasValue(1);
  }

  @Test
  void extension_constructorOfAPerClassInstance_sharesOneFixtureAcrossTheClass() {
    List<Box> seen = fixturesOpenedBy(PerClassByConstructor.class, 2);

    assertThat(seen).hasSize(1);
    assertThat(PerClassByConstructor.SEEN).hasSize(3).containsOnly(seen.get(0));
    assertThat(seen.get(0).closed).hasValue(1);
  }

  @Test
  void extension_nestedTests_eachGetTheirOwnFixture_sharedWithTheOuterBeforeEach() {
    List<Box> seen = fixturesOpenedBy(Outer.class, 3);

    assertThat(seen).hasSize(3).doesNotHaveDuplicates();
    assertThat(Outer.SAME_AS_OUTER_BEFORE_EACH).containsExactly(true, true, true);
    assertThat(seen).allSatisfy(box -> assertThat(box.closed).hasValue(1));
  }

  @Test
  void extension_anOuterBeforeAll_sharesItsFixtureWithTheNestedTests_closedOnceAfterTheLast() {
    List<Box> seen = fixturesOpenedBy(OuterSharing.class, 2);

    assertThat(seen).hasSize(1);
    assertThat(OuterSharing.SEEN).hasSize(3).containsOnly(seen.get(0));
    assertThat(OuterSharing.OPEN_IN_TEST).containsExactly(true, true);
    assertThat(seen.get(0).closed).hasValue(1);
  }

  @Test
  void extension_testsRunInParallel_eachGetTheirOwnFixture_eachClosedOnce() {
    Boxes.OPENED.clear();
    EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").configurationParameter(FIXTURES, "true")
        .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
        .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
        .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2")
        .selectors(selectClass(InParallel.class)).execute();

    assertThat(results.testEvents().succeeded().count()).isEqualTo(2);
    assertThat(InParallel.THREADS).as("both tests ran at once").hasSize(2).doesNotHaveDuplicates();
    assertThat(Boxes.OPENED).hasSize(2).doesNotHaveDuplicates()
        .allSatisfy(box -> assertThat(box.closed).hasValue(1));
  }

  @Test
  void extension_aTestThatAsksForNoPart_opensNothing() {
    assertThat(fixturesOpenedBy(AsksForNothing.class, 1)).isEmpty();
  }

  @Test
  void extension_otherParameterTypes_areNotResolved() {
    assertThat(failureOf(WantsAnInteger.class)).isInstanceOf(ParameterResolutionException.class)
        .hasMessageContaining("No ParameterResolver registered for parameter [java.lang.Integer");
    assertThat(Boxes.OPENED).isEmpty();
  }

  @Test
  void extension_aFixtureThatCannotOpen_failsTheTestWithWhy() {
    assertThat(failureOf(CannotOpen.class)).hasStackTraceContaining("cannot open the box");
  }

  @Test
  void extension_aPartThatCannotOpen_failsTheTestWithWhy_andTheFixtureIsClosed() {
    assertThat(failureOf(WantsANumber.class)).isInstanceOf(ParameterResolutionException.class)
        .hasMessage("box " + Boxes.OPENED.get(0).number + " holds no number");
    assertThat(Boxes.OPENED).hasSize(1);
    assertThat(Boxes.OPENED.get(0).closed).hasValue(1);
  }

  private static List<Box> fixturesOpenedBy(Class<?> fixture, int tests) {
    Boxes.OPENED.clear();
    EngineExecutionResults results = run(fixture);
    assertThat(results.testEvents().succeeded().count()).isEqualTo(tests);
    return List.copyOf(Boxes.OPENED);
  }

  private static Throwable failureOf(Class<?> fixture) {
    Boxes.OPENED.clear();
    List<Throwable> failures = run(fixture).testEvents().failed().stream()
        .map(event -> event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
            .orElseThrow())
        .toList();
    assertThat(failures).hasSize(1);
    return failures.get(0);
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

  /** Two tests that each check the fixture they get is open. */
  @ExtendWith(OnlyAsFixture.class)
  static final class TwoTests {
    static final List<Boolean> OPEN_IN_TEST = new CopyOnWriteArrayList<>();

    @RegisterExtension
    final Boxes boxes = new Boxes();

    @Test
    void first(Box box) {
      OPEN_IN_TEST.add(box.isOpen());
    }

    @Test
    void second(Box box) {
      OPEN_IN_TEST.add(box.isOpen());
    }
  }

  /** Takes the fixture in its constructor, as JUnit 5 allows; a new instance is made for each test. */
  @ExtendWith(OnlyAsFixture.class)
  static final class ByConstructor {
    static final List<Boolean> SAME_IN_TEST = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static final Boxes BOXES = new Boxes();

    private final Box fromConstructor;

    ByConstructor(Box box) {
      fromConstructor = box;
    }

    @Test
    void first(Box box) {
      SAME_IN_TEST.add(box == fromConstructor);
    }

    @Test
    void second(Box box) {
      SAME_IN_TEST.add(box == fromConstructor);
    }
  }

  /** A class whose @BeforeAll takes the fixture, so every test shares it. */
  @ExtendWith(OnlyAsFixture.class)
  static final class SharedByClass {
    static final List<Box> SEEN = new CopyOnWriteArrayList<>();
    static final List<Boolean> OPEN_IN_TEST = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static final Boxes BOXES = new Boxes();

    @BeforeAll
    static void start(Box box) {
      SEEN.add(box);
    }

    @Test
    void first(Box box) {
      SEEN.add(box);
      OPEN_IN_TEST.add(box.isOpen());
    }

    @Test
    void second(Box box) {
      SEEN.add(box);
      OPEN_IN_TEST.add(box.isOpen());
    }
  }

  /** One instance for the whole class, so its constructor's fixture is the class's, as a @BeforeAll's is. */
  @ExtendWith(OnlyAsFixture.class)
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static final class PerClassByConstructor {
    static final List<Box> SEEN = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static final Boxes BOXES = new Boxes();

    PerClassByConstructor(Box box) {
      SEEN.add(box);
    }

    @Test
    void first(Box box) {
      SEEN.add(box);
    }

    @Test
    void second(Box box) {
      SEEN.add(box);
    }
  }

  /** An outer class whose @BeforeEach takes the fixture, with one test of its own and two nested ones. */
  @ExtendWith(OnlyAsFixture.class)
  static class Outer {
    static final List<Boolean> SAME_AS_OUTER_BEFORE_EACH = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static final Boxes BOXES = new Boxes();

    Box outerBox;

    @BeforeEach
    void remember(Box box) {
      outerBox = box;
    }

    @Test
    void outer(Box box) {
      SAME_AS_OUTER_BEFORE_EACH.add(box == outerBox && box.isOpen());
    }

    @Nested
    class Inner {
      @Test
      void first(Box box) {
        SAME_AS_OUTER_BEFORE_EACH.add(box == outerBox && box.isOpen());
      }

      @Test
      void second(Box box) {
        SAME_AS_OUTER_BEFORE_EACH.add(box == outerBox && box.isOpen());
      }
    }
  }

  /** An outer class whose @BeforeAll takes the fixture, and nested tests only. */
  @ExtendWith(OnlyAsFixture.class)
  static class OuterSharing {
    static final List<Box> SEEN = new CopyOnWriteArrayList<>();
    static final List<Boolean> OPEN_IN_TEST = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static final Boxes BOXES = new Boxes();

    @BeforeAll
    static void start(Box box) {
      SEEN.add(box);
    }

    @Nested
    class Inner {
      @Test
      void first(Box box) {
        SEEN.add(box);
        OPEN_IN_TEST.add(box.isOpen());
      }

      @Test
      void second(Box box) {
        SEEN.add(box);
        OPEN_IN_TEST.add(box.isOpen());
      }
    }
  }

  /** Two tests that run at once, each waiting for the other before it looks at its fixture. */
  @ExtendWith(OnlyAsFixture.class)
  @Execution(ExecutionMode.CONCURRENT)
  static final class InParallel {
    static final Set<String> THREADS = ConcurrentHashMap.newKeySet();
    static final CyclicBarrier BOTH = new CyclicBarrier(2);

    @RegisterExtension
    static final Boxes BOXES = new Boxes();

    @Test
    void first(Box box) throws Exception {
      meet(box);
    }

    @Test
    void second(Box box) throws Exception {
      meet(box);
    }

    private static void meet(Box box) throws Exception {
      THREADS.add(Thread.currentThread().getName());
      BOTH.await(10, TimeUnit.SECONDS);
      assertThat(box.isOpen()).isTrue();
    }
  }

  /** Takes no part. */
  @ExtendWith(OnlyAsFixture.class)
  static final class AsksForNothing {
    @RegisterExtension
    static final Boxes BOXES = new Boxes();

    @Test
    void nothing() {
      assertThat(BOXES).isNotNull();
    }
  }

  /** Asks for a parameter the extension does not resolve. */
  @ExtendWith(OnlyAsFixture.class)
  static final class WantsAnInteger {
    @RegisterExtension
    static final Boxes BOXES = new Boxes();

    @Test
    void number(Integer number) {
      assertThat(number).isNotNull();
    }
  }

  /** Asks for a part the fixture cannot open. */
  @ExtendWith(OnlyAsFixture.class)
  static final class WantsANumber {
    @RegisterExtension
    static final Boxes BOXES = new Boxes();

    @Test
    void number(Long number) {
      assertThat(number).isNotNull();
    }
  }

  /** Asks for a part of a fixture that cannot open. */
  @ExtendWith(OnlyAsFixture.class)
  static final class CannotOpen {
    @RegisterExtension
    static final Broken BROKEN = new Broken();

    @Test
    void box(Box box) {
      assertThat(box).isNotNull();
    }
  }
}
