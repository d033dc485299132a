package dev.secretkit.store.file;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * A key file, mode 0600, which SecretKit creates for a new store and rewrites to rotate keys.
 *
 * @param path the file
 * @param origin why this file: the URI's {@code keyFile}, {@value KeySource#FILE_VARIABLE}, or the default
 */
record KeyFromFile(Path path, String origin) implements KeySource {
  @Override
  public String describe() {
    return "master key file " + path;
  }

  @Override
  public KeyRing load(String store) throws IOException {
    return KeyFile.read(path, describe(), store);
  }

  /** Creates the file with a new random key unless it exists, and returns the ring it holds. */
  KeyRing createOrLoad(String store, SecureRandom random) throws IOException {
    return KeyFile.createOrRead(path, describe(), store, random);
  }

  /** Replaces the file's content with {@code ring} in one atomic rename. */
  void replace(KeyRing ring) throws IOException {
    KeyFile.replace(path, ring);
  }
}
