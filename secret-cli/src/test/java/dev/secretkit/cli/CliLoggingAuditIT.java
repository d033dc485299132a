package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance audit of issue 16 point 8 through the packaged jar ("secretctl prints SecretKit's INFO and above, and
 * DEBUG with --debug, as one line each on stderr"): in-process tests cannot see these lines, since the leak check's
 * System.LoggerFinder takes SecretKit's records before java.util.logging, so a planted defect in CliLogging went
 * unnoticed. The file store logs its creation at DEBUG.
 */
class CliLoggingAuditIT {
  private static final Map<String, String> KEY =
      Map.of("SECRETKIT_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[32]));

  @TempDir
  Path home;

  private Path manifest() throws Exception {
    return Files.writeString(home.resolve("audit.yaml"), """
        name: audit-log
        version: v1
        type: secret
        secret:
          type: key-value-properties
          acl: r
          data:
            username: fake-user
        """);
  }

  @Test
  void debugLines_reachStderr_onlyWithDebug() throws Exception {
    Path manifest = manifest();
    ProcessRun plain = new PackagedSecretctl(home.resolve("quiet")).run(KEY, "apply", "-f", manifest.toString());
    ProcessRun debug = new PackagedSecretctl(home.resolve("debug")).run(KEY, "--debug", "apply", "-f",
        manifest.toString());

    assertThat(plain.exitCode()).as(plain.stderr()).isZero();
    assertThat(plain.stderr()).doesNotContain("secretctl: debug:");
    assertThat(debug.stderr()).contains("secretctl: debug: store file:").contains("created, sealed with the key from");
  }
}
