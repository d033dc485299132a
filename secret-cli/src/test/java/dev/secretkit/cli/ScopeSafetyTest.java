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

  /** A store that holds secrets but lost key.id (restored from a backup of secrets/ and the key) lists them. */
  @Test
  void get_onAStoreWithSecretsButNoKeyId_listsThem() throws IOException {
    assertThat(secretctl("apply", "-f", dir.resolve("secret.yaml").toString()).exitCode()).isZero();
    Files.delete(dir.resolve(".secretkit/key.id"));

    CliRun get = secretctl("get");

    assertThat(get.err()).doesNotContain("store not found");
    assertThat(get.exitCode()).isZero();
    assertThat(get.out()).contains("git-r");
  }
}
