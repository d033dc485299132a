package dev.secretkit.client;

import dev.secretkit.ConfigurationException;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.SecretStoreProvider;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.spi.support.Suggestions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The store providers one client can use, by type: explicitly registered ones first, then those
 * {@link ServiceLoader} finds.
 *
 * <p>An explicitly registered provider replaces a discovered one of the same type. Two explicit
 * providers of one type, or two discovered ones, are a {@link ConfigurationException} naming
 * both classes; a provider that fails to load is a {@code ConfigurationException} whose cause is
 * the failure. Nothing is static: each registry is built on its own. Instances are immutable and
 * thread-safe. Each store it opens is logged at {@code DEBUG} to the {@code System.Logger} named after this
 * class: its type and description, which hides credentials.
 */
public final class StoreRegistry {
  private static final System.Logger LOG = System.getLogger(StoreRegistry.class.getName());

  private final Map<String, SecretStoreProvider> providers;

  private StoreRegistry(Map<String, SecretStoreProvider> providers) {
    this.providers = Collections.unmodifiableMap(new TreeMap<>(providers));
  }

  /** Returns a builder with no providers and discovery through the context class loader switched on. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns every provider, ordered by type. */
  public List<SecretStoreProvider> providers() {
    return List.copyOf(providers.values());
  }

  /**
   * Returns the provider of {@code type}.
   *
   * @throws ConfigurationException if there is none; the message lists the known types
   */
  public SecretStoreProvider provider(String type) {
    SecretStoreProvider provider = providers.get(type);
    if (provider == null) {
      String guess = Suggestions.close(type, providers.keySet(), 1).stream().map(t -> " (did you mean '" + t + "'?)")
          .findFirst().orElse("");
      throw new ConfigurationException("unknown store type '" + printable(type) + "'" + guess
          + "; known types: " + (providers.isEmpty() ? "none" : String.join(", ", providers.keySet()))
          + ". A backend's jar must be on the class path to be found");
    }
    return provider;
  }

  /**
   * Opens the store {@code uri} names.
   *
   * @throws ConfigurationException if the URI is malformed, its type unknown, or its provider
   *     finds problems with it; the message lists every problem
   * @throws StoreUnavailableException if the store cannot be reached
   */
  public SecretStore open(String uri, Map<String, String> environment, Clock clock) {
    StoreConfig config = StoreConfig.parse(uri, environment, clock);
    SecretStoreProvider provider = provider(config.type());
    List<String> problems = provider.validate(config);
    if (!problems.isEmpty()) {
      throw new ConfigurationException("cannot open store " + config.describe() + ": " + String.join("; ", problems));
    }
    SecretStore store = Objects.requireNonNull(provider.open(config),
        () -> provider.getClass().getName() + ".open returned null");
    LOG.log(System.Logger.Level.DEBUG, () -> "opened store " + store.description() + " (type " + config.type()
        + ", provider " + provider.getClass().getName() + ")");
    return store;
  }

  /** Collects providers for a {@link StoreRegistry}; not thread-safe. */
  public static final class Builder {
    private final List<SecretStoreProvider> explicit = new ArrayList<>();
    private boolean discover = true;
    private ClassLoader classLoader;

    private Builder() {
    }

    /** Registers {@code provider}; it wins over a discovered provider of the same type. */
    public Builder register(SecretStoreProvider provider) {
      explicit.add(Objects.requireNonNull(provider, "provider"));
      return this;
    }

    /** Sets whether {@link ServiceLoader} discovery runs; on by default. */
    public Builder discover(boolean enabled) {
      this.discover = enabled;
      return this;
    }

    /** Sets the class loader discovery uses; the thread's context class loader by default. */
    public Builder classLoader(ClassLoader loader) {
      this.classLoader = Objects.requireNonNull(loader, "loader");
      return this;
    }

    /**
     * Builds the registry, running discovery now.
     *
     * @throws ConfigurationException if two providers share a type or a provider fails to load
     */
    public StoreRegistry build() {
      Map<String, SecretStoreProvider> found = new TreeMap<>();
      for (SecretStoreProvider provider : explicit) {
        add(found, provider, "registered");
      }
      if (discover) {
        Map<String, SecretStoreProvider> discovered = new TreeMap<>();
        ClassLoader loader = classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader();
        try {
          for (SecretStoreProvider provider : ServiceLoader.load(SecretStoreProvider.class, loader)) {
            if (!found.containsKey(typeOf(provider))) {
              add(discovered, provider, "discovered");
            }
          }
        } catch (ServiceConfigurationError e) {
          throw new ConfigurationException("a store provider failed to load: " + e.getMessage(), e);
        }
        discovered.forEach(found::putIfAbsent);
      }
      return new StoreRegistry(found);
    }

    private static void add(Map<String, SecretStoreProvider> providers, SecretStoreProvider provider, String how) {
      String type = typeOf(provider);
      SecretStoreProvider other = providers.putIfAbsent(type, provider);
      if (other != null) {
        throw new ConfigurationException("two " + how + " store providers have type '" + type + "': "
            + other.getClass().getName() + " and " + provider.getClass().getName() + "; remove one from the class path"
            + " or register the one you want explicitly");
      }
    }

    private static String typeOf(SecretStoreProvider provider) {
      try {
        return Objects.requireNonNull(provider.type(), "type");
      } catch (RuntimeException e) {
        throw new ConfigurationException("store provider " + provider.getClass().getName() + " failed to say its type",
            e);
      }
    }
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().limit(80).forEach(c -> {
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && Character.isISOControl(c))) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return text.codePointCount(0, text.length()) > 80 ? out.append("...").toString() : out.toString();
  }
}
