package dev.secretkit.store.file;

import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.spi.StoredSecret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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
    return new FileSecretStoreProvider().open(config("file:" + directory, Map.of(KeySource.VARIABLE, key)));
  }

  /** Opens the store in {@code directory} with its default key file, under a home directory beside it. */
  static SecretStore openWithKeyFile(Path directory) {
    return new FileSecretStoreProvider().open(config("file:" + directory, Map.of("HOME", home(directory).toString())));
  }

  /** Returns the home directory {@link #openWithKeyFile} gives the store in {@code directory}. */
  static Path home(Path directory) {
    return directory.resolveSibling(directory.getFileName() + "-home");
  }

  /** Returns the default key file of the store in {@code directory}, opened by {@link #openWithKeyFile}. */
  static Path keyFile(Path directory) {
    return home(directory).resolve(".config/secretkit/keys/" + storeId(directory) + ".key");
  }

  /** Returns the id in the store file of the store in {@code directory}. */
  static String storeId(Path directory) {
    try {
      return StoreInfo.read(directory).orElseThrow().storeId();
    } catch (IOException | StoreInfo.MalformedException e) {
      throw new IllegalStateException(e);
    }
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

  /**
   * Returns every entry under {@code root} with its mode and a digest of its content, sorted, or
   * an empty list when {@code root} does not exist: equal before and after means nothing changed.
   */
  static List<String> tree(Path root) {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.walk(root)) {
      return entries.sorted().map(entry -> {
        try {
          String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(entry));
          String content = Files.isRegularFile(entry)
              ? HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(entry))) : "";
          return root.relativize(entry) + " " + mode + " " + content;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
      }).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the value of key {@code password} of the latest version of {@code id}. */
  static String password(SecretStore store, SecretId id) {
    return store.read(id).orElseThrow().values().get("password").asString();
  }

  /** Writes {@code password} as the next version of {@code id}, by alice. */
  static StoredSecret update(SecretStore store, SecretId id, String password) {
    StoredSecret current = store.read(id).orElseThrow();
    return store.update(id, current.revision(), metadata("alice", T0), values("password", password));
  }
}
