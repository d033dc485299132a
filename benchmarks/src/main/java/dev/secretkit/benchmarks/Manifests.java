package dev.secretkit.benchmarks;

import dev.secretkit.client.SecretClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * Writes the benchmarks' secrets through a client: each a {@code key-value-properties} secret with a {@code username}
 * and a 32-byte {@code password}, every value an obviously fake one.
 */
final class Manifests {
  private Manifests() {
  }

  /** Applies one secret per name in {@code names} through {@code client}, from one multi-document manifest file. */
  static void apply(SecretClient client, Collection<String> names) {
    StringBuilder text = new StringBuilder();
    for (String name : names) {
      text.append("""
          ---
          name: %s
          version: v1
          type: secret
          secret:
            type: key-value-properties
            acl: r
            data:
              username: bench-user
              password: %s
          """.formatted(name, password(name)));
    }
    try {
      Path file = Files.createTempFile("secretkit-bench", ".yaml");
      try {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        client.apply(file);
      } finally {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the fake 32-byte password of secret {@code name}. */
  static String password(String name) {
    String text = "fake-" + name + "-0123456789abcdefghijklmnopqrstuvwxyz";
    return text.substring(0, 32);
  }
}
