package dev.secretkit.backend.gcp;

import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.access.Grant;
import dev.secretkit.spi.StoredSecret;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the tests write into a gcp-sm store and read back: a Secret manifest's metadata, and key-value pairs. */
final class TestSecrets {
  private TestSecrets() {
  }

  /** Returns the metadata of a key-value Secret that {@code owner} created and last changed at {@code at}. */
  static SecretMetadata metadata(String owner, Instant at) {
    return metadata(owner, List.of(), at);
  }

  /** Returns such metadata that also grants {@code grants}. */
  static SecretMetadata metadata(String owner, List<Grant> grants, Instant at) {
    return new SecretMetadata("secret", "v1", "key-value-properties", "r", owner, List.of(), null, null, grants,
        List.of(), at, owner, at, owner);
  }

  /** Returns the values {@code k1, v1, k2, v2, ...}, in that order. */
  static Map<String, SecretValue> values(String... keysAndValues) {
    Map<String, SecretValue> values = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      values.put(keysAndValues[i], SecretValue.ofString(keysAndValues[i + 1]));
    }
    return values;
  }

  /** Returns the text of {@code secret}'s value under {@code key}. */
  static String text(StoredSecret secret, String key) {
    return secret.values().get(key).asString();
  }
}
