package dev.secretkit.store.file;

import dev.secretkit.ConfigurationException;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.SecretStoreProvider;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.spi.StoreLimits;
import dev.secretkit.spi.StoreParameters;
import dev.secretkit.store.memory.InMemorySecretStoreProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Opens encrypted file stores, type {@code file}: {@code file:PATH} (absolute, or relative to the
 * working directory), {@code file:~/PATH} (under {@code HOME}), {@code file:} (the default,
 * {@code ~/.secretkit}) or {@code file:///ABSOLUTE/PATH}, with optional
 * {@code ?keyFile=PATH&maxValueBytes=N&maxKeys=N&maxSecretBytes=N&maxMetadataBytes=N&versionsRetained=N}.
 *
 * <p>Each secret is one file in the store directory, sealed with AES-256-GCM under a key derived
 * (HKDF-SHA256) from a 32-byte master key and the store's id. The master key comes from, in order:
 * the environment variable {@value #KEY_VARIABLE} (base64); the standard output of the shell
 * command in {@value #KEY_COMMAND_VARIABLE} (such as a password manager's CLI); the key file the
 * URI's {@code keyFile} names; the key file {@value #KEY_FILE_VARIABLE} names; else the store's own
 * key file, {@code ${XDG_CONFIG_HOME:-~/.config}/secretkit/keys/<store id>.key}, outside the store
 * directory, which the store's first write creates with fresh random bytes and mode 0600 (opening
 * and reading create nothing; a store that exists never gets a new key). A store made by an older
 * SecretKit keeps its key in {@code <dir>/master.key} until its key is rotated. A key file others
 * may read is refused. Each of these may hold several keys, the first sealing new records: see
 * {@link #rotateKey}.
 *
 * <p>A new store keeps the newest {@value #DEFAULT_VERSIONS_RETAINED} versions of each secret
 * ({@code versionsRetained=N}; 0 keeps every version), in files of their own, so a write costs the
 * same however many are kept. The store remembers its retention: a client whose URI does not say
 * keeps what the store keeps, and one whose URI says otherwise changes it for all. It records each version's author, and is safe to share between
 * threads and between processes: writes take a file lock and replace a record by atomic rename, so
 * a crash never loses the last committed state.
 *
 * <p>{@link #open} throws {@link ConfigurationException} for a bad URI or key, and
 * {@link dev.secretkit.StoreUnavailableException} when the directory cannot be used. The provider
 * is stateless and thread-safe; its constructor and {@link #validate} do no I/O.
 */
public final class FileSecretStoreProvider implements SecretStoreProvider {
  /** The environment variable that holds the master key, 32 bytes in base64; it overrides every other source. */
  public static final String KEY_VARIABLE = KeySource.VARIABLE;
  /** The environment variable that holds a shell command printing the master key. */
  public static final String KEY_COMMAND_VARIABLE = KeySource.COMMAND_VARIABLE;
  /** The environment variable that names the master key file, when the URI names none. */
  public static final String KEY_FILE_VARIABLE = KeySource.FILE_VARIABLE;
  /** How many versions of each secret a store keeps when its URI does not say. */
  public static final int DEFAULT_VERSIONS_RETAINED = 10;
  /** The limits of a store whose URI sets none: the same as the in-memory store's. */
  public static final StoreLimits DEFAULT_LIMITS = InMemorySecretStoreProvider.DEFAULT_LIMITS;

  private static final String KEY_FILE = "keyFile";
  private static final String DEFAULT_DIRECTORY = ".secretkit";
  private static final Duration KEY_COMMAND_TIMEOUT = Duration.ofSeconds(60);

  /** Creates the provider; it does no work until {@link #open}. */
  public FileSecretStoreProvider() {
    // Stateless.
  }

  @Override
  public String type() {
    return "file";
  }

  @Override
  public List<String> uriForms() {
    return List.of("file:PATH", "file:~/PATH", "file: (the default, ~/.secretkit)", "file:///ABSOLUTE/PATH",
        "file:PATH?keyFile=PATH&maxValueBytes=N&maxKeys=N&maxSecretBytes=N&maxMetadataBytes=N&versionsRetained=N");
  }

  @Override
  public List<String> validate(StoreConfig config) {
    List<String> problems = new ArrayList<>();
    directory(config, problems::add);
    String keyFile = config.parameters().get(KEY_FILE);
    if (keyFile != null) {
      path(config, keyFile, "parameter " + KEY_FILE, problems::add);
    }
    String fileVariable = config.environment().get(KEY_FILE_VARIABLE);
    if (fileVariable != null && !fileVariable.isBlank()) {
      path(config, fileVariable, "environment variable " + KEY_FILE_VARIABLE, problems::add);
    }
    StoreParameters.checkParameters(keepsEveryVersion(config) ? withoutRetention(config) : config, List.of(KEY_FILE),
        Integer.MAX_VALUE, "the master key comes from " + KEY_VARIABLE + ", a command in " + KEY_COMMAND_VARIABLE
            + " (such as a password manager's), or a key file (keyFile=PATH or " + KEY_FILE_VARIABLE + ")",
        problems::add);
    return problems;
  }

  @Override
  public SecretStore open(StoreConfig config) {
    return open(config, step -> { });
  }

  /** Opens the store as {@link #open(StoreConfig)} does, telling {@code steps} each step of every write. */
  static FileSecretStore open(StoreConfig config, Consumer<CommitStep> steps) {
    StoreParameters.requireValid(config, new FileSecretStoreProvider().validate(config));
    Path directory = directory(config, problem -> { });
    String description = new StoreConfig(config.type(), directory.toString(), config.parameters(), Map.of(),
        config.clock()).describe();
    return FileSecretStore.open(description, directory, keySource(config), keysDirectory(config),
        StoreParameters.limits(config, DEFAULT_LIMITS),
        keepsEveryVersion(config) ? Integer.valueOf(0)
            : config.parameters().containsKey(StoreParameters.VERSIONS_RETAINED)
            ? Integer.valueOf(StoreParameters.number(config, StoreParameters.VERSIONS_RETAINED, 0)) : null, steps);
  }

  /** Returns whether the URI says {@code versionsRetained=0}: keep every version. */
  private static boolean keepsEveryVersion(StoreConfig config) {
    return "0".equals(config.parameters().get(StoreParameters.VERSIONS_RETAINED));
  }

  private static StoreConfig withoutRetention(StoreConfig config) {
    Map<String, String> parameters = new LinkedHashMap<>(config.parameters());
    parameters.remove(StoreParameters.VERSIONS_RETAINED);
    return new StoreConfig(config.type(), config.location(), parameters, config.environment(), config.clock());
  }

  /**
   * Re-seals every record and version of the file store {@code config} names under a new master
   * key, and returns what it did; a crash at any point leaves a store that opens, and running it
   * again finishes the rotation.
   *
   * <p>When the key comes from a key file, the new key is generated and written to it first, ahead
   * of the old keys, which stay after it: backups made before the rotation need them, and so may
   * other stores that share the file; remove their lines once nothing does. A store that kept its
   * key inside its directory ({@code master.key}, before format 2) gets its own key file outside it,
   * and loses the one inside. When the key comes from {@value #KEY_VARIABLE} or
   * {@value #KEY_COMMAND_VARIABLE}, which SecretKit cannot rewrite, that source must already hold
   * the new key first and the old one after it; once the rotation is done, it may give the new key
   * only.
   *
   * @throws ConfigurationException if the store does not exist, its key is wrong, or a variable or
   *     command holds one key only
   */
  public KeyRotation rotateKey(StoreConfig config) {
    try (FileSecretStore store = open(config, step -> { })) {
      return store.rotateKey();
    }
  }

  /** Returns where the master key comes from, or null for the store's default key file. */
  private static KeySource keySource(StoreConfig config) {
    Map<String, String> environment = config.environment();
    String variable = environment.get(KEY_VARIABLE);
    if (variable != null && !variable.isBlank()) {
      return new KeyFromVariable(variable);
    }
    String command = environment.get(KEY_COMMAND_VARIABLE);
    if (command != null && !command.isBlank()) {
      return new KeyFromCommand(command, KEY_COMMAND_TIMEOUT, environment);
    }
    String keyFile = config.parameters().get(KEY_FILE);
    if (keyFile != null) {
      return new KeyFromFile(path(config, keyFile, KEY_FILE, problem -> { }), "parameter " + KEY_FILE);
    }
    String fileVariable = environment.get(KEY_FILE_VARIABLE);
    if (fileVariable != null && !fileVariable.isBlank()) {
      return new KeyFromFile(path(config, fileVariable, KEY_FILE_VARIABLE, problem -> { }),
          "environment variable " + KEY_FILE_VARIABLE);
    }
    return null;
  }

  /**
   * Returns the directory of default key files: {@code $XDG_CONFIG_HOME/secretkit/keys}, or {@code
   * ~/.config/secretkit/keys}.
   */
  private static Path keysDirectory(StoreConfig config) {
    String xdg = config.environment().get("XDG_CONFIG_HOME");
    Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
        : home(config).resolve(".config");
    return base.resolve("secretkit").resolve("keys").toAbsolutePath().normalize();
  }

  /** Returns the absolute store directory the location names, or null after reporting why it names none. */
  private static Path directory(StoreConfig config, Consumer<String> problems) {
    String location = config.location();
    if (location.isEmpty()) {
      return home(config).resolve(DEFAULT_DIRECTORY);
    }
    if (location.startsWith("//")) {
      if (!location.startsWith("///")) {
        problems.accept("file://HOST/... names a host, which a local store cannot use: write file:///ABSOLUTE/PATH"
            + " or file:PATH");
        return null;
      }
      try {
        return path(config, new URI("file:" + location).getPath(), "the location", problems);
      } catch (URISyntaxException e) {
        problems.accept("the location is not a valid file:/// URI: write characters such as spaces as %20,"
            + " or use file:PATH");
        return null;
      }
    }
    return path(config, location, "the location", problems);
  }

  private static Path path(StoreConfig config, String text, String what, Consumer<String> problems) {
    if (text.isEmpty()) {
      problems.accept(what + " is empty; expected a file path");
      return null;
    }
    if (text.startsWith("~") && !text.equals("~") && !text.startsWith("~/")) {
      problems.accept(what + " starts with ~NAME, which is not supported; write ~/PATH or an absolute path");
      return null;
    }
    try {
      Path path = text.equals("~") ? home(config)
          : text.startsWith("~/") ? home(config).resolve(text.substring(2))
          : Path.of(text);
      return path.toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      problems.accept(what + " is not a valid file path: " + e.getReason());
      return null;
    }
  }

  private static Path home(StoreConfig config) {
    String home = config.environment().get("HOME");
    return Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home);
  }

  /**
   * What a key rotation of a file store did: every record and version it re-sealed, from which keys
   * to which, and where the new key is kept; no key itself.
   *
   * @param store the store's description
   * @param previousKeyIds the ids of the keys the store was sealed with before, none of which it needs now
   * @param keyId the id of the key that seals every record now
   * @param keySource where the new key is kept: a key file SecretKit wrote, or the variable or command that gave it
   * @param records how many secrets' records were re-sealed
   * @param versions how many older versions' files were re-sealed
   * @param upgraded how many of the records were format 1 and are now format 2
   * @param keyFileWritten whether SecretKit wrote the new key into the key file, first, ahead of the
   *     keys it replaces, which stay for backups made before and for other stores sharing the file;
   *     when false, the variable or command gives the keys, and should now give the new one first
   */
  public record KeyRotation(String store, List<String> previousKeyIds, String keyId, String keySource, int records,
      int versions, int upgraded, boolean keyFileWritten) {

    /** Copies the list. */
    public KeyRotation {
      previousKeyIds = List.copyOf(previousKeyIds);
    }
  }
}
