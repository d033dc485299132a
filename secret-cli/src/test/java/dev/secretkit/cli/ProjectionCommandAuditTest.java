package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance audit of issue 15: what {@code secretctl project} and {@code exec} promise and no
 * other test held when a planted defect broke it. In-process on a file store; output scanned for the password.
 */
@ExtendWith(LeakScanner.class)
class ProjectionCommandAuditTest {
  private static final String WITH_FILE = """
      name: job
      version: v1
      type: worker
      worker:
        dataosSecrets:
          - {name: pg-r, key: PG_PASSWORD, consumptionType: file}
      """;
  private static final String WITHOUT_FILE = """
      name: job
      version: v1
      type: worker
      worker:
        dataosSecrets:
          - {name: pg-r, key: PG_PASSWORD}
      """;

  @TempDir
  Path dir;

  private Map<String, String> env;
  private Canaries canaries;
  private Path bin;
  private final ScannedRuns runs = new ScannedRuns();

  @BeforeEach
  void applyASecret(Canaries planted) throws IOException {
    canaries = planted;
    bin = Files.createDirectory(dir.resolve("bin"));
    Map<String, String> user = new HashMap<>(CliRun.fileStoreUser(dir));
    user.put("PATH", bin + ":" + System.getenv("PATH"));
    env = Map.copyOf(user);
    Path manifest = Files.writeString(dir.resolve("pg.yaml"), """
        name: pg-r
        version: v1
        type: secret
        secret:
          type: key-value-properties
          acl: r
          data:
            PG_PASSWORD: "%s"
        """.formatted(planted.plant()));
    assertThat(secretctl("apply", "-f", manifest.toString()).exitCode()).isZero();
  }

  @AfterEach
  void nothingPrintedThePassword() {
    runs.assertNothingLeaked(canaries);
  }

  private CliRun secretctl(String... args) {
    return runs.scanned(CliRun.secretctl(env, args));
  }

  /** ExecutableSearch: a name without '/' is looked up in the child's PATH, which is secretctl's environment's. */
  @Test
  void exec_findsTheCommandOnTheChildsPath() throws IOException {
    Path consumer = Files.writeString(dir.resolve("job.yaml"), WITHOUT_FILE);
    Path tool = Files.writeString(bin.resolve("audit-tool"), "#!/bin/sh\nexit 17\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));

    CliRun run = secretctl("exec", "-f", consumer.toString(), "--", "audit-tool");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(17);
  }

  /** exec's exit codes: 126 when COMMAND was found on PATH but cannot be run, as a shell says. */
  @Test
  void exec_ofACommandOnPathThatIsNotExecutable_exits126() throws IOException {
    Path consumer = Files.writeString(dir.resolve("job.yaml"), WITHOUT_FILE);
    Files.writeString(bin.resolve("audit-plain"), "#!/bin/sh\nexit 0\n");

    CliRun run = secretctl("exec", "-f", consumer.toString(), "--", "audit-plain");

    assertThat(run.exitCode()).isEqualTo(ExecutableSearch.NOT_EXECUTABLE);
    assertThat(run.err()).endsWith("secretctl exec: cannot run audit-plain: found on PATH, but not executable\n");
  }

  /** project replaces the whole set of files: a consumer that now projects none leaves none of the last run's. */
  @Test
  void project_ofAConsumerThatNoLongerProjectsFiles_removesTheFilesOfTheLastRun() throws IOException {
    Path consumer = Files.writeString(dir.resolve("job.yaml"), WITH_FILE);
    Path secrets = dir.resolve("secrets");
    assertThat(secretctl("project", "-f", consumer.toString(), "--dir", secrets.toString(), "--no-register")
        .exitCode()).isZero();
    assertThat(secrets.resolve("PG_PASSWORD")).exists();

    Files.writeString(consumer, WITHOUT_FILE);
    CliRun run = secretctl("project", "-f", consumer.toString(), "--dir", secrets.toString(), "--no-register");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Files.exists(secrets.resolve("PG_PASSWORD"), LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  /**
   * A directory secretctl never wrote to is the caller's: project of a consumer that projects no file
   * must leave an existing --dir alone (it removed it, and would fail on one it cannot remove).
   */
  @Test
  void project_ofAConsumerWithoutFiles_leavesAnExistingDirectoryItNeverWroteTo() throws IOException {
    Path consumer = Files.writeString(dir.resolve("job.yaml"), WITHOUT_FILE);
    Path mine = Files.createDirectory(dir.resolve("mine"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));

    CliRun run = secretctl("project", "-f", consumer.toString(), "--dir", mine.toString(), "--no-register");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(mine).as("the caller's directory").isDirectory();
  }
}
