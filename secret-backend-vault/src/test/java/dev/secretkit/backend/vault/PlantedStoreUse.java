package dev.secretkit.backend.vault;

import dev.secretkit.store.memory.InMemorySecretStoreProvider;

/**
 * A planted violation, never used: backend code that reaches into another store, for
 * {@code BackendArchitectureRulesTest}.
 */
final class PlantedStoreUse {
  private PlantedStoreUse() {
  }

  static String type() {
    return new InMemorySecretStoreProvider().type();
  }
}
