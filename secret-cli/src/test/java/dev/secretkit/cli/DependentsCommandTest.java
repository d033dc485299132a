package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code secretctl dependents}, run in-process against one file store that persists between runs. */
class DependentsCommandTest {
  @TempDir
  Path dir;

  private Map<String, String> env;

  @BeforeEach
  void applyOneSecretInEachScope() throws IOException {
    env = CliRun.fileStoreUser(dir);
    Path manifests = Files.writeString(dir.resolve("two.yaml"), """
        name: pg-r
        version: v1
        type: secret
        workspace: sales
        secret:
          type: key-value-properties
          acl: r
          data:
            password: fake-one
        ---
        name: git-r
        version: v1
        type: instance-secret
        instance-secret:
          type: key-value
          acl: r
          data:
            GITSYNC_PASSWORD: fake-token
        """);
    assertThat(secretctl("apply", "-f", manifests.toString()).exitCode()).isZero();
  }

  private CliRun secretctl(String... args) {
    return CliRun.secretctl(env, args);
  }

  @Test
  void addListRemove_showAndChangeWhatBlocksADelete() {
    assertThat(secretctl("dependents", "add", "-n", "pg-r", "-w", "sales", "depot:v2alpha:sales").out())
        .isEqualTo("added dependent depot:v2alpha:sales to sales:pg-r\n");
    assertThat(secretctl("dependents", "add", "-n", "pg-r", "-w", "sales", "depot:v2alpha:sales").out())
        .isEqualTo("depot:v2alpha:sales was already a dependent of sales:pg-r\n");
    assertThat(secretctl("dependents", "add", "-w", "sales", "-n", "pg-r", "workflow:v1:load:sales").exitCode())
        .isZero();

    CliRun list = secretctl("dependents", "list", "-n", "pg-r", "-w", "sales");
    assertThat(list.out()).isEqualTo("depot:v2alpha:sales\nworkflow:v1:load:sales\n");
    assertThat(list.err()).isEmpty();
    assertThat(secretctl("delete", "-n", "pg-r", "-w", "sales").exitCode()).isEqualTo(Failures.CONFLICT);

    assertThat(secretctl("dependents", "remove", "-n", "pg-r", "-w", "sales", "depot:v2alpha:sales").out())
        .isEqualTo("removed dependent depot:v2alpha:sales from sales:pg-r\n");
    assertThat(secretctl("dependents", "remove", "-n", "pg-r", "-w", "sales", "depot:v2alpha:sales").out())
        .isEqualTo("depot:v2alpha:sales was not a dependent of sales:pg-r; nothing changed\n");
    assertThat(secretctl("dependents", "list", "-n", "pg-r", "-w", "sales").out())
        .isEqualTo("workflow:v1:load:sales\n");
    assertThat(secretctl("dependents", "remove", "-n", "pg-r", "-w", "sales", "workflow:v1:load:sales").exitCode())
        .isZero();
    assertThat(secretctl("delete", "-n", "pg-r", "-w", "sales").out()).isEqualTo("deleted sales:pg-r\n");
  }

  @Test
  void list_ofAnInstanceSecretWithoutDependents_saysSoOnStderr() {
    CliRun list = secretctl("dependents", "list", "-t", "instance-secret", "-n", "git-r");

    assertThat(list.exitCode()).isZero();
    assertThat(list.out()).isEmpty();
    assertThat(list.err()).isEqualTo("instance:git-r has no dependents: nothing stops 'secretctl delete'\n");
  }

  @Test
  void badUsage_isExit2_andChangesNothing() {
    CliRun unknownAction = secretctl("dependents", "purge", "-n", "git-r", "-t", "instance-secret");
    assertThat(unknownAction.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(unknownAction.err()).contains("(ACTION): expected list, add or remove").doesNotContain("purge");
    assertThat(secretctl("dependents", "add", "-n", "pg-r", "-w", "sales").err())
        .startsWith("secretctl dependents: missing DEPENDENT: add needs kind:version:name[:workspace]");
    assertThat(secretctl("dependents", "list", "-n", "pg-r", "-w", "sales", "depot:v2alpha:x").err())
        .startsWith("secretctl dependents: list takes no DEPENDENT");
    assertThat(secretctl("dependents", "list", "-w", "sales").err())
        .startsWith("secretctl dependents: missing -n NAME");
    CliRun malformed = secretctl("dependents", "add", "-n", "pg-r", "-w", "sales", "Depot:sales");
    assertThat(malformed.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(malformed.err()).startsWith("secretctl dependents: DEPENDENT: invalid dependent: expected"
        + " kind:version:name or kind:version:name:workspace in lower case");

    assertThat(secretctl("dependents", "list", "-n", "pg-r", "-w", "sales").out()).isEmpty();
  }

  @Test
  void aMissingSecret_isNotFound() {
    CliRun run = secretctl("dependents", "add", "-n", "nope", "depot:v2alpha:sales");

    assertThat(run.exitCode()).isEqualTo(Failures.NOT_FOUND);
    assertThat(run.err()).startsWith("secretctl dependents: secret not found: public:nope");
  }

  @Test
  void theAccessRules_apply_addNeedsUse_removeNeedsUpdate() {
    String[] asCarol = {"--principal", "carol", "--roles", "data-developer"};
    CliRun add = secretctl(concat(asCarol, "dependents", "add", "-n", "pg-r", "-w", "sales", "depot:v2alpha:x"));
    assertThat(add.exitCode()).isEqualTo(Failures.ACCESS_DENIED);
    assertThat(add.err()).contains("carol (data-developer) may not use secret sales:pg-r");

    secretctl("grant", "-n", "pg-r", "-w", "sales", "--to", "carol", "--permission", "can-use");
    assertThat(secretctl(concat(asCarol, "dependents", "add", "-n", "pg-r", "-w", "sales", "depot:v2alpha:x"))
        .exitCode()).isZero();
    CliRun remove =
        secretctl(concat(asCarol, "dependents", "remove", "-n", "pg-r", "-w", "sales", "depot:v2alpha:x"));
    assertThat(remove.exitCode()).isEqualTo(Failures.ACCESS_DENIED);
    assertThat(remove.err()).contains("carol (data-developer) may not update secret sales:pg-r");
    assertThat(secretctl(concat(asCarol, "dependents", "list", "-n", "pg-r", "-w", "sales")).out())
        .as("anyone may see them").isEqualTo("depot:v2alpha:x\n");
  }

  private static String[] concat(String[] first, String... rest) {
    String[] all = new String[first.length + rest.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(rest, 0, all, first.length, rest.length);
    return all;
  }
}
