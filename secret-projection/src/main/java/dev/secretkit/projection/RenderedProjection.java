package dev.secretkit.projection;

import dev.secretkit.SecretId;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What rendering consumers' projections produced, every secret at one version: environment
 * variables, files for the secret directory, and command arguments, with the version of each
 * secret used.
 *
 * <p>The maps and lists are unmodifiable, and their {@code toString}, like this one's, shows names
 * and counts, never a value. {@link #destroy()} zeroes the files' contents; strings cannot be zeroed.
 */
public final class RenderedProjection {
  private final Map<String, String> env;
  private final List<ProjectedFile> files;
  private final List<String> args;
  private final Map<SecretId, Long> versions;

  RenderedProjection(Map<String, String> env, List<ProjectedFile> files, List<String> args,
      Map<SecretId, Long> versions) {
    this.env = Redacted.map(new LinkedHashMap<>(env));
    this.files = List.copyOf(files);
    this.args = Redacted.list(args);
    this.versions = Collections.unmodifiableMap(new TreeMap<>(versions));
  }

  /** Returns the environment variables, in the order they were declared. */
  public Map<String, String> env() {
    return env;
  }

  /**
   * Returns the environment variables as properties, for code that reads its settings from
   * {@link Properties}; its {@code toString} shows the names only.
   */
  public Properties properties() {
    Properties properties = new Properties() {
      private static final long serialVersionUID = 1L;

      @Override
      public synchronized String toString() {
        return "{" + String.join(", ", stringPropertyNames()) + "} (values hidden)";
      }
    };
    env.forEach(properties::setProperty);
    return properties;
  }

  /** Returns the files, in the order they were declared. */
  public List<ProjectedFile> files() {
    return files;
  }

  /** Returns the command arguments, in order. */
  public List<String> args() {
    return args;
  }

  /** Returns the version of each secret the values came from. */
  public Map<SecretId, Long> versions() {
    return versions;
  }

  /** Zeroes the content of every file. */
  public void destroy() {
    files.forEach(ProjectedFile::destroy);
  }

  /** Returns whether {@code other} rendered the same variables, files and arguments, whatever the versions. */
  boolean sameOutputAs(RenderedProjection other) {
    return sameEnv(other.env) && files.equals(other.files) && args.equals(other.args);
  }

  private boolean sameEnv(Map<String, String> otherEnv) {
    if (!env.keySet().equals(otherEnv.keySet())) {
      return false;
    }
    boolean same = true;
    for (Map.Entry<String, String> entry : env.entrySet()) {
      same &= MessageDigest.isEqual(entry.getValue().getBytes(StandardCharsets.UTF_8),
          otherEnv.get(entry.getKey()).getBytes(StandardCharsets.UTF_8));
    }
    return same;
  }

  @Override
  public String toString() {
    return "RenderedProjection[env=" + env.keySet() + ", files=" + files.stream().map(ProjectedFile::path).toList()
        + ", args=" + args.size() + ", versions=" + versions + "]";
  }
}
