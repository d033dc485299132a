package dev.secretkit.spi;

import dev.secretkit.internal.ManifestPaths;

/** A planted violation, never used: an SPI class that reaches into {@code internal}, for {@code ArchitectureRulesTest}. */
final class PlantedInternalUse {
  private PlantedInternalUse() {
  }

  static String path(String key) {
    return ManifestPaths.child(ManifestPaths.ROOT, key);
  }
}
