package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scope is never switched silently, and a store holding secrets is never called missing; in-process, on a file store. */
class ScopeSafetyTest {
  @TempDir
  Path dir;

  private Map<String, String> env;

  @BeforeEach
  void environment() throws IOException {
    env = CliRun.fileStoreUser(dir);
    Files.writeString(dir.resolve("instance.yaml"), """
        name: git-r
        version: v1
        type: instance-secret
        instance-secret:
          type: key-value
          acl: r
          data:
            GITSYNC_PASSWORD: fake-token
        """);
    Files.writeString(dir.resolve("secret.yaml"), """
        name: git-r
        version: v1
        type: secret
        secret:
          type: key-value
          acl: r
          data:
            password: fake-one
        """);
  }

  private CliRun secretctl(String... args) {
    return CliRun.secretctl(env, args);
  }

  /** A Secret manifest names a workspace secret: {@code -w instance} must not turn it into the instance secret of that name. */
  @Test
  void deleteByFile_ofASecretManifest_withWorkspaceInstance_doesNotDeleteTheInstanceSecret() {
    assertThat(secretctl("apply", "-f", dir.resolve("instance.yaml").toString()).exitCode()).isZero();
    assertThat(secretctl("apply", "-w", "instance", "-f", dir.resolve("secret.yaml").toString()).exitCode())
        .as("apply refuses scope instance for a Secret").isNotZero();

    CliRun dryRun = secretctl("delete", "-w", "instance", "-f", dir.resolve("secret.yaml").toString(), "--dry-run");
    CliRun delete = secretctl("delete", "-w", "instance", "-f", dir.resolve("secret.yaml").toString());

    CliRun after = secretctl("get", "-t", "instance-secret", "-n", "git-r");
    SoftAssertions.assertSoftly(softly -> {
      softly.assertThat(dryRun.out()).doesNotContain("would delete instance:git-r");
      softly.assertThat(delete.exitCode()).as(delete.out() + delete.err()).isEqualTo(Failures.USAGE);
      softly.assertThat(after.exitCode()).as("the instance secret is still there").isZero();
    });
  }

  /** A store whose records cannot be read lists those that can, and names each that cannot, with exit 8. */
  @Test
  void get_ofAScopeWithACorruptedRecord_listsTheOthers_andNamesIt() throws IOException {
    assertThat(secretctl("apply", "-f", dir.resolve("secret.yaml").toString()).exitCode()).isZero();
    Path record;
    try (var files = Files.walk(dir.resolve(".secretkit/secrets"))) {
      record = files.filter(f -> f.toString().endsWith(".sk")).findFirst().orElseThrow();
    }
    Path copy = record.resolveSibling("zz-copy.sk");
    Files.copy(record, copy);

    CliRun get = secretctl("get");

    assertThat(get.exitCode()).as(get.err()).isEqualTo(Failures.DATA_ERROR);
    assertThat(get.out()).contains("git-r").doesNotContain("zz-copy");
    assertThat(get.err()).contains("get: cannot read secret public:zz-copy").contains("is corrupted")
        .contains("secretctl delete -n zz-copy -w public --force");
  }
}
