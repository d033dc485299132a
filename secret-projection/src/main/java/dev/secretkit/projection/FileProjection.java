package dev.secretkit.projection;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One file a V2 projection renders into the secret directory.
 *
 * @param name the file's name
 * @param directory the directory under the secret directory it goes to; empty for its root
 * @param template what its content is rendered from
 * @param mode its POSIX permission bits; empty for {@code 0600}
 */
public record FileProjection(String name, Optional<String> directory, TemplateText template, OptionalInt mode) {

  /** Checks nothing is null. */
  public FileProjection {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(mode, "mode");
  }

  /** Returns the file's path relative to the secret directory, with {@code /} between names. */
  public String relativePath() {
    return directory.map(dir -> dir.endsWith("/") ? dir + name : dir + "/" + name).orElse(name);
  }
}
