package dev.secretkit.backend.aws;

import dev.secretkit.internal.Suggestions;
import java.util.List;

/** A planted violation, never used: backend code that reaches into SecretKit's {@code internal}, for {@code BackendArchitectureRulesTest}. */
final class PlantedInternalUse {
  private PlantedInternalUse() {
  }

  static List<String> suggest(String region) {
    return Suggestions.close(region, List.of("eu-west-1", "us-east-1"), 1);
  }
}
