package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code secretctl exec}, in-process on a file store: what the child gets (variables over the
 * parent's, the secret directory, the arguments), its exit status, and the failures that start no
 * child. The children write what they see to files and print nothing, since an in-process run's child
 * shares the test JVM's standard streams; SecretCtlProcessIT-style tests of the packaged jar
 * (ExecProcessIT) check those streams and signals. secretctl's own output is scanned for the password.
 */
@ExtendWith(LeakScanner.class)
class ExecCommandTest {
  private static final String WORKER = """
      name: job
      version: v1
      type: worker
      worker:
        dataosSecrets:
          - name: pg-r
            keys: [PG_USER, PG_PASSWORD]
          - name: pg-r
            key: PG_PASSWORD
            consumptionType: propFile
          - name: tools
            allKeys: true
      projection:
        templateType: none
        projections:
          args:
            - --verbose
            - value: --port=8080
      """;

  @TempDir
  Path dir;

  private Map<String, String> env;
  private Canaries canaries;
  private String password;
  private Path consumer;
  private final ScannedRuns runs = new ScannedRuns();

  @BeforeEach
  void applyTheSecrets(Canaries planted) throws IOException {
    canaries = planted;
    password = planted.plant();
    Map<String, String> user = new HashMap<>(CliRun.fileStoreUser(dir));
    user.put("PATH", System.getenv("PATH"));
    user.put("PG_USER", "the parent's");
    user.put("KEPT", "the parent's too");
    env = Map.copyOf(user);
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
            NODE_OPTIONS: "--require ./evil.js"
        """.formatted(password));
    assertThat(secretctl("apply", "-f", manifests.toString()).exitCode()).isZero();
    consumer = Files.writeString(dir.resolve("job.yaml"), WORKER);
  }

  @AfterEach
  void nothingPrintedThePassword() {
    runs.assertNothingLeaked(canaries);
  }

  private CliRun secretctl(String... args) {
    return runs.scanned(CliRun.secretctl(env, args));
  }

  /** Runs {@code secretctl exec -f job.yaml EXTRA -- sh -c SCRIPT sh}: the script's $@ is the projected arguments. */
  private CliRun exec(List<String> extra, String script) {
    List<String> args = new ArrayList<>(List.of("exec", "-f", consumer.toString()));
    args.addAll(extra);
    args.addAll(List.of("--", "sh", "-c", script, "sh"));
    return secretctl(args.toArray(String[]::new));
  }

  @Test
  void theChild_getsTheProjectedVariablesOverTheParents_theFilesInATemporaryDirectory_andTheArguments()
      throws Exception {
    CliRun run = exec(List.of(), "out=" + dir + "/seen;"
        + " printf '%s|%s|%s|%s' \"$PG_USER\" \"$PG_PASSWORD\" \"$KEPT\" \"${NODE_OPTIONS-unset}\" > \"$out.env\";"
        + " printf '%s|' \"$@\" > \"$out.args\"; printf %s \"$DATAOS_SECRET_DIR\" > \"$out.dir\";"
        + " stat -c %a \"$DATAOS_SECRET_DIR\" > \"$out.mode\";"
        + " cat \"$DATAOS_SECRET_DIR/pg-r.properties\" > \"$out.file\"");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("secretctl exec: the variable NODE_OPTIONS, taken with allKeys, changes how a"
        + " shell or the programs it starts run: left out; name it with key: or keys: in the consumer to project"
        + " it\n");
    assertThat(Files.readString(dir.resolve("seen.env")))
        .isEqualTo("fake-user|" + password + "|the parent's too|unset");
    assertThat(Files.readString(dir.resolve("seen.args"))).isEqualTo("--verbose|--port=8080|");
    assertThat(Files.readString(dir.resolve("seen.file"))).isEqualTo("PG_PASSWORD=" + password + "\n");
    assertThat(Files.readString(dir.resolve("seen.mode"))).isEqualTo("700\n");
    Path secretDir = Path.of(Files.readString(dir.resolve("seen.dir")));
    assertThat(secretDir).isAbsolute().as("removed once the child ended").doesNotExist();
  }

  @Test
  void withDir_theFilesStayThere_andTheChildsStatusComesBack() throws Exception {
    Path secrets = dir.resolve("secrets");

    CliRun run = exec(List.of("--dir", secrets.toString()), "test \"$DATAOS_SECRET_DIR\" = '" + secrets + "' || exit 1;"
        + " exit 42");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(42);
    assertThat(Files.readString(secrets.resolve("pg-r.properties"))).isEqualTo("PG_PASSWORD=" + password + "\n");
    assertThat(secretctl("dependents", "list", "-n", "pg-r").out()).as("exec registers nothing").isEmpty();
  }

  @Test
  void aFailedRender_startsNoChild_andExitsWithTheFailuresStatus() throws Exception {
    Path marker = dir.resolve("started");
    String child = "touch '" + marker + "'";

    Files.writeString(consumer, WORKER.replace("key: PG_PASSWORD", "key: PG_PASWORD"));
    CliRun typo = exec(List.of(), child);
    assertThat(typo.exitCode()).isEqualTo(Failures.INVALID_MANIFEST);
    assertThat(typo.err()).contains("has no key PG_PASWORD").endsWith("secretctl exec: the command was not started\n");

    Files.writeString(consumer, WORKER.replace("name: tools", "name: toolz"));
    assertThat(exec(List.of(), child).exitCode()).isEqualTo(Failures.NOT_FOUND);
    Files.writeString(consumer, WORKER);
    assertThat(exec(List.of("--principal", "mallory"), child).exitCode()).isEqualTo(Failures.ACCESS_DENIED);
    Files.writeString(consumer, "name: job\nversion: v1\ntype: worker\n");
    assertThat(exec(List.of(), child).exitCode()).isEqualTo(Failures.INVALID_MANIFEST);

    assertThat(marker).doesNotExist();
  }

  @Test
  void aCommandThatCannotRun_isReportedAsAShellWould() throws IOException {
    Path notExecutable = Files.writeString(dir.resolve("script"), "#!/bin/sh\n");
    String file = consumer.toString();

    CliRun missing = secretctl("exec", "-f", file, "--", "no-such-command-here");
    assertThat(missing.exitCode()).isEqualTo(ExecutableSearch.NOT_FOUND);
    assertThat(missing.err()).endsWith("secretctl exec: cannot run no-such-command-here: not found on PATH\n");
    assertThat(secretctl("exec", "-f", file, dir.resolve("nothing").toString()).exitCode())
        .isEqualTo(ExecutableSearch.NOT_FOUND);
    CliRun denied = secretctl("exec", "-f", file, notExecutable.toString());
    assertThat(denied.exitCode()).isEqualTo(ExecutableSearch.NOT_EXECUTABLE);
    assertThat(denied.err()).endsWith(": not executable\n");
    assertThat(secretctl("exec", "-f", file, dir.toString()).err()).endsWith(": a directory\n");
    assertThat(secretctl("exec", "-f", file).err()).contains("Missing required parameter: 'COMMAND'");
  }

  @Test
  void theCommandsOwnOptions_needNoDoubleDash() throws IOException {
    Path seen = dir.resolve("seen");

    CliRun run = secretctl("exec", "-f", consumer.toString(), "sh", "-c", "printf %s \"$1\" > '" + seen + "'", "sh",
        "-f", "--store");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Files.readString(seen)).isEqualTo("-f");
  }
}
