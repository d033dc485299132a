package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shared options reach the command wherever they are written, and may be written only once. */
class ClientOptionsTest {
  @TempDir
  Path dir;

  private Map<String, String> env;
  private Path manifest;
  private String store;

  @BeforeEach
  void environment() throws IOException {
    env = CliRun.fileStoreUser(dir);
    manifest = PgManifest.write(dir, "fake-one");
    store = "file:" + dir.resolve("store");
  }

  private CliRun secretctl(String... args) {
    return CliRun.secretctl(env, args);
  }

  @Test
  void store_beforeOrAfterTheCommand_isTheStoreUsed() {
    assertThat(secretctl("--store", store, "apply", "-f", manifest.toString()).exitCode()).isZero();

    assertThat(dir.resolve("store/secrets/public/pg-r.sk")).exists();
    assertThat(dir.resolve(".secretkit")).as("the default store").doesNotExist();
    assertThat(secretctl("get", "--store", store).out()).contains(" pg-r ");
    assertThat(secretctl("--store", store, "get", "-n", "pg-r").exitCode()).isZero();
  }

  @Test
  void principalAndRoles_beforeAfterOrSplit_actAsThatPrincipal() {
    secretctl("--store", store, "apply", "-f", manifest.toString());
    String denied = "secretctl resolve: access denied: carol (operator) may not use secret public:pg-r";

    assertThat(secretctl("--principal", "carol", "--roles", "operator", "resolve", "pg-r#password", "--store", store)
        .err()).startsWith(denied);
    assertThat(secretctl("resolve", "pg-r#password", "--store", store, "--principal", "carol", "--roles", "operator")
        .err()).startsWith(denied);
    assertThat(secretctl("--roles", "operator", "--store", store, "resolve", "pg-r#password", "--principal", "carol")
        .err()).startsWith(denied);
    assertThat(secretctl("--store", store, "resolve", "pg-r#password").out()).isEqualTo("fake-one");
  }

  @Test
  void debug_beforeTheCommand_printsTheTrace() {
    CliRun run = secretctl("--debug", "--store", store, "get", "-n", "nope");

    assertThat(run.exitCode()).isEqualTo(Failures.NOT_FOUND);
    assertThat(run.err()).contains("\tat dev.secretkit.");
    assertThat(secretctl("--store", store, "get", "-n", "nope").err()).doesNotContain("\tat ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--store", "--principal", "--roles", "--debug"})
  void anOption_givenBeforeAndAfterTheCommand_isBadUsage_andChangesNothing(String option) {
    String value = switch (option) {
      case "--store" -> store;
      case "--principal" -> "carol";
      case "--roles" -> "operator";
      default -> null;
    };
    String[] args = value == null
        ? new String[] {option, "apply", "-f", manifest.toString(), option}
        : new String[] {option, value, "apply", "-f", manifest.toString(), option, value};

    CliRun run = secretctl(args);

    assertThat(run.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(run.err()).isEqualToNormalizingNewlines("secretctl apply: " + option + " is given both before and"
        + " after 'apply'; give it once\nTry 'secretctl apply --help' for more information.\n");
    assertThat(run.out()).isEmpty();
    assertThat(dir.resolve("store")).doesNotExist();
    assertThat(dir.resolve(".secretkit")).doesNotExist();
  }

  @Test
  void anOption_givenTwiceBeforeTheCommand_isBadUsage() {
    CliRun run = secretctl("--store", store, "--store", store, "get");

    assertThat(run.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(run.err()).startsWith("secretctl: option '--store' (URI) should be specified only once");
  }

  @Test
  void validate_acceptsTheSharedOptionsAnywhere_andOpensNoStore() {
    for (String[] args : new String[][] {{"validate", manifest.toString()},
        {"--store", store, "--principal", "carol", "--roles", "operator", "validate", manifest.toString()},
        {"validate", "--store", store, "--debug", manifest.toString()}}) {
      CliRun run = secretctl(args);

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).isEqualTo("no errors, no warnings in 1 manifest (1 file)\n");
    }
    assertThat(dir.resolve("store")).doesNotExist();
  }

  @Test
  void aStrayArgumentBeforeTheCommand_isStillNeverRepeatedAfterIt() {
    CliRun run = secretctl("--store", store, "get", "Hunter2-fake-value");

    assertThat(run.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(run.err()).startsWith("secretctl get: 1 unexpected argument(s), not repeated here")
        .doesNotContain("Hunter2");
  }
}
