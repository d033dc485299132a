package dev.secretkit.store.memory;

import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.SecretStoreProvider;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.spi.StoreLimits;
import dev.secretkit.spi.StoreParameters;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens in-memory stores, type {@code memory}: {@code memory:} with optional
 * {@code ?maxValueBytes=N&maxKeys=N&maxSecretBytes=N&maxMetadataBytes=N&versionsRetained=N}.
 *
 * <p>Each {@link #open} returns a new, empty store that lives as long as the object; it keeps
 * every version (or the newest {@code versionsRetained}) and records each version's author. It is the reference store for tests and
 * examples. The provider is stateless and thread-safe.
 */
public final class InMemorySecretStoreProvider implements SecretStoreProvider {
  /** The limits of a store whose URI sets none: 1 MiB per value, 1,024 keys, 4 MiB per secret. */
  public static final StoreLimits DEFAULT_LIMITS = StoreLimits.of(1 << 20, 1024, 4 << 20).withMaxMetadataBytes(1 << 20);

  /** Creates the provider; it does no work until {@link #open}. */
  public InMemorySecretStoreProvider() {
    // Stateless.
  }

  @Override
  public String type() {
    return "memory";
  }

  @Override
  public List<String> uriForms() {
    return List.of("memory:", "memory:?maxValueBytes=N&maxKeys=N&maxSecretBytes=N&maxMetadataBytes=N&versionsRetained=N");
  }

  @Override
  public List<String> validate(StoreConfig config) {
    List<String> problems = new ArrayList<>();
    if (!config.location().isEmpty()) {
      problems.add("an in-memory store has no location: write memory: with nothing before '?'");
    }
    StoreParameters.checkParameters(config, List.of(), Integer.MAX_VALUE, problems::add);
    return problems;
  }

  @Override
  public SecretStore open(StoreConfig config) {
    StoreParameters.requireValid(config, validate(config));
    return new InMemorySecretStore(config.describe(), StoreParameters.limits(config, DEFAULT_LIMITS),
        StoreParameters.number(config, StoreParameters.VERSIONS_RETAINED, 0));
  }
}
