package dev.secretkit;

import dev.secretkit.manifest.SecretManifest;
import dev.secretkit.manifest.SecretSection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds small valid manifests for client tests. */
public final class Manifests {
  private Manifests() {
  }

  /** Returns a V1 key-value-properties secret in the client's default scope, holding {@code keysAndValues}. */
  public static SecretManifest secret(String name, String... keysAndValues) {
    Map<String, SecretValue> data = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      data.put(keysAndValues[i], SecretValue.ofString(keysAndValues[i + 1]));
    }
    return new SecretManifest(name, "v1", "secret", List.of(), null, null, null, null,
        new SecretSection("key-value-properties", "r", data, Map.of()));
  }
}
