package dev.secretkit.spi;

import dev.secretkit.internal.Suggestions;
import java.util.List;

/** A planted violation, never used: an SPI class that reaches into {@code internal}, for {@code ArchitectureRulesTest}. */
final class PlantedInternalUse {
  private PlantedInternalUse() {
  }

  static List<String> suggest(String word) {
    return Suggestions.close(word, List.of("memory", "file"), 1);
  }
}
