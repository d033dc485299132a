package dev.secretkit.cli;

import static dev.secretkit.cli.CliRun.fileStoreUser;
import static dev.secretkit.cli.CliRun.secretctl;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance audit of issue 16 point 6 on the default (file) store through secretctl: {@code get} with one corrupted
 * record names it, lists the others and exits 8 (tested before only on gcp-sm), so a planted defect in GetCommand's
 * handling of unreadable records is caught by the file store's CLI tests too.
 */
class CliAuditTest {
  @TempDir
  Path home;

  private Path manifest(String name) throws IOException {
    return Files.writeString(home.resolve(name + ".yaml"), """
        name: %s
        version: v1
        type: secret
        secret:
          type: key-value-properties
          acl: r
          data:
            username: fake-user
        """.formatted(name));
  }

  @Test
  void get_withOneCorruptedRecord_listsTheOthers_namesIt_andExits8() throws IOException {
    Map<String, String> env = fileStoreUser(home);
    assertThat(secretctl(env, "apply", "-f", manifest("audit-a").toString()).exitCode()).isZero();
    assertThat(secretctl(env, "apply", "-f", manifest("audit-b").toString()).exitCode()).isZero();
    Path record = home.resolve(".secretkit/secrets/public/audit-b.sk");
    byte[] bytes = Files.readAllBytes(record);
    bytes[bytes.length / 2] ^= 1;
    Files.write(record, bytes);

    CliRun get = secretctl(env, "get");

    assertThat(get.exitCode()).isEqualTo(Failures.DATA_ERROR);
    assertThat(get.out()).contains("audit-a").doesNotContain("audit-b");
    assertThat(get.err()).contains("audit-b.sk").contains("corrupted");
  }
}
