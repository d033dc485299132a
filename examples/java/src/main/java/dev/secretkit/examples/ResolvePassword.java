package dev.secretkit.examples;

import dev.secretkit.InvalidReferenceException;
import dev.secretkit.SecretException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretRef;
import dev.secretkit.SecretValue;
import dev.secretkit.client.SecretClient;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Resolves a database password from a SecretKit store, puts it with the user name into the
 * properties of a JDBC connection, and prints only facts about it (its length and version),
 * never the value.
 *
 * <p>Usage: {@code ResolvePassword [REF [MANIFEST]]}. The store is the one {@code SECRETKIT_STORE}
 * names, else {@code memory:}. MANIFEST, when given, is applied first; with a memory store and no
 * MANIFEST, {@code examples/manifests/postgres-v2.yaml} is, so that there is something to
 * resolve. REF is a {@link SecretRef} to the password, {@code engineering:sales-pg#password} by
 * default; the user name is key {@code username} of the same secret and version.
 */
public final class ResolvePassword {
  static final String DEFAULT_REF = "engineering:sales-pg#password";
  static final String DEFAULT_MANIFEST = "examples/manifests/postgres-v2.yaml";

  private ResolvePassword() {}

  /** Runs the example in the process environment and exits with its status when that is not 0. */
  public static void main(String[] args) {
    int status = run(args, System.getenv(), System.out);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs the example; returns 0 on success, 1 when SecretKit fails, 2 for bad arguments. */
  static int run(String[] args, Map<String, String> environment, PrintStream out) {
    if (args.length > 2) {
      out.println("usage: ResolvePassword [REF [MANIFEST]]");
      return 2;
    }
    String store = environment.getOrDefault("SECRETKIT_STORE", "memory:");
    try (SecretClient client = SecretClient.builder().store(store).environment(environment).build()) {
      if (args.length == 2 || store.startsWith("memory:")) {
        Path manifest = Path.of(args.length == 2 ? args[1] : DEFAULT_MANIFEST);
        client.apply(manifest).forEach(applied -> out.println(
            "applied " + applied.id() + ": " + applied.outcome().label() + ", version " + applied.version()));
      }
      SecretRef ref = SecretRef.parse(args.length > 0 ? args[0] : DEFAULT_REF);
      SecretId id = ref.id(client.defaultScope());
      // Pin one version, so that the user name and the password come from the same one.
      long version = ref.version().orElseGet(() -> client.describe(id).latest().number());
      SecretValue password = client.resolve(ref.atVersion(version));
      SecretValue user = client.resolve(SecretRef.to(id, "username").atVersion(version));
      try {
        Properties jdbc = new Properties();
        jdbc.setProperty("user", user.asString());
        jdbc.setProperty("password", password.asString());
        // A real application connects here, and keeps jdbc no longer than that:
        //   try (Connection connection = DriverManager.getConnection(url, jdbc)) { ... }
        out.printf("resolved %s: %d bytes, version %d%n", ref, password.length(), version);
        out.println("JDBC properties ready: " + new TreeSet<>(jdbc.stringPropertyNames()));
        jdbc.clear();
      } finally {
        password.destroy();
        user.destroy();
      }
      return 0;
    } catch (InvalidReferenceException e) {
      out.println("error: " + e.getMessage());
      return 2;
    } catch (SecretException | UncheckedIOException e) {
      out.println("error: " + e.getMessage());
      return 1;
    }
  }
}
