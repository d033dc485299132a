package dev.secretkit.store.file;

import java.io.IOException;

/**
 * Where a file store's master keys come from: the value of {@value #VARIABLE}, the output of the
 * command in {@value #COMMAND_VARIABLE}, or a key file, in that order of precedence; only a key
 * file can be created and rewritten by SecretKit.
 */
sealed interface KeySource permits KeyFromVariable, KeyFromCommand, KeyFromFile {
  /** The environment variable that holds the key ring itself. */
  String VARIABLE = "SECRETKIT_MASTER_KEY";
  /** The environment variable that holds a shell command printing the key ring, such as a password manager's. */
  String COMMAND_VARIABLE = "SECRETKIT_MASTER_KEY_COMMAND";
  /** The environment variable that names the key file. */
  String FILE_VARIABLE = "SECRETKIT_MASTER_KEY_FILE";

  /** Returns what messages call the source: a variable's name, a command's variable or a file's path, never a key. */
  String describe();

  /**
   * Loads the ring.
   *
   * @throws dev.secretkit.ConfigurationException if the source holds no valid ring, or a key file is
   *     missing or open to others
   */
  KeyRing load(String store) throws IOException;
}
