package dev.secretkit.manifest;

import dev.secretkit.SecretValue;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One entry of a manifest's {@code files:}: the path as written and the bytes it held when read.
 *
 * @param path the path as written in the manifest, after interpolation
 * @param resolved the absolute path that was read: {@code path} resolved against the manifest's directory
 * @param content the file's bytes
 */
public record FileEntry(String path, Path resolved, SecretValue content) {

  /** Checks that no component is null. */
  public FileEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(resolved, "resolved");
    Objects.requireNonNull(content, "content");
  }
}
