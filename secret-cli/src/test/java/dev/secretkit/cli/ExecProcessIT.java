package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code secretctl exec} and {@code project --watch} through the packaged jar, as separate processes:
 * the child's inherited streams, its exit status, a failed render that starts no child, and SIGTERM
 * passed on to the child (exec) or ending the watch with 0 (project). secretctl's own output never
 * holds the password: where the child prints it, only stderr, which is secretctl's alone, is scanned.
 * In-process tests (ExecCommandTest, ProjectCommandTest) check the rest. SIGTERM is sent with
 * {@code ProcessHandle.destroy()}: {@code Process.destroy()} would also close the streams the test reads.
 */
// A child that never hears its signal must fail the test, not hang the build: readLine cannot be interrupted.
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(LeakScanner.class)
class ExecProcessIT {
  private static final String CONSUMER = """
      name: job
      version: v1
      type: worker
      worker:
        dataosSecrets:
          - name: pg-r
            keys: [username, password]
          - name: pg-r
            key: password
            consumptionType: file
      projection:
        secrets:
          - id: pg-r
            contextAlias: db
        projections:
          envVars:
            - key: DATABASE_URL
              template: "postgresql://{{.secrets.db.username}}:{{.secrets.db.password | urlquery}}@db.test/sales"
      """;

  @TempDir
  Path home;

  private Canaries canaries;
  private String password;
  private PackagedSecretctl process;
  private Path consumer;

  @BeforeEach
  void applyASecret(Canaries planted) throws IOException {
    canaries = planted;
    password = planted.plant();
    process = new PackagedSecretctl(home);
    PgManifest.write(home, password);
    process.applyInProcess(null, home.resolve("pg.yaml"));
    consumer = Files.writeString(home.resolve("job.yaml"), CONSUMER);
  }

  @AfterEach
  void secretctlPrintedNoPassword() {
    process.assertNothingLeaked(canaries);
  }

  @Test
  void env_inTheChild_showsTheProjectedVariables() throws Exception {
    ProcessRun run = ProcessRun.run(command("exec", "-f", consumer.toString(), "--", "env"), process.environment());
    process.printed(run.stderr());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.out().lines()).contains("username=fake-user", "password=" + password,
        "DATABASE_URL=postgresql://fake-user:" + password + "@db.test/sales")
        .anyMatch(line -> line.startsWith("DATAOS_SECRET_DIR=/"));
    assertThat(run.stderr()).isEmpty();
  }

  @Test
  void aChildThatPrintsNothing_leavesNoPasswordInSecretctlsOutput_andItsStatusComesBack() throws Exception {
    ProcessRun run = process.run("exec", "-f", consumer.toString(), "--", "sh", "-c",
        "test \"$password\" = \"$(cat \"$DATAOS_SECRET_DIR/password\")\" || exit 1; exit 42");

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(42);
    assertThat(run.out()).isEmpty();
    assertThat(run.stderr()).isEmpty();
  }

  @Test
  void aFailedRender_startsNoChild() throws Exception {
    Files.writeString(consumer, CONSUMER.replace("key: password", "key: pasword"));
    Path marker = home.resolve("started");

    ProcessRun run = process.run("exec", "-f", consumer.toString(), "--", "touch", marker.toString());

    assertThat(run.exitCode()).isEqualTo(Failures.INVALID_MANIFEST);
    assertThat(run.stderr()).contains("has no key pasword").contains("hint: did you mean password?")
        .endsWith("secretctl exec: the command was not started\n");
    assertThat(marker).doesNotExist();
  }

  @Test
  void sigterm_reachesTheChild_whoseStatusComesBack_andTheTemporaryDirectoryGoes() throws Exception {
    Process exec = start(command("exec", "-f", consumer.toString(), "--", "sh", "-c", "trap 'echo got-term; exit 7'"
        + " TERM; test -r \"$DATAOS_SECRET_DIR/password\" && echo \"started $DATAOS_SECRET_DIR\"; while :; do sleep"
        + " 0.05; done"));
    CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(reader(exec.getErrorStream())));
    BufferedReader out = reader(exec.getInputStream());

    String started = out.readLine();
    assertThat(started).as("the child read its file").startsWith("started /");
    Path secretDir = Path.of(started.substring("started ".length()));
    assertThat(secretDir).isDirectory();
    exec.toHandle().destroy();

    assertThat(out.readLine()).isEqualTo("got-term");
    assertThat(exec.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(exec.exitValue()).isEqualTo(7);
    assertThat(secretDir).doesNotExist();
    process.printed(stderr.get());
    assertThat(stderr.get()).isEmpty();
  }

  @Test
  void sigterm_endsProjectWatch_withStatusZero() throws Exception {
    Path secrets = home.resolve("secrets");
    Process watch = start(command("project", "-f", consumer.toString(), "--dir", secrets.toString(), "--watch"));
    CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(reader(watch.getInputStream())));
    BufferedReader err = reader(watch.getErrorStream());

    assertThat(err.readLine()).isEqualTo("secretctl project: watching 1 secret, each looked at every 1m; stop with"
        + " Ctrl-C or SIGTERM");
    watch.toHandle().destroy();

    assertThat(watch.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(watch.exitValue()).isZero();
    process.printed(stdout.get());
    assertThat(stdout.get()).contains("file      " + secrets.resolve("password") + " (0600)");
    assertThat(Files.readString(secrets.resolve("password"))).isEqualTo(password);
  }

  private static List<String> command(String... args) throws Exception {
    List<String> command = new ArrayList<>(PackagedSecretctl.java());
    command.addAll(List.of("-jar", PackagedSecretctl.JAR.toString()));
    command.addAll(List.of(args));
    return command;
  }

  private Process start(List<String> command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(process.environment());
    Process started = builder.start();
    started.getOutputStream().close();
    return started;
  }

  private static BufferedReader reader(InputStream stream) {
    return new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
  }

  private static String readAll(BufferedReader reader) {
    try (reader) {
      StringBuilder text = new StringBuilder();
      reader.lines().forEach(line -> text.append(line).append('\n'));
      return text.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
