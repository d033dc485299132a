package dev.secretkit.backend.aws;

import dev.secretkit.store.memory.InMemorySecretStoreProvider;

/**
 * A planted violation, never used: backend code that reaches into another store, for
 * {@code BackendArchitectureRulesTest}. (Core's {@code internal} package cannot even be named here:
 * secret-core's module does not export it.)
 */
final class PlantedStoreUse {
  private PlantedStoreUse() {
  }

  static String type() {
    return new InMemorySecretStoreProvider().type();
  }
}
