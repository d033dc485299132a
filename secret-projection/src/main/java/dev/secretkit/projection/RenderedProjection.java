package dev.secretkit.projection;

import dev.secretkit.SecretId;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
  private final Set<SecretId> stale;
  private final Set<String> leftOut;

  RenderedProjection(Map<String, String> env, List<ProjectedFile> files, List<String> args,
      Map<SecretId, Long> versions, Set<SecretId> stale, Set<String> leftOut) {
    this.env = Redacted.map(new LinkedHashMap<>(env));
    this.files = List.copyOf(files);
    this.args = Redacted.list(args);
    this.versions = Collections.unmodifiableMap(new TreeMap<>(versions));
    this.stale = Collections.unmodifiableSet(new TreeSet<>(stale));
    this.leftOut = Collections.unmodifiableSet(new TreeSet<>(leftOut));
  }

  /**
   * Returns the variables left out because an {@code allKeys} entry would have set them from a
   * secret's key and they change how programs run ({@link SensitiveVariables}); name such a key
   * with {@code key:} or {@code keys:} to project it.
   */
  public Set<String> leftOut() {
    return leftOut;
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

      @Override
      public Set<Map.Entry<Object, Object>> entrySet() {
        Set<Map.Entry<Object, Object>> entries = super.entrySet();
        return new java.util.AbstractSet<>() {
          @Override
          public java.util.Iterator<Map.Entry<Object, Object>> iterator() {
            return entries.stream().map(Redacted::entry).iterator();
          }

          @Override
          public int size() {
            return entries.size();
          }

          @Override
          public String toString() {
            return "{" + String.join(", ", stringPropertyNames()) + "} (values hidden)";
          }
        };
      }

      @Override
      public java.util.Collection<Object> values() {
        return Redacted.collection(super.values());
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

  /** Returns the version of each secret the values came from; for a secret used at two versions, the later. */
  public Map<SecretId, Long> versions() {
    return versions;
  }

  /**
   * Returns the secrets whose values were served stale: past the cache's time-to-live, because the
   * store failed transiently (see {@link dev.secretkit.client.SecretSnapshot#stale()}); empty when all are fresh.
   */
  public Set<SecretId> stale() {
    return stale;
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
        + ", args=" + args.size() + ", versions=" + versions + (stale.isEmpty() ? "" : ", stale=" + stale)
        + (leftOut.isEmpty() ? "" : ", leftOut=" + leftOut) + "]";
  }
}
