package dev.secretkit.emulator.support;

import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstantiationAwareExtension;

/**
 * A JUnit 5 extension that opens one {@link Fixture} (an emulator, a client on it) for each test on the first
 * parameter the test asks for, hands the fixture's parts out as parameters, and closes it after the test.
 *
 * <p>Parameters of exactly the types given at construction are resolved. Within one test, its
 * {@code @BeforeEach} and {@code @AfterEach} methods and its test class's constructor they come from the same
 * fixture, and the next test gets a new one. A class whose {@code @BeforeAll} method takes one instead, or whose
 * constructor does under {@code @TestInstance(PER_CLASS)}, gets a single fixture that all its tests share, closed
 * after the last of them. A test that asks for no parameter opens nothing.
 *
 * <p>A subclass says how to {@link #open} a fixture. The fixture is kept in the extension context's store under
 * the subclass's own namespace, wrapped so that only this extension closes it, once. Instances are thread-safe if
 * the subclass's {@link #open} is.
 */
public abstract class FixtureExtension implements ParameterResolver, AfterEachCallback, AfterAllCallback,
    TestInstantiationAwareExtension {
  private static final String FIXTURE = "fixture";

  /** What one test, or one class, shares: the parts it hands out as parameters, and their closing. */
  public interface Fixture {
    /**
     * Returns the part a parameter of {@code type}, one of the extension's resolved types, gets; it may open that
     * part on first use.
     *
     * @throws org.junit.jupiter.api.extension.ParameterResolutionException if that part cannot be opened; the
     *     message says why
     */
    Object part(Class<?> type);

    /** Closes every part that was opened; called once, after the test or class the fixture was opened for. */
    void close();
  }

  private final Set<Class<?>> resolvedTypes;

  /** Creates an extension that resolves parameters of exactly {@code resolvedTypes}. */
  protected FixtureExtension(Class<?>... resolvedTypes) {
    this.resolvedTypes = Set.of(resolvedTypes);
  }

  /**
   * Opens a fixture for a test, or a class, that asked for one of its parts: starts an emulator, say. What it
   * throws fails the test that asked.
   */
  protected abstract Fixture open();

  /**
   * Resolves a test constructor's parameters in the test's own context, so a test that takes a part in its
   * constructor gets its own fixture, as one that takes it in the test method does.
   */
  @Override
  public final ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
    return ExtensionContextScope.TEST_METHOD;
  }

  /** Returns whether the parameter's type is exactly one of the resolved types. */
  @Override
  public final boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return resolvedTypes.contains(parameter.getParameter().getType());
  }

  /** Returns the part of the context's fixture the parameter asks for, opening the fixture on first use. */
  @Override
  public final Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Held held = context.getStore(namespace()).getOrComputeIfAbsent(FIXTURE, key -> new Held(open()), Held.class);
    return held.fixture.part(parameter.getParameter().getType());
  }

  /** Closes the test's fixture, if it opened one. */
  @Override
  public final void afterEach(ExtensionContext context) {
    closeFixture(context);
  }

  /** Closes the class's fixture, if its {@code @BeforeAll} methods or per-class constructor opened one. */
  @Override
  public final void afterAll(ExtensionContext context) {
    closeFixture(context);
  }

  private void closeFixture(ExtensionContext context) {
    Held held = context.getStore(namespace()).remove(FIXTURE, Held.class);
    if (held != null) {
      held.fixture.close();
    }
  }

  private ExtensionContext.Namespace namespace() {
    return ExtensionContext.Namespace.create(getClass());
  }

  /** A fixture in the store; deliberately not AutoCloseable, so that JUnit never closes it behind the extension. */
  private static final class Held {
    private final Fixture fixture;

    Held(Fixture fixture) {
      this.fixture = Objects.requireNonNull(fixture, "fixture");
    }
  }
}
