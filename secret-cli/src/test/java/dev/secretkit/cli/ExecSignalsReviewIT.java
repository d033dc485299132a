package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile review of {@code secretctl exec}'s signal handling, through the packaged jar: the issue asks exec to
 * pass "its exit code and signals through". Each test names a behaviour that should hold and fails on the code it
 * reviews. The child traps the signals and prints what it got; it gives up by itself after a few seconds, so that
 * no test hangs and no orphan outlives it for long.
 */
// A child that never hears its signal must fail the test, not hang the build: readLine cannot be interrupted.
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(LeakScanner.class)
class ExecSignalsReviewIT {
  private static final String CONSUMER = """
      name: job
      version: v1
      type: worker
      worker:
        dataosSecrets:
          - name: pg-r
            key: password
            consumptionType: file
      """;

  @TempDir
  Path home;

  private Canaries canaries;
  private PackagedSecretctl process;
  private Path consumer;
  private Path secretDir;
  private CompletableFuture<String> stderr;

  @BeforeEach
  void applyASecret(Canaries planted) throws IOException {
    canaries = planted;
    process = new PackagedSecretctl(home);
    PgManifest.write(home, planted.plant());
    process.applyInProcess(null, home.resolve("pg.yaml"));
    consumer = Files.writeString(home.resolve("job.yaml"), CONSUMER);
  }

  @AfterEach
  void removeWhatADeadSecretctlLeft() throws Exception {
    if (secretDir != null && Files.exists(secretDir)) {
      try (Stream<Path> walk = Files.walk(secretDir)) {
        for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
    if (stderr != null) {
      process.printed(stderr.get(30, TimeUnit.SECONDS));
    }
    process.assertNothingLeaked(canaries);
  }

  /**
   * SIGUSR1 (nginx, dd and many daemons: reopen logs, report progress) is not handled by the JVM, whose default
   * action ends secretctl at once, without its shutdown hook: the child is never told, is orphaned, and the
   * temporary secret directory, with the password in it, stays on disk. (SIGUSR2 is worse: the JVM's own
   * suspend/resume handler takes it and crashes with SIGSEGV.)
   */
  @Test
  void sigusr1_toExec_reachesTheChild_andSecretctlStillRemovesTheSecretDirectoryWhenItEnds() throws Exception {
    Process exec = startExec("USR1");
    BufferedReader out = reader(exec);
    secretDir = started(out);

    signal("USR1", exec.pid());

    assertThat(out.readLine()).as("what the child got").isEqualTo("got-usr1");
    exec.toHandle().destroy();
    assertThat(exec.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(exec.exitValue()).isEqualTo(7);
    assertThat(secretDir).doesNotExist();
  }

  /**
   * SIGHUP to secretctl (a terminal closing, or the usual "reload your configuration" of a daemon) becomes SIGTERM
   * to the child: the JVM turns SIGHUP, SIGINT and SIGTERM alike into its shutdown, and exec passes every one on as
   * SIGTERM, so a daemon asked to reload is stopped instead. (Ctrl-C likewise reaches the child as SIGTERM, on top
   * of the SIGINT the terminal already sent it: an interactive child such as psql, which takes Ctrl-C to cancel a
   * query, is ended.)
   */
  @Test
  void sighup_toExec_reachesTheChildAsSighup_notAsSigterm() throws Exception {
    Process exec = startExec("HUP");
    BufferedReader out = reader(exec);
    secretDir = started(out);

    signal("HUP", exec.pid());

    assertThat(out.readLine()).as("what the child got").isEqualTo("got-hup");
    exec.toHandle().destroy();
    assertThat(exec.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  /** Starts {@code secretctl exec} with a child that reports {@code signal} and SIGTERM, and gives up after 5 s. */
  private Process startExec(String signal) throws Exception {
    String child = "trap 'echo got-" + signal.toLowerCase(Locale.ROOT) + "' " + signal + "; trap 'echo got-term; exit 7' TERM;"
        + " echo \"started $DATAOS_SECRET_DIR\"; i=0; while [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done;"
        + " echo gave-up";
    List<String> command = new ArrayList<>(PackagedSecretctl.java());
    command.addAll(List.of("-jar", PackagedSecretctl.JAR.toString(), "exec", "-f", consumer.toString(), "--", "sh",
        "-c", child));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(process.environment());
    Process started = builder.start();
    started.getOutputStream().close();
    stderr = CompletableFuture.supplyAsync(() -> readAll(new BufferedReader(new InputStreamReader(
        started.getErrorStream(), StandardCharsets.UTF_8))));
    return started;
  }

  private static BufferedReader reader(Process exec) {
    return new BufferedReader(new InputStreamReader(exec.getInputStream(), StandardCharsets.UTF_8));
  }

  private static Path started(BufferedReader out) throws IOException {
    String line = out.readLine();
    assertThat(line).as("the child started with its secret directory").startsWith("started /");
    Path dir = Path.of(line.substring("started ".length()));
    assertThat(dir.resolve("password")).isRegularFile();
    return dir;
  }

  private static void signal(String name, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
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
