package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.secretkit.emulator.aws.SecretsManagerEmulator;
import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import dev.secretkit.testkit.ManualClock;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged {@code secretctl} as a process, on the conventions a newcomer expects: shared
 * options before or after the command, {@code version}, shell completion that bash accepts,
 * {@code dependents} driving the delete guard, and a directory searched without {@code -R} that
 * only has manifests in subdirectories. The store commands run on the encrypted file store and on
 * {@code aws-sm} against the Secrets Manager emulator; a planted canary password must never show.
 */
@ExtendWith(LeakScanner.class)
class SecretCtlConventionsIT {

  @TempDir
  Path home;

  private Canaries canaries;
  private Path manifest;
  private SecretsManagerEmulator emulator;
  private PackagedSecretctl process;

  @BeforeEach
  void plant(Canaries planted) throws Exception {
    process = new PackagedSecretctl(home);
    canaries = planted;
    manifest = Files.writeString(home.resolve("pg.yaml"), """
        name: pg-r
        version: v1
        type: secret
        secret:
          type: key-value-properties
          acl: r
          data:
            username: fake-user
            password: "%s"
        """.formatted(planted.plant()));
  }

  @AfterEach
  void nothingPrintedTheCanary() {
    if (emulator != null) {
      emulator.close();
    }
    process.assertNothingLeaked(canaries);
  }

  /** Returns a store of the kind named: the file store in the temporary home, or the emulator. */
  private String store(String kind) {
    if (kind.equals("file")) {
      return "file:" + home.resolve("store");
    }
    emulator = new SecretsManagerEmulator(new ManualClock()).start();
    return "aws-sm://eu-west-1?endpoint=" + emulator.endpoint() + "&accessKeyId=AKIDFAKE"
        + "&secretAccessKey=fake-secret-key&maxAttempts=1";
  }

  @Test
  void sharedOptionsBeforeTheCommand_onTheMemoryStore_work() throws Exception {
    ProcessRun get = secretctl("--store", "memory:", "get");

    assertThat(get.exitCode()).as(get.stderr()).isZero();
    assertThat(get.out()).as("an empty listing prints no table").isEmpty();
    assertThat(get.stderr()).startsWith("secretctl get: no secrets in workspace public");
    assertThat(home.resolve(".secretkit")).as("the default store was not used").doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "aws-sm"})
  void sharedOptions_reachTheCommand_beforeOrAfterIt_butNotBoth(String kind) throws Exception {
    String store = store(kind);
    ProcessRun apply = secretctl("--store", store, "apply", "-f", manifest.toString());
    assertThat(apply.exitCode()).as(apply.stderr()).isZero();
    assertThat(apply.out()).isEqualTo("created public:pg-r (secret v1, version 1)\n");

    assertThat(secretctl("get", "--store", store).out()).contains(" pg-r ");
    assertThat(secretctl("--store", store, "get").out()).contains(" pg-r ");
    ProcessRun before = secretctl("--principal", "carol", "--roles", "data-developer", "--store", store,
        "resolve", "pg-r#password");
    ProcessRun mixed = secretctl("--principal", "carol", "resolve", "pg-r#password", "--store", store,
        "--roles", "data-developer");
    for (ProcessRun denied : List.of(before, mixed)) {
      assertThat(denied.exitCode()).isEqualTo(Failures.ACCESS_DENIED);
      assertThat(denied.stderr()).startsWith("secretctl resolve: access denied: carol (data-developer) may not use"
          + " secret public:pg-r");
    }
    ProcessRun debug = secretctl("--debug", "--store", store, "get", "-n", "nope");
    assertThat(debug.exitCode()).isEqualTo(Failures.NOT_FOUND);
    assertThat(debug.stderr()).contains("\tat dev.secretkit.");

    ProcessRun twice = secretctl("--store", store, "delete", "-n", "pg-r", "--store", store);
    assertThat(twice.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(twice.stderr()).isEqualTo("secretctl delete: --store is given both before and after 'delete';"
        + " give it once\nTry 'secretctl delete --help' for more information.\n");
    assertThat(secretctl("get", "-n", "pg-r", "--store", store).exitCode()).as("nothing was deleted").isZero();
  }

  @Test
  void validate_opensNoStore_withOrWithoutTheSharedOptions() throws Exception {
    Path valid = Files.writeString(home.resolve("ok.yaml"), """
        name: ok
        version: v2alpha
        type: secret
        secret:
          type: key-value
          data:
            token: fake-token
        """);
    String missing = "file:" + home.resolve("no-store");

    for (List<String> args : List.of(List.of("--store", missing, "--principal", "carol", "validate", valid.toString()),
        List.of("validate", valid.toString(), "--store", missing, "--debug"))) {
      ProcessRun validate = secretctl(args.toArray(String[]::new));
      assertThat(validate.exitCode()).as("%s: %s", args, validate.stderr()).isZero();
      assertThat(validate.out()).isEqualTo("no errors, no warnings in 1 manifest (1 file)\n");
    }
    assertThat(home.resolve("no-store")).doesNotExist();
    assertThat(home.resolve(".secretkit")).doesNotExist();
  }

  @Test
  void version_printsSecretctlsAndJavasVersions() throws Exception {
    ProcessRun version = secretctl("version");

    assertThat(version.exitCode()).isZero();
    assertThat(version.out().lines().toList()).hasSize(2)
        .first().asString().matches("secretctl \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    assertThat(version.out().lines().toList().get(1)).startsWith("Java " + Runtime.version().feature());
    assertThat(secretctl("--version").out()).isEqualTo(version.out().lines().findFirst().orElseThrow() + "\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bash", "zsh"})
  void completion_scriptIsValidBash_andCompletesCommandsOptionsAndValues(String shell) throws Exception {
    assumeThat(bash()).as("bash is installed").isNotNull();
    ProcessRun completion = secretctl("completion", shell);
    assertThat(completion.exitCode()).as(completion.stderr()).isZero();
    Path script = Files.write(home.resolve("secretctl." + shell), completion.stdout());

    ProcessRun syntax = ProcessRun.run(List.of(bash(), "-n", script.toString()), environment());
    assertThat(syntax.exitCode()).as(syntax.stderr()).isZero();

    // Bash calls the completion function with the words typed so far; so does this test.
    Path probe = Files.writeString(home.resolve("probe.sh"), """
        source "$1"
        compopt() { :; }
        complete_words() {
          COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMP_LINE="$*"; COMPREPLY=()
          _complete_secretctl
          echo "${COMPREPLY[*]}"
        }
        complete_words secretctl de
        complete_words secretctl --store memory: dependents ''
        complete_words secretctl get --sto
        complete_words secretctl --sto
        complete_words secretctl get --roles data-
        complete_words secretctl completion ''
        complete_words secretctl grant -n pg-r --permission can-
        """);
    ProcessRun completed = ProcessRun.run(List.of(bash(), probe.toString(), script.toString()), environment());
    assertThat(completed.exitCode()).as(completed.stderr()).isZero();
    assertThat(completed.out().lines()).containsExactly("delete dependents", "list add remove", "--store", "--store",
        "data-admin data-developer", "bash zsh", "can-use can-edit can-manage-access");
  }

  /** The guard, driven end to end; DependentsCommandTest runs the edge cases (usage, access, repeats) in-process. */
  @ParameterizedTest
  @ValueSource(strings = {"file", "aws-sm"})
  void dependents_listAddRemove_driveTheDeleteGuard(String kind) throws Exception {
    String store = store(kind);
    process.applyInProcess(store, manifest);

    ProcessRun add = secretctl("dependents", "add", "-n", "pg-r", "depot:v2alpha:sales", "--store", store);
    assertThat(add.exitCode()).as(add.stderr()).isZero();
    assertThat(add.out()).isEqualTo("added dependent depot:v2alpha:sales to public:pg-r\n");
    assertThat(secretctl("--store", store, "dependents", "list", "-n", "pg-r").out())
        .isEqualTo("depot:v2alpha:sales\n");

    ProcessRun refused = secretctl("delete", "-n", "pg-r", "--store", store);
    assertThat(refused.exitCode()).isEqualTo(Failures.CONFLICT);
    assertThat(refused.stderr()).contains("it is a dependency of depot:v2alpha:sales")
        .contains("hint: delete the dependents first, or delete with --force; 'secretctl dependents list -n NAME'"
            + " shows them");

    assertThat(secretctl("dependents", "remove", "-n", "pg-r", "depot:v2alpha:sales", "--store", store).out())
        .isEqualTo("removed dependent depot:v2alpha:sales from public:pg-r\n");
    ProcessRun delete = secretctl("delete", "-n", "pg-r", "--store", store);
    assertThat(delete.exitCode()).as(delete.stderr()).isZero();
    assertThat(delete.out()).isEqualTo("deleted public:pg-r\n");
  }

  /** The refusal as a user meets it; StoreCommandsTest and ValidateCommandTest run every command's refusal in-process. */
  @Test
  void aDirectoryWithManifestsOnlyInSubdirectories_isRefused_withAHintToAddR() throws Exception {
    Path tree = home.resolve("tree");
    Files.createDirectories(tree.resolve("team/sales"));
    Files.move(manifest, tree.resolve("team/sales/pg.yaml"));
    Files.writeString(tree.resolve("README.txt"), "not a manifest\n");
    String store = store("file");

    ProcessRun refused = secretctl("apply", "--store", store, "-f", tree.toString());
    assertThat(refused.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(refused.stderr()).isEqualTo("secretctl apply: directory '" + tree + "' holds no manifest itself, but"
        + " its subdirectories hold 1: add -R to read them\nTry 'secretctl apply --help' for more information.\n");
    assertThat(refused.out()).isEmpty();
    assertThat(home.resolve("store")).as("no store was opened").doesNotExist();

    ProcessRun apply = secretctl("apply", "-R", "-f", tree.toString(), "--store", store);
    assertThat(apply.out()).isEqualTo("created public:pg-r (secret v1, version 1)\n");
  }

  private ProcessRun secretctl(String... args) throws Exception {
    return process.run(args);
  }

  private Map<String, String> environment() {
    return process.environment();
  }

  /** Returns the path of bash on the PATH, or null. */
  private static String bash() {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .map(dir -> Path.of(dir, "bash")).filter(Files::isExecutable).map(Path::toString).findFirst().orElse(null);
  }
}
