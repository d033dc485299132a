package dev.secretkit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The "pg-r" Secret manifest the CLI tests apply: a read-only {@code key-value-properties} secret in the default
 * workspace with the keys {@code username} (fake-user) and {@code password}, written to {@code pg.yaml}.
 */
final class PgManifest {
  private PgManifest() {
  }

  /** Writes the manifest with {@code password} to {@code dir/pg.yaml}, replacing any, and returns its path. */
  static Path write(Path dir, String password) throws IOException {
    return Files.writeString(dir.resolve("pg.yaml"), yaml("", password));
  }

  /** Writes the manifest, tagged {@code source:postgresql}, with {@code password} to {@code dir/pg.yaml}. */
  static Path writeTagged(Path dir, String password) throws IOException {
    return Files.writeString(dir.resolve("pg.yaml"), yaml("tags: [source:postgresql]\n", password));
  }

  private static String yaml(String tags, String password) {
    return """
        name: pg-r
        version: v1
        type: secret
        %ssecret:
          type: key-value-properties
          acl: r
          data:
            username: fake-user
            password: "%s"
        """.formatted(tags, password);
  }
}
