package dev.secretkit.testkit;

import dev.secretkit.SecretId;
import dev.secretkit.access.Principal;
import dev.secretkit.client.SecretClient;
import dev.secretkit.emulator.support.FixtureExtension;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.memory.InMemorySecretStoreProvider;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

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
 * Each {@code with} method returns a new extension; instances are immutable and thread-safe. When it opens
 * and closes a fixture is that of every SecretKit emulator's extension ({@link FixtureExtension}).
 */
public final class SecretClientExtension extends FixtureExtension {
  /** The id of the local user a client acts as unless {@link #withPrincipal} says otherwise. */
  public static final String DEFAULT_PRINCIPAL = "test-user";

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
    super(SecretClient.class, ManualClock.class, SecretStore.class);
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

  /** Returns the principal, scope and start time, such as {@code SecretClientExtension[test-user (local user), public, ...]}. */
  @Override
  public String toString() {
    return "SecretClientExtension[" + principal + ", " + defaultScope + ", " + start + "]";
  }

  /** Opens a test's clock, empty in-memory store and client on it. */
  @Override
  protected Fixture open() {
    ManualClock clock = new ManualClock(start);
    SecretStore store = new InMemorySecretStoreProvider().open(StoreConfig.parse("memory:", environment, clock));
    try {
      SecretClient client = SecretClient.builder().store(store).clock(clock).principal(principal)
          .defaultScope(defaultScope).environment(environment).build();
      return new InMemoryClient(clock, store, client);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** One test's client, store and clock. */
  private static final class InMemoryClient implements Fixture {
    private final ManualClock clock;
    private final SecretStore store;
    private final SecretClient client;

    InMemoryClient(ManualClock clock, SecretStore store, SecretClient client) {
      this.clock = clock;
      this.store = store;
      this.client = client;
    }

    @Override
    public Object part(Class<?> type) {
      if (type == SecretClient.class) {
        return client;
      }
      return type == ManualClock.class ? clock : store;
    }

    /** Closes the client, then the store. */
    @Override
    public void close() {
      try {
        client.close();
      } finally {
        store.close();
      }
    }
  }
}
