package dev.secretkit.store.file;

import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared set-up of the file store's tests: keys, configs, metadata and values. */
final class TestStores {
  static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");

  private TestStores() {
  }

  static String newKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  static StoreConfig config(String uri, Map<String, String> environment) {
    return StoreConfig.parse(uri, environment, Clock.systemUTC());
  }

  static SecretStore open(Path directory, String key) {
    return new FileSecretStoreProvider().open(config("file:" + directory, Map.of(MasterKey.VARIABLE, key)));
  }

  static SecretStore openWithKeyFile(Path directory) {
    return new FileSecretStoreProvider().open(config("file:" + directory, Map.of("HOME", directory.toString())));
  }

  static SecretMetadata metadata(String author, Instant time) {
    return new SecretMetadata("secret", "v1", "key-value-properties", "r", "alice", List.of("t1"), "test secret",
        null, List.of(), List.of(), T0, "alice", time, author);
  }

  static Map<String, SecretValue> values(String... pairs) {
    Map<String, SecretValue> values = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      values.put(pairs[i], SecretValue.ofString(pairs[i + 1]));
    }
    return values;
  }
}
