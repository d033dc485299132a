package dev.secretkit.testkit;

import dev.secretkit.SecretId;
import dev.secretkit.access.Principal;
import dev.secretkit.client.SecretClient;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.memory.InMemorySecretStoreProvider;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstantiationAwareExtension;

/**
 * A JUnit 5 extension that hands a test a ready {@link SecretClient} on a fresh, empty in-memory
 * store, and closes both after the test.
 *
 * <p>Parameters of type {@link SecretClient}, {@link ManualClock} (the clock the client and store
 * use) and {@link SecretStore} (the store under the client) are resolved; within one test, its
 * {@code @BeforeEach} and {@code @AfterEach} methods and its test class's constructor, they are the
 * same instances, and the next test gets new ones on a new, empty store. A class whose
 * {@code @BeforeAll} method takes one instead, or whose constructor does under
 * {@code @TestInstance(PER_CLASS)} (one instance for all its tests), gets a single client that all
 * its tests share, closed after the last of them.
 *
 * <p>With {@code @ExtendWith(SecretClientExtension.class)} the client acts as the local user
 * {@value #DEFAULT_PRINCIPAL} with every right, in scope {@code public}, with an empty environment
 * and a clock at {@link ManualClock#DEFAULT_START_TEXT}. To change that, register a configured one:
 * <pre>{@code
 * @RegisterExtension
 * static final SecretClientExtension SECRETS = new SecretClientExtension()
 *     .withPrincipal(Principal.of("alice", Role.DATA_DEVELOPER))
 *     .withDefaultScope("sales");
 * }</pre>
 * Each {@code with} method returns a new extension; instances are immutable and thread-safe.
 */
public final class SecretClientExtension implements ParameterResolver, AfterEachCallback, AfterAllCallback,
    TestInstantiationAwareExtension {
  /** The id of the local user a client acts as unless {@link #withPrincipal} says otherwise. */
  public static final String DEFAULT_PRINCIPAL = "test-user";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SecretClientExtension.class);
  private static final String FIXTURE = "fixture";

  private final Principal principal;
  private final String defaultScope;
  private final Instant start;
  private final Map<String, String> environment;

  /** Creates the extension with the defaults above. */
  public SecretClientExtension() {
    this(Principal.localUser(DEFAULT_PRINCIPAL), SecretId.DEFAULT_SCOPE,
        Instant.parse(ManualClock.DEFAULT_START_TEXT), Map.of());
  }

  private SecretClientExtension(Principal principal, String defaultScope, Instant start,
      Map<String, String> environment) {
    this.principal = principal;
    this.defaultScope = defaultScope;
    this.start = start;
    this.environment = environment;
  }

  /** Returns an extension whose clients act as {@code actingPrincipal}. */
  public SecretClientExtension withPrincipal(Principal actingPrincipal) {
    return new SecretClientExtension(Objects.requireNonNull(actingPrincipal, "principal"), defaultScope, start,
        environment);
  }

  /**
   * Returns an extension whose clients use {@code scope} for ids and references that name none.
   *
   * @throws dev.secretkit.InvalidReferenceException if {@code scope} is not a valid scope name
   */
  public SecretClientExtension withDefaultScope(String scope) {
    return new SecretClientExtension(principal, SecretId.checkScope(scope), start, environment);
  }

  /** Returns an extension whose clocks start at {@code instant}. */
  public SecretClientExtension withStartTime(Instant instant) {
    return new SecretClientExtension(principal, defaultScope, Objects.requireNonNull(instant, "instant"),
        environment);
  }

  /** Returns an extension whose clients interpolate manifests from {@code variables} instead of nothing. */
  public SecretClientExtension withEnvironment(Map<String, String> variables) {
    return new SecretClientExtension(principal, defaultScope, start, Map.copyOf(variables));
  }

  /**
   * Resolves a test constructor's parameters in the test's own context, so a test that takes the
   * client in its constructor gets its own, as one that takes it in the test method does.
   */
  @Override
  public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
    return ExtensionContextScope.TEST_METHOD;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == SecretClient.class || type == ManualClock.class || type == SecretStore.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Fixture fixture = context.getStore(NAMESPACE).getOrComputeIfAbsent(FIXTURE, key -> open(), Fixture.class);
    Class<?> type = parameter.getParameter().getType();
    if (type == SecretClient.class) {
      return fixture.client;
    }
    return type == ManualClock.class ? fixture.clock : fixture.store;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close(context);
  }

  /** Returns the principal, scope and start time, such as {@code SecretClientExtension[test-user (local user), public, ...]}. */
  @Override
  public String toString() {
    return "SecretClientExtension[" + principal + ", " + defaultScope + ", " + start + "]";
  }

  private Fixture open() {
    ManualClock clock = new ManualClock(start);
    SecretStore store = new InMemorySecretStoreProvider().open(StoreConfig.parse("memory:", environment, clock));
    try {
      SecretClient client = SecretClient.builder().store(store).clock(clock).principal(principal)
          .defaultScope(defaultScope).environment(environment).build();
      return new Fixture(clock, store, client);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private static void close(ExtensionContext context) {
    Fixture fixture = context.getStore(NAMESPACE).remove(FIXTURE, Fixture.class);
    if (fixture != null) {
      try {
        fixture.client.close();
      } finally {
        fixture.store.close();
      }
    }
  }

  /** One test's client, store and clock; deliberately not AutoCloseable so only this extension closes it. */
  private static final class Fixture {
    private final ManualClock clock;
    private final SecretStore store;
    private final SecretClient client;

    Fixture(ManualClock clock, SecretStore store, SecretClient client) {
      this.clock = clock;
      this.store = store;
      this.client = client;
    }
  }
}
