package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.secretkit.SecretId;
import dev.secretkit.client.SecretClient;
import dev.secretkit.emulator.aws.AwsEmulatorExtension;
import dev.secretkit.emulator.aws.SecretsManagerEmulator;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
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
 * options before or after the command, {@code version}, shell completion that bash accepts, and
 * {@code dependents} driving the delete guard on the encrypted file store and on {@code aws-sm}
 * against the Secrets Manager emulator; a planted canary password must never show.
 *
 * <p>The checks that run the same in-process live there: every placement of the shared options,
 * an option given twice, {@code --debug} and {@code validate} with the shared options in
 * ClientOptionsTest; {@code --version} against {@code version}, and completion for zsh being
 * bash's script, in SecretCtlTest; the usage, access and repeat edges of {@code dependents} in
 * DependentsCommandTest; a directory with manifests only in subdirectories in StoreCommandsTest.
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
    manifest = PgManifest.write(home, planted.plant());
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
    process.putEnvironment(AwsEmulatorExtension.credentials());
    return "aws-sm://eu-west-1?endpoint=" + emulator.endpoint() + "&maxAttempts=1";
  }

  @Test
  void sharedOptionsBeforeTheCommand_onTheMemoryStore_work() throws Exception {
    ProcessRun get = secretctl("--store", "memory:", "get");

    assertThat(get.exitCode()).as(get.stderr()).isZero();
    assertThat(get.out()).as("an empty listing prints no table").isEmpty();
    assertThat(get.stderr()).startsWith("secretctl get: no secrets in workspace public");
    assertThat(home.resolve(".secretkit")).as("the default store was not used").doesNotExist();
  }

  @Test
  void sharedOptionsAfterTheCommand_reachIt_andValidateOpensNoStore() throws Exception {
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

    ProcessRun validate = secretctl("validate", valid.toString(), "--store", missing, "--principal", "carol",
        "--debug");

    assertThat(validate.exitCode()).as(validate.stderr()).isZero();
    assertThat(validate.out()).isEqualTo("no errors, no warnings in 1 manifest (1 file)\n");
    assertThat(validate.stderr()).isEmpty();
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
  }

  @Test
  void aMistypedCommand_nextToARealOne_getsEverySuggestion_fromThePackagedJar() throws Exception {
    // The jar builds only the commands a run names; a usage error is reported as a run with every command says it.
    ProcessRun mistyped = secretctl("resolv", "get");

    assertThat(mistyped.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(mistyped.stderr()).isEqualToNormalizingNewlines("""
        secretctl: unknown command 'resolv'
        Did you mean: secretctl resolve or secretctl stores or secretctl store?
        Try 'secretctl --help' for more information.
        """);
    assertThat(mistyped.out()).isEmpty();
    assertThat(secretctl("--help", "get").out()).contains("validate", "dependents", "version", "completion");
  }

  @Test
  void completion_scriptIsValidBash_andCompletesCommandsOptionsAndValues() throws Exception {
    assumeThat(bash()).as("bash is installed").isNotNull();
    ProcessRun completion = secretctl("completion", "bash");
    assertThat(completion.exitCode()).as(completion.stderr()).isZero();
    Path script = Files.write(home.resolve("secretctl.bash"), completion.stdout());

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

  /**
   * The guard, driven end to end: what was added stops a delete, what was removed no longer does.
   * DependentsCommandTest runs list and the edge cases (usage, access, repeats) in-process.
   */
  @ParameterizedTest
  @ValueSource(strings = {"file", "aws-sm"})
  void dependents_addAndRemove_driveTheDeleteGuard(String kind) throws Exception {
    String store = store(kind);
    process.applyInProcess(store, manifest);

    ProcessRun add = secretctl("dependents", "add", "-n", "pg-r", "depot:v2alpha:sales", "--store", store);
    assertThat(add.exitCode()).as(add.stderr()).isZero();
    assertThat(add.out()).isEqualTo("added dependent depot:v2alpha:sales to public:pg-r\n");

    ProcessRun refused = secretctl("delete", "-n", "pg-r", "--store", store);
    assertThat(refused.exitCode()).isEqualTo(Failures.CONFLICT);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.stderr()).contains("it is a dependency of depot:v2alpha:sales")
        .contains("hint: delete the dependents first, or delete with --force; 'secretctl dependents list -n NAME'"
            + " shows them");

    ProcessRun remove = secretctl("dependents", "remove", "-n", "pg-r", "depot:v2alpha:sales", "--store", store);
    assertThat(remove.exitCode()).as(remove.stderr()).isZero();
    assertThat(remove.out()).isEqualTo("removed dependent depot:v2alpha:sales from public:pg-r\n");
    try (SecretClient client = process.clientInProcess(store, null)) {
      SecretId id = SecretId.of("public", "pg-r");
      assertThat(client.describe(id).metadata().dependents()).isEmpty();
      client.delete(id, false);
      assertThat(client.ids()).as("the guard let the delete through").doesNotContain(id);
    }
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
