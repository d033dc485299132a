package dev.secretkit.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run behind {@code secretctl}'s class-data-sharing archive: {@code bin/secretctl}
 * runs it once after each build with {@code -XX:DumpLoadedClassList}, and archives the classes it
 * loaded ({@code -Xshare:dump}); every later run maps them instead of reading, parsing and verifying
 * them again.
 *
 * <p>So it takes, in one JVM, the code paths of the commands: help, version and completion,
 * {@code validate} with text and JSON output, and the store commands (apply, get, history,
 * resolve, dependents, project, exec, delete) on the encrypted file store of a throwaway home
 * directory, which it deletes; and, on each backend store it is given ({@link #train(Map)}), the commands users run
 * there most: apply, get and resolve, then delete, which leaves that store as it was. It prints
 * nothing, touches nothing of the user's, and throws when a command does not behave as expected, so
 * a broken training run fails its test instead of silently recording a poor archive. A new command
 * should be added here.
 */
public final class CdsTraining {
  private static final String MANIFEST = """
      name: training-pg
      version: v2alpha
      type: secret
      tags: [source:postgresql]
      description: a throwaway secret for the class-data-sharing training run
      secret:
        type: key-value
        data:
          username: training-user
          password: $TRAINING_PASSWORD
      ---
      name: Training_Broken
      version: v1
      type: instance-secret
      instance-secret:
        type: key-values
      """;

  /** A consumer of the training secret: two variables and a properties file, for project and exec. */
  private static final String CONSUMER = """
      name: training-job
      version: v1
      type: worker
      worker:
        dataosSecrets:
          - name: training-pg
            keys: [username, password]
          - name: training-pg
            key: password
            consumptionType: propFile
      """;

  private CdsTraining() {
  }

  /**
   * Runs the training on the file store only; exits with 0, or throws when a command misbehaves.
   *
   * @param args none
   * @throws IOException if the temporary home cannot be created or removed
   */
  public static void main(String[] args) throws IOException {
    train(Map.of());
  }

  /**
   * Runs the training on the file store, then the backend commands on each of {@code stores}: a store URI, mapped
   * to the variables it needs (credentials, a token), which join the training environment.
   *
   * @throws IOException if the temporary home cannot be created or removed
   */
  static void train(Map<String, Map<String, String>> stores) throws IOException {
    Path home = Files.createTempDirectory("secretctl-training");
    try {
      train(home);
      for (Map.Entry<String, Map<String, String>> store : stores.entrySet()) {
        trainOn(home, store.getKey(), store.getValue());
      }
    } finally {
      delete(home);
    }
  }

  /** Runs every command's code path once, with {@code home} as the user's home directory. */
  static void train(Path home) throws IOException {
    Map<String, String> environment = new HashMap<>();
    environment.put("HOME", home.toString());
    environment.put("USER", "training");
    environment.put("TRAINING_PASSWORD", "fake-password");
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    environment.put("SECRETKIT_MASTER_KEY", Base64.getEncoder().encodeToString(key));
    environment.put("SECRETKIT_STORE", "file:" + home.resolve("store"));

    expect(0, environment, "--version");
    expect(0, environment, "version");
    expect(0, environment, "--help");
    expect(0, environment, "completion", "bash");
    expect(0, environment, "validate", "--help");
    expect(2, environment, "validate", "--no-such-option");
    expect(ValidateCommand.EXIT_ERRORS, environment, "validate", "-");
    expect(ValidateCommand.EXIT_ERRORS, environment, "validate", "-o", "json", "--source", "postgresql", "-");
    Path manifest = Files.writeString(home.resolve("training.yaml"), MANIFEST.substring(0, MANIFEST.indexOf("---")));
    expect(0, environment, "validate", manifest.toString());

    // The store commands on the file store, as users run them.
    expect(0, environment, "apply", "-f", manifest.toString());
    expect(0, environment, "get");
    expect(0, environment, "--debug", "get", "-w", "public");
    expect(0, environment, "get", "-n", "training-pg", "-d");
    expect(0, environment, "get", "-o", "json");
    expect(0, environment, "history", "-n", "training-pg");
    expect(0, environment, "resolve", "training-pg#password");
    expect(Failures.NOT_FOUND, environment, "get", "-n", "missing");
    expect(0, environment, "dependents", "add", "-n", "training-pg", "depot:v2alpha:training");
    expect(0, environment, "dependents", "list", "-n", "training-pg");
    expect(Failures.CONFLICT, environment, "delete", "-n", "training-pg");
    expect(0, environment, "dependents", "remove", "-n", "training-pg", "depot:v2alpha:training");
    String consumer = Files.writeString(home.resolve("consumer.yaml"), CONSUMER).toString();
    String secrets = home.resolve("secrets").toString();
    expect(0, environment, "project", "-f", consumer, "--dir", secrets);
    expect(0, environment, "project", "-f", consumer, "--dir", secrets, "-o", "dotenv");
    expect(0, environment, "exec", "-f", consumer, "--", "true");
    expect(0, environment, "project", "-f", consumer, "--dir", secrets, "--delete");
    expect(0, environment, "delete", "-n", "training-pg");
  }

  /**
   * Runs, on the backend store {@code store}, what users run there most (apply, get, resolve), then deletes the
   * training secret, with {@code home} as the user's home directory and {@code variables} added to the environment.
   */
  static void trainOn(Path home, String store, Map<String, String> variables) throws IOException {
    Map<String, String> environment = new HashMap<>(variables);
    environment.put("HOME", home.toString());
    environment.put("USER", "training");
    environment.put("TRAINING_PASSWORD", "fake-password");
    environment.put("SECRETKIT_STORE", store);
    Path manifest = home.resolve("training.yaml");
    if (!Files.exists(manifest)) {
      Files.writeString(manifest, MANIFEST.substring(0, MANIFEST.indexOf("---")));
    }
    expect(0, environment, "apply", "-f", manifest.toString());
    expect(0, environment, "get");
    expect(0, environment, "get", "-n", "training-pg", "-o", "json");
    expect(0, environment, "resolve", "training-pg#password");
    expect(0, environment, "delete", "-n", "training-pg");
  }

  private static void expect(int status, Map<String, String> environment, String... args) {
    InputStream in = new ByteArrayInputStream(MANIFEST.getBytes(StandardCharsets.UTF_8));
    PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    int actual = SecretCtl.run(args, in, discard, discard, environment);
    if (actual != status) {
      throw new IllegalStateException("secretctl " + String.join(" ", args) + " exited with " + actual
          + " in the training run, expected " + status);
    }
  }

  private static void delete(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
