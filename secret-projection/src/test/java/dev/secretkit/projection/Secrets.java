package dev.secretkit.projection;

import dev.secretkit.client.SecretClient;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.memory.InMemorySecretStoreProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** A memory store with a client that writes secrets to it from YAML, for projection tests. */
final class Secrets implements AutoCloseable {
  final SecretStore store = new InMemorySecretStoreProvider().open(StoreConfig.parse("memory:", Map.of(),
      Clock.systemUTC()));
  final SecretClient client = SecretClient.builder().store(store).environment(Map.of()).build();
  private final Path directory;

  Secrets(Path directory) {
    this.directory = directory;
  }

  /** Applies a v1 key-value-properties secret in {@code workspace} holding {@code data}, with optional files. */
  Secrets put(String workspace, String name, Map<String, String> data, Map<String, String> files) {
    try {
      StringBuilder yaml = new StringBuilder("name: " + name + "\nversion: v1\ntype: secret\n");
      if (workspace != null) {
        yaml.append("workspace: ").append(workspace).append('\n');
      }
      yaml.append("secret:\n  type: key-value-properties\n  acl: r\n");
      if (!data.isEmpty()) {
        yaml.append("  data:\n");
        data.forEach((key, value) -> yaml.append("    ").append(key).append(": '").append(value.replace("'", "''"))
            .append("'\n"));
      }
      if (!files.isEmpty()) {
        yaml.append("  files:\n");
        for (Map.Entry<String, String> file : files.entrySet()) {
          Path path = directory.resolve(file.getKey().split("=")[1]);
          Files.writeString(path, file.getValue());
          yaml.append("    ").append(file.getKey().split("=")[0]).append(": ").append(path.getFileName())
              .append('\n');
        }
      }
      Path manifest = Files.createTempFile(directory, name, ".yaml");
      Files.writeString(manifest, yaml);
      client.apply(manifest);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Secrets put(String name, Map<String, String> data) {
    return put(null, name, data, Map.of());
  }

  @Override
  public void close() {
    client.close();
    store.close();
  }
}
