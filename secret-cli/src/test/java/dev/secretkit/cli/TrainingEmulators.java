package dev.secretkit.cli;

import dev.secretkit.emulator.aws.SecretsManagerEmulator;
import dev.secretkit.emulator.gcp.GcpSecretManagerEmulator;
import dev.secretkit.emulator.vault.VaultEmulator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The emulators the class-data training with the backends ({@link BackendTraining}) reads through: the Secrets
 * Manager, Vault and Secret Manager emulators on loopback ports, in a JVM of their own so that the archive does not
 * hold their server-side classes. {@link #main} prints one line per store, its URI and then the variables it needs
 * ({@code NAME=VALUE}), tab-separated, and serves until its standard input closes.
 */
public final class TrainingEmulators {
  private TrainingEmulators() {
  }

  /** Serves the three emulators until standard input closes. */
  public static void main(String[] args) throws IOException {
    Clock clock = Clock.systemUTC();
    try (SecretsManagerEmulator aws = new SecretsManagerEmulator(clock).start();
        VaultEmulator vault = new VaultEmulator(clock).start();
        GcpSecretManagerEmulator gcp = new GcpSecretManagerEmulator(clock).startTcp()) {
      PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
      stores(aws, vault, gcp).forEach((uri, variables) -> {
        StringBuilder line = new StringBuilder(uri);
        variables.forEach((name, value) -> line.append('\t').append(name).append('=').append(value));
        out.println(line);
      });
      System.in.transferTo(OutputStream.nullOutputStream());
    }
  }

  /**
   * Returns a store on each of these started emulators, mapped to the variables it needs: fake AWS credentials,
   * the Vault emulator's token.
   */
  static Map<String, Map<String, String>> stores(SecretsManagerEmulator aws, VaultEmulator vault,
      GcpSecretManagerEmulator gcp) {
    Map<String, Map<String, String>> stores = new LinkedHashMap<>();
    stores.put("aws-sm://eu-west-1?endpoint=" + aws.endpoint() + "&maxAttempts=1",
        Map.of("AWS_ACCESS_KEY_ID", "AKIDTRAININGFAKE", "AWS_SECRET_ACCESS_KEY", "fake-training-secret-key"));
    stores.put("vault://127.0.0.1:" + vault.address().getPort() + "/secret?tls=false&maxAttempts=1",
        Map.of("VAULT_TOKEN", vault.rootToken()));
    stores.put("gcp-sm://training?endpoint=" + gcp.endpoint() + "&tls=false", Map.of());
    return stores;
  }
}
