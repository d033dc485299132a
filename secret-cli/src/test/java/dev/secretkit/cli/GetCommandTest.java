package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Finding things with {@code get}, in-process on one file store: {@code -A} and {@code -a}, what
 * an empty listing says, and what a "not found" says the user may have meant; never a value.
 */
@ExtendWith(LeakScanner.class)
class GetCommandTest {
  @TempDir
  Path dir;

  private Map<String, String> env;
  private Canaries canaries;
  private final ScannedRuns runs = new ScannedRuns();

  @BeforeEach
  void environment(Canaries planted) {
    canaries = planted;
    env = CliRun.fileStoreUser(dir);
  }

  @AfterEach
  void noRunPrintedAValue() {
    runs.assertNothingLeaked(canaries);
  }

  private CliRun secretctl(String... args) {
    return runs.scanned(CliRun.secretctl(env, args));
  }

  private void apply(String workspaceOrInstance, String name) throws IOException {
    boolean instance = workspaceOrInstance == null;
    Path file = dir.resolve(name + "-" + (instance ? "instance" : workspaceOrInstance) + ".yaml");
    Files.writeString(file, """
        name: %s
        version: v1
        type: %s
        %s
        %s:
          type: key-value
          acl: r
          data:
            password: "%s"
        """.formatted(name, instance ? "instance-secret" : "secret", instance ? "" : "workspace: " + workspaceOrInstance,
        instance ? "instance-secret" : "secret", canaries.plant()));
    CliRun applied = secretctl("apply", "-f", file.toString());
    assertThat(applied.exitCode()).as(applied.err()).isZero();
  }

  @Test
  void allWorkspaces_listsEveryWorkspaceAndTheInstanceSecrets() throws IOException {
    apply("engineering", "pg-r");
    apply("public", "git-sync");
    apply(null, "sales-db-r");

    CliRun all = secretctl("get", "-A");

    assertThat(all.exitCode()).isZero();
    assertThat(all.out().lines().skip(2).map(line -> line.split("\\|")[0].strip() + "@" + line.split("\\|")[3].strip()))
        .containsExactly("pg-r@engineering", "sales-db-r@instance", "git-sync@public");
    assertThat(secretctl("get", "--all-workspaces").out()).isEqualTo(all.out());
    JsonNode json = read(secretctl("get", "-A", "-o", "json"));
    assertThat(json).extracting(node -> node.get("id").asText())
        .containsExactly("engineering:pg-r", "instance:sales-db-r", "public:git-sync");
    assertThat(read(secretctl("get", "-A", "--owner", "nobody", "-o", "json"))).isEmpty();
  }

  @Test
  void allOwners_isTheDefault_andContradictsOwner_andAllWorkspacesTakesNoName() throws IOException {
    apply("public", "pg-r");

    assertThat(secretctl("get", "-a").out()).isEqualTo(secretctl("get").out()).contains(" pg-r ");
    assertThat(secretctl("get", "--all").exitCode()).isZero();
    CliRun both = secretctl("get", "-a", "--owner", "bob");
    assertThat(both.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(both.err()).startsWith("secretctl get: -a (every owner) contradicts --owner bob");
    for (String[] scoped : List.of(new String[] {"-w", "public"}, new String[] {"-n", "pg-r"},
        new String[] {"-t", "instance-secret"})) {
      CliRun refused = secretctl("get", "-A", scoped[0], scoped[1]);
      assertThat(refused.exitCode()).as("-A %s", scoped[0]).isEqualTo(Failures.USAGE);
      assertThat(refused.err()).contains("it takes no -n, -w or -t");
    }
  }

  @Test
  void anEmptyListing_saysWhereThereAreSecrets_andMachineFormatsPrintOnlyAnEmptyArray() throws IOException {
    apply("engineering", "gone");
    assertThat(secretctl("delete", "-n", "gone", "-w", "engineering").exitCode()).isZero();
    CliRun nothing = secretctl("get");
    assertThat(nothing.out()).isEmpty();
    assertThat(nothing.err()).isEqualTo("secretctl get: no secrets in workspace public; the store holds none yet:"
        + " secretctl apply -f FILE adds some\n");
    assertThat(secretctl("get", "-A").err()).isEqualTo("secretctl get: no secret in any workspace; the store holds"
        + " none yet: secretctl apply -f FILE adds some\n");

    apply(null, "sales-db-r");
    assertThat(secretctl("get").err()).isEqualTo("secretctl get: no secrets in workspace public; there are secrets"
        + " in: instance (1); use -t instance-secret or -A\n");

    apply("engineering", "pg-r");
    apply("engineering", "pg-rw");
    CliRun elsewhere = secretctl("get");
    assertThat(elsewhere.exitCode()).isZero();
    assertThat(elsewhere.out()).isEmpty();
    assertThat(elsewhere.err()).isEqualTo("secretctl get: no secrets in workspace public; there are secrets in:"
        + " engineering (2), instance (1); use -w WORKSPACE, -t instance-secret or -A\n");
    assertThat(secretctl("get", "-t", "instance-secret", "--owner", "bob").err()).isEqualTo("secretctl get: no"
        + " instance secrets match --owner bob; 1 secret there does not\n");
    assertThat(secretctl("get", "-w", "engineering", "--tags", "a,b").err()).isEqualTo("secretctl get: no secrets"
        + " in workspace engineering match --tags a,b; 2 secrets there do not\n");
    assertThat(secretctl("get", "-A", "--owner", "bob").err()).isEqualTo("secretctl get: no secret in any"
        + " workspace matches --owner bob; 3 secrets in the store do not\n");

    for (String format : List.of("json", "yaml")) {
      CliRun machine = secretctl("get", "-o", format);
      assertThat(machine.exitCode()).isZero();
      assertThat(machine.err()).as("-o %s prints no hint", format).isEmpty();
      assertThat(new ObjectMapper(format.equals("yaml") ? new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()
          : null).readTree(machine.out())).as("-o %s", format).isEmpty();
    }
    assertThat(secretctl("get", "-o", "manifest").out()).isEmpty();
  }

  @Test
  void notFound_namesTheSameNameElsewhere_andCloseNames_inEveryCommand() throws IOException {
    apply("engineering", "pg");
    apply(null, "pg");
    apply("public", "pg-r");
    apply("public", "pg-rw");

    CliRun get = secretctl("get", "-n", "pg");
    assertThat(get.exitCode()).isEqualTo(Failures.NOT_FOUND);
    assertThat(get.err()).isEqualTo("secretctl get: secret not found: public:pg in store file:" + dir.resolve(".secretkit")
        + "; there is engineering:pg (-w engineering) and instance:pg (-t instance-secret); did you mean pg-r or"
        + " pg-rw?\n    hint: check the name and the workspace (-w) or type (-t); 'secretctl get -A' lists every"
        + " secret\n");
    assertThat(secretctl("history", "-n", "pg-x").err()).contains("secret not found: public:pg-x in store")
        .contains("; did you mean pg-r?\n");
    assertThat(secretctl("delete", "-n", "pg", "-w", "sales").err())
        .contains("; there is engineering:pg (-w engineering) and instance:pg (-t instance-secret)\n");
    assertThat(secretctl("grant", "-n", "pgr", "--to", "bob", "--permission", "can-use").err())
        .contains("did you mean pg-r?");
    CliRun resolve = secretctl("resolve", "pg#password");
    assertThat(resolve.exitCode()).isEqualTo(Failures.NOT_FOUND);
    assertThat(resolve.err()).contains("secret not found: public:pg in store").contains("; there is engineering:pg and"
        + " instance:pg; did you mean pg-r or pg-rw?\n");
    assertThat(secretctl("get", "-n", "unrelated").err()).contains("secret not found: public:unrelated in store file:"
        + dir.resolve(".secretkit") + "\n");
    assertThat(secretctl("resolve", "pg-r#pasword").err()).contains("key not found: public:pg-r#pasword in store")
        .contains("version 1 holds password; did you mean password?");
  }

  @Test
  void aTypeOrStoreTypeTypo_saysWhichWasMeant() {
    assertThat(secretctl("get", "-t", "instance").err())
        .startsWith("secretctl get: -t must be secret or instance-secret, not 'instance' (did you mean -t"
            + " instance-secret?)");
    assertThat(secretctl("get", "-t", "Secrets").err()).contains("not 'Secrets' (did you mean -t secret?)");
    assertThat(secretctl("history", "-n", "x", "-t", "instance_secret").err())
        .contains("(did you mean -t instance-secret?)");
    assertThat(secretctl("get", "-t", "depot").err())
        .contains("not 'depot'; secretctl manages these two resource types only");
    CliRun store = secretctl("get", "--store", "files:" + dir);
    assertThat(store.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(store.err()).contains("unknown store type 'files' (did you mean 'file'?)");
    assertThat(secretctl("get", "--store", "aws://eu-west-1").err())
        .contains("unknown store type 'aws' (did you mean 'aws-sm'?)");
  }

  private static JsonNode read(CliRun run) throws IOException {
    assertThat(run.exitCode()).as(run.err()).isZero();
    return new ObjectMapper().readTree(run.out());
  }
}
