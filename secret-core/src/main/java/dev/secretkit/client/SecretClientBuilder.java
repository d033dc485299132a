package dev.secretkit.client;

import dev.secretkit.ConfigurationException;
import dev.secretkit.InvalidReferenceException;
import dev.secretkit.SecretId;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.access.Principal;
import dev.secretkit.spi.SecretStore;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Configures a {@link SecretClient}; {@link #build()} checks every option and returns an
 * immutable, thread-safe client. A builder is not thread-safe and may build several clients.
 *
 * <p>The store is chosen, in order, by {@link #store(SecretStore)}, by {@link #store(String)},
 * by the environment variable {@value #STORE_VARIABLE} when it is set and not blank, and
 * otherwise is the encrypted file store in {@code ~/.secretkit/} ({@value #DEFAULT_STORE}).
 */
public final class SecretClientBuilder {
  /** The environment variable that names the default store URI. */
  public static final String STORE_VARIABLE = "SECRETKIT_STORE";
  /** The store used when nothing else names one: the encrypted file store in {@code ~/.secretkit/}. */
  public static final String DEFAULT_STORE = "file:";

  private String uri;
  private SecretStore store;
  private StoreRegistry registry;
  private String defaultScope = SecretId.DEFAULT_SCOPE;
  private Principal principal;
  private Clock clock = Clock.systemUTC();
  private Map<String, String> environment;
  private boolean interpolation = true;
  private CachePolicy cachePolicy;
  private Ticker ticker;
  private ResolveObserver observer = ResolveObserver.NONE;

  SecretClientBuilder() {
  }

  /** Uses the store {@code uri} names, such as {@code memory:} or {@code file:/var/lib/app/secrets}. */
  public SecretClientBuilder store(String uri) {
    this.uri = Objects.requireNonNull(uri, "uri");
    return this;
  }

  /** Uses an open store, which the client will not close; overrides {@link #store(String)}. */
  public SecretClientBuilder store(SecretStore openStore) {
    this.store = Objects.requireNonNull(openStore, "store");
    return this;
  }

  /** Uses {@code providers} to open the store URI; by default a registry with {@link java.util.ServiceLoader} discovery. */
  public SecretClientBuilder registry(StoreRegistry providers) {
    this.registry = Objects.requireNonNull(providers, "registry");
    return this;
  }

  /** Sets the scope for ids and references that name none; {@code public} by default. */
  public SecretClientBuilder defaultScope(String scope) {
    this.defaultScope = Objects.requireNonNull(scope, "scope");
    return this;
  }

  /** Acts as {@code actingPrincipal}; by default the local user with every right, named by {@code USER}. */
  public SecretClientBuilder principal(Principal actingPrincipal) {
    this.principal = Objects.requireNonNull(actingPrincipal, "principal");
    return this;
  }

  /** Uses {@code time} for every timestamp and, in stores the client opens, for theirs; the UTC system clock by default. */
  public SecretClientBuilder clock(Clock time) {
    this.clock = Objects.requireNonNull(time, "clock");
    return this;
  }

  /**
   * Uses {@code variables} for manifest interpolation, {@value #STORE_VARIABLE}, and store
   * settings such as {@code SECRETKIT_MASTER_KEY}; the process environment by default.
   */
  public SecretClientBuilder environment(Map<String, String> variables) {
    this.environment = Map.copyOf(variables);
    return this;
  }

  /** Sets whether {@link SecretClient#apply(java.nio.file.Path)} expands {@code $VAR}; on by default. */
  public SecretClientBuilder interpolation(boolean enabled) {
    this.interpolation = enabled;
    return this;
  }

  /**
   * Caches what the client resolves under {@code policy}, such as {@code CachePolicy.defaults()};
   * by default nothing is cached and every resolve reads the store.
   */
  public SecretClientBuilder cache(CachePolicy policy) {
    this.cachePolicy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * Measures the cache's time-to-live, stale window and backoff with {@code time}, a ticker that
   * tests advance by hand; by default the system's monotonic clock, read every 10 ms by one daemon
   * thread that every client shares and the last one's {@link SecretClient#close()} stops, so that a
   * cache hit does not pay for a clock read.
   */
  public SecretClientBuilder ticker(Ticker time) {
    this.ticker = Objects.requireNonNull(time, "ticker");
    return this;
  }

  /**
   * Tells {@code listener} of cache hits, misses, stale serves, evictions and timed store calls,
   * for metrics (the {@code secret-micrometer} module has one for Micrometer); by default nobody.
   */
  public SecretClientBuilder observer(ResolveObserver listener) {
    this.observer = Objects.requireNonNull(listener, "observer");
    return this;
  }

  /**
   * Opens the store if needed and returns the client.
   *
   * @throws InvalidReferenceException if the default scope breaks the scope rule
   * @throws ConfigurationException if the store URI is malformed, unknown, or its store cannot be set up
   * @throws StoreUnavailableException if the store cannot be reached
   */
  public SecretClient build() {
    SecretId.checkScope(defaultScope);
    Map<String, String> env = environment != null ? environment : System.getenv();
    Principal actor = principal != null ? principal : Principal.localUser(localUserName(env));
    boolean owned = store == null;
    SecretStore opened = store;
    if (owned) {
      StoreRegistry providers = registry != null ? registry : StoreRegistry.builder().build();
      opened = providers.open(storeUri(uri, env), env, clock);
    }
    return new DefaultSecretClient(opened, owned, defaultScope, actor, clock, env, interpolation, cachePolicy, ticker,
        observer);
  }

  /**
   * Returns the URI of the store a client opens when given {@code uri} (null when none is) in
   * {@code environment}: {@code uri}, else {@value #STORE_VARIABLE} when it is set and not blank,
   * else {@value #DEFAULT_STORE}.
   */
  public static String storeUri(String uri, Map<String, String> environment) {
    String fromEnvironment = environment.get(STORE_VARIABLE);
    return uri != null ? uri : fromEnvironment == null || fromEnvironment.isBlank() ? DEFAULT_STORE : fromEnvironment;
  }

  private static String localUserName(Map<String, String> env) {
    String name = env.getOrDefault("USER", System.getProperty("user.name", "local"));
    try {
      return Principal.checkId(name);
    } catch (IllegalArgumentException e) {
      return "local";
    }
  }
}
