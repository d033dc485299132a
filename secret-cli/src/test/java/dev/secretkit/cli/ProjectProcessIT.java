package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code secretctl project} through the packaged jar, as bin/secretctl runs it: files written with
 * their mode and the consumer registered, a delete of a used secret refused until
 * {@code project --delete}, and each refusal with the step that works next. No output holds the
 * password.
 */
@ExtendWith(LeakScanner.class)
class ProjectProcessIT {
  private static final String WEB = """
      name: web
      version: v1
      type: service
      service:
        dataosSecrets:
          - name: pg-r
            key: username
          - name: pg-r
            key: password
            consumptionType: propFile
      """;

  @TempDir
  Path home;

  private Canaries canaries;
  private PackagedSecretctl process;
  private Path web;
  private Path secrets;

  @BeforeEach
  void applyASecret(Canaries planted) throws IOException {
    canaries = planted;
    process = new PackagedSecretctl(home);
    PgManifest.write(home, planted.plant());
    process.applyInProcess(null, home.resolve("pg.yaml"));
    web = Files.writeString(home.resolve("web.yaml"), WEB);
    secrets = home.resolve("secrets");
  }

  @AfterEach
  void secretctlPrintedNoPassword() {
    process.assertNothingLeaked(canaries);
  }

  @Test
  void project_writesTheFilesAndRegisters_andADeleteIsRefusedUntilProjectDelete() throws Exception {
    ProcessRun project = process.run("project", "-f", web.toString(), "--dir", secrets.toString());

    assertThat(project.exitCode()).as(project.stderr()).isZero();
    assertThat(project.out()).contains("variable  username\n", "file      " + secrets.resolve("pg-r.properties")
        + " (0600)\n", "secret    public:pg-r version 1\n", "registered service:v1:web as a dependent of public:pg-r\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets.resolve("pg-r.properties"))))
        .isEqualTo("rw-------");

    ProcessRun refused = process.run("delete", "-n", "pg-r");
    assertThat(refused.exitCode()).isEqualTo(Failures.CONFLICT);
    assertThat(refused.stderr()).contains("service:v1:web");

    ProcessRun undone = process.run("project", "-f", web.toString(), "--dir", secrets.toString(), "--delete");
    assertThat(undone.exitCode()).as(undone.stderr()).isZero();
    assertThat(undone.out()).contains("unregistered service:v1:web from public:pg-r",
        "removed the projected files from " + secrets);
    assertThat(secrets).doesNotExist();
    assertThat(process.run("delete", "-n", "pg-r").exitCode()).isZero();
  }

  @Test
  void aBrokenConsumer_andAnotherConsumersDirectory_areRefused_withTheStepThatWorks() throws Exception {
    Path broken = Files.writeString(home.resolve("broken.yaml"), WEB.replace("key: username", "keyz: [username]"));
    Path job = Files.writeString(home.resolve("job.yaml"), WEB.replace("name: web", "name: job"));

    ProcessRun invalid = process.run("project", "-f", broken.toString(), "--dir", secrets.toString());
    assertThat(invalid.exitCode()).isEqualTo(Failures.INVALID_MANIFEST);
    assertThat(invalid.stderr()).contains(broken + ":7:7: error: service.dataosSecrets[0].keyz:",
        "hint: did you mean key?", "secretctl project: nothing was written or registered");
    assertThat(secrets).doesNotExist();

    assertThat(process.run("project", "-f", web.toString(), "--dir", secrets.toString()).exitCode()).isZero();
    ProcessRun taken = process.run("project", "-f", job.toString(), "--dir", secrets.toString());
    assertThat(taken.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(taken.stderr()).contains("holds the files projected for service:v1:web",
        "secretctl project --delete");
    assertThat(process.run("dependents", "list", "-n", "pg-r").out()).isEqualTo("service:v1:web\n");
  }
}
