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
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Opens encrypted file stores, type {@code file}: {@code file:PATH} (absolute, or relative to the
 * working directory), {@code file:~/PATH} (under {@code HOME}), {@code file:} (the default,
 * {@code ~/.secretkit}) or {@code file:///ABSOLUTE/PATH}, with optional
 * {@code ?keyFile=PATH&maxValueBytes=N&maxKeys=N&maxSecretBytes=N&maxMetadataBytes=N&versionsRetained=N}.
 *
 * <p>Each secret is one file in the store directory, sealed with AES-256-GCM under a 32-byte
 * master key. The key comes from the environment variable {@value #KEY_VARIABLE} (base64) when it
 * is set, else from the key file ({@code <dir>/master.key} unless {@code keyFile} names another),
 * which the store's first write creates with fresh random bytes and mode 0600 (opening and
 * reading create nothing; a store that exists never gets a new key); a key file others may read
 * is refused. The store keeps every version (or the newest {@code versionsRetained}),
 * records each version's author, and is safe
 * to share between threads and between processes: writes take a file lock and replace a record by
 * atomic rename, so a crash never loses the last committed state.
 *
 * <p>{@link #open} throws {@link ConfigurationException} for a bad URI or key, and
 * {@link dev.secretkit.StoreUnavailableException} when the directory cannot be used. The provider
 * is stateless and thread-safe; its constructor and {@link #validate} do no I/O.
 */
public final class FileSecretStoreProvider implements SecretStoreProvider {
  /** The environment variable that holds the master key, 32 bytes in base64; it overrides the key file. */
  public static final String KEY_VARIABLE = MasterKey.VARIABLE;
  /** The limits of a store whose URI sets none: the same as the in-memory store's. */
  public static final StoreLimits DEFAULT_LIMITS = InMemorySecretStoreProvider.DEFAULT_LIMITS;

  private static final String KEY_FILE = "keyFile";
  private static final String DEFAULT_KEY_FILE = "master.key";
  private static final String DEFAULT_DIRECTORY = ".secretkit";

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
    StoreParameters.checkParameters(config, List.of(KEY_FILE), Integer.MAX_VALUE, problems::add);
    return problems;
  }

  @Override
  public SecretStore open(StoreConfig config) {
    StoreParameters.requireValid(config, validate(config));
    Path directory = directory(config, problem -> { });
    String keyFile = config.parameters().get(KEY_FILE);
    Path key = keyFile == null ? directory.resolve(DEFAULT_KEY_FILE) : path(config, keyFile, KEY_FILE, problem -> { });
    String description = new StoreConfig(config.type(), directory.toString(), config.parameters(), Map.of(),
        config.clock()).describe();
    return FileSecretStore.open(description, directory, key, config.environment().get(KEY_VARIABLE),
        StoreParameters.limits(config, DEFAULT_LIMITS),
        StoreParameters.number(config, StoreParameters.VERSIONS_RETAINED, 0));
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
}
