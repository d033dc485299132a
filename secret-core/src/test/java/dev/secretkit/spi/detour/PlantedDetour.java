package dev.secretkit.spi.detour;

import dev.secretkit.internal.ManifestPaths;

/**
 * A planted violation, never used: a package that no layer names, through which backend-facing
 * code could reach {@code internal}, for {@code ArchitectureRulesTest}.
 */
public final class PlantedDetour {
  private PlantedDetour() {
  }

  /** Returns the path of {@code key} under the document root, by core's internal helper. */
  public static String path(String key) {
    return ManifestPaths.child(ManifestPaths.ROOT, key);
  }
}
