package dev.secretkit.backend.aws;

import dev.secretkit.internal.ManifestPaths;

/** A planted violation, never used: backend code that reaches into SecretKit's {@code internal}, for {@code BackendArchitectureRulesTest}. */
final class PlantedInternalUse {
  private PlantedInternalUse() {
  }

  static String path(String key) {
    return ManifestPaths.child(ManifestPaths.ROOT, key);
  }
}
