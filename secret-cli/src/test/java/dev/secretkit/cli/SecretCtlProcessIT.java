package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretkit.SecretId;
import dev.secretkit.client.SecretClient;
import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * Runs the packaged {@code secretctl.jar} as a separate process, as a user would, against the
 * encrypted file store in a temporary home directory; every exit code is provoked, and a planted
 * canary password must show up only where {@code resolve} or {@code --reveal} print it.
 */
@ExtendWith(LeakScanner.class)
class SecretCtlProcessIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path home;

  private Canaries canaries;
  private String password;
  private PackagedSecretctl process;

  @BeforeEach
  void plant(Canaries planted) throws IOException {
    process = new PackagedSecretctl(home);
    canaries = planted;
    password = planted.plant();
    Files.createDirectories(home.resolve("manifests"));
    Files.writeString(home.resolve("manifests/pg.yaml"), manifest("pg-r", "r", password));
  }

  @AfterEach
  void nothingPrintedTheCanary() {
    process.assertNothingLeaked(canaries);
  }

  @Test
  void lifecycle_applyGetResolveHistoryDelete_onTheFileStore() throws Exception {
    ProcessRun apply = secretctl("apply", "-f", home.resolve("manifests").toString());
    assertThat(apply.exitCode()).as(apply.stderr()).isZero();
    assertThat(apply.out()).isEqualTo("created public:pg-r (secret v1, version 1)\n");
    assertThat(home.resolve(".secretkit/master.key")).isRegularFile();

    ProcessRun table = secretctl("get");
    assertThat(table.exitCode()).isZero();
    assertThat(table.out().lines().toList()).hasSize(3);
    assertThat(table.out()).contains("NAME", "VERSION", "TYPE", "WORKSPACE", "STATUS", "OWNER", "KEYS", "UPDATED")
        .contains(" pg-r ").contains(" v1 ").contains(" secret ").contains(" public ").contains(" active ")
        .contains(" tester ").contains("username,password");

    ProcessRun json = secretctl("get", "-n", "pg-r", "-o", "json");
    JsonNode secret = JSON.readTree(json.stdout());
    assertThat(secret.get("id").asText()).isEqualTo("public:pg-r");
    assertThat(secret.get("acl").asText()).isEqualTo("r");
    assertThat(secret.get("owner").asText()).isEqualTo("tester");
    assertThat(secret.get("latestVersion").asLong()).isEqualTo(1);
    assertThat(secret.get("keys")).extracting(JsonNode::asText).containsExactly("username", "password");
    assertThat(secret.has("values")).isFalse();

    ProcessRun resolve = secretctl("resolve", "public:pg-r#password");
    assertThat(resolve.exitCode()).isZero();
    assertThat(resolve.stdout()).as("the raw value, no newline").isEqualTo(password.getBytes(StandardCharsets.UTF_8));

    Files.writeString(home.resolve("manifests/pg.yaml"), manifest("pg-r", "r", password + "-2"));
    assertThat(secretctl("apply", "-f", home.resolve("manifests/pg.yaml").toString()).out())
        .isEqualTo("updated public:pg-r (secret v1, version 2)\n");
    assertThat(secretctl("apply", "-f", home.resolve("manifests/pg.yaml").toString()).out())
        .isEqualTo("unchanged public:pg-r (secret v1, version 2)\n");
    assertThat(resolveOut("pg-r#password@1")).isEqualTo(password);

    ProcessRun history = secretctl("history", "-n", "pg-r", "-o", "json");
    JsonNode versions = JSON.readTree(history.stdout());
    assertThat(versions).hasSize(2);
    assertThat(versions.get(1).get("version").asLong()).isEqualTo(2);
    assertThat(versions.get(1).get("createdBy").asText()).isEqualTo("tester");
    assertThat(secretctl("history", "-n", "pg-r").out()).contains("VERSION", "CREATED", "BY", "tester");

    ProcessRun revealed = secretctl("get", "-n", "pg-r", "-o", "json", "--reveal");
    assertThat(JSON.readTree(revealed.stdout()).get("values").get("password").asText()).isEqualTo(password + "-2");

    ProcessRun delete = secretctl("delete", "-n", "pg-r");
    assertThat(delete.exitCode()).isZero();
    assertThat(delete.out()).isEqualTo("deleted public:pg-r\n");
    ProcessRun gone = secretctl("resolve", "pg-r#password@1");
    assertThat(gone.exitCode()).isEqualTo(Failures.NOT_FOUND);
    assertThat(gone.stderr()).startsWith("secretctl resolve: secret not found: public:pg-r in store file:");
    assertThat(gone.stdout()).isEmpty();
  }

  @Test
  void applyingADirectoryWhoseLastManifestTheStoreRefuses_appliesNothing_andPointsAtItsFileLineAndColumn()
      throws Exception {
    Files.writeString(home.resolve("manifests/zz-big.yaml"), manifest("big", "r", "x".repeat(password.length() + 1)));
    String store = "file:" + home.resolve(".secretkit") + "?maxValueBytes=" + password.length();

    ProcessRun apply = secretctl("apply", "-f", home.resolve("manifests").toString(), "--store", store);

    assertThat(apply.exitCode()).isEqualTo(Failures.INVALID_MANIFEST);
    assertThat(apply.stderr()).contains("zz-big.yaml:9:15: error: secret.data.password: the value of key password is "
        + (password.length() + 1) + " bytes; the store allows at most " + password.length())
        .contains("hint: make the secret smaller").contains("nothing was applied");
    assertThat(apply.out()).isEmpty();
    assertThat(home.resolve(".secretkit")).as("not even the store was created").doesNotExist();
  }

  @Test
  void applyingADirectoryWithOneInvalidManifest_appliesNothing_andExits3() throws Exception {
    Files.writeString(home.resolve("manifests/bad.yaml"), manifest("Bad_Name", "r", password));

    ProcessRun apply = secretctl("apply", "-f", home.resolve("manifests").toString());

    assertThat(apply.exitCode()).isEqualTo(Failures.INVALID_MANIFEST);
    assertThat(apply.stderr()).contains("bad.yaml:1:7: error: name:").contains("nothing was applied");
    assertThat(apply.out()).isEmpty();
    assertThat(home.resolve(".secretkit")).as("not even the store was created").doesNotExist();
  }

  @Test
  void everyExitCode_isProvoked_withOneLineAndAHint() throws Exception {
    process.applyInProcess(null, home.resolve("manifests/pg.yaml"));

    ProcessRun usage = secretctl("get", "--colour");
    assertThat(usage.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(usage.stderr()).startsWith("secretctl get: Unknown option: '--colour'");
    ProcessRun badStore = secretctl("get", "--store", "nosuch:x");
    assertThat(badStore.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(badStore.stderr()).startsWith("secretctl get: unknown store type 'nosuch'; known types: aws-sm, file, memory, vault");
    ProcessRun badRef = secretctl("resolve", "pg-r@x");
    assertThat(badRef.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(badRef.stderr()).startsWith("secretctl resolve: invalid secret reference:")
        .contains("hint: write a reference as [scope:]name[#key][@version]");
    ProcessRun valueByMistake = secretctl("resolve", password);
    assertThat(valueByMistake.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(valueByMistake.stderr()).isEqualTo("secretctl resolve: the reference names no key; write it as"
        + " [scope:]name#key[@version]\n    hint: write a reference as [scope:]name[#key][@version], for example"
        + " public:pg-r#password@2\n");

    ProcessRun notFound = secretctl("get", "-n", "nope");
    assertThat(notFound.exitCode()).isEqualTo(Failures.NOT_FOUND);
    assertThat(notFound.stderr().lines()).hasSize(2).last().asString().startsWith("    hint: ");

    ProcessRun denied = secretctl("resolve", "pg-r#password", "--principal", "mallory", "--roles", "tenant-admin");
    assertThat(denied.exitCode()).isEqualTo(Failures.ACCESS_DENIED);
    assertThat(denied.stderr()).startsWith("secretctl resolve: access denied: mallory (tenant-admin) may not use"
        + " secret public:pg-r");
    assertThat(secretctl("grant", "-n", "pg-r", "--to", "mallory", "--permission", "can-use").exitCode()).isZero();
    ProcessRun allowed = secretctl("resolve", "pg-r#password", "--principal", "mallory", "--roles", "tenant-admin");
    assertThat(allowed.out()).isEqualTo(password);

    try (SecretClient client = SecretClient.builder().store("file:" + home.resolve(".secretkit"))
        .environment(Map.of()).build()) {
      client.registerDependent(SecretId.of("public", "pg-r"), "depot:v2alpha:sales");
    }
    ProcessRun inUse = secretctl("delete", "-n", "pg-r");
    assertThat(inUse.exitCode()).isEqualTo(Failures.CONFLICT);
    assertThat(inUse.stderr()).startsWith(
        "secretctl delete: cannot delete secret public:pg-r: it is a dependency of depot:v2alpha:sales");
    assertThat(inUse.stderr()).contains("hint: delete the dependents first, or delete with --force");

    Path record = home.resolve(".secretkit/secrets/public/pg-r.sk");
    byte[] bytes = Files.readAllBytes(record);
    bytes[bytes.length / 2] ^= 1;
    Files.write(record, bytes);
    ProcessRun unreadable = secretctl("get", "-n", "pg-r");
    assertThat(unreadable.exitCode()).isEqualTo(Failures.DATA_ERROR);
    assertThat(unreadable.stderr()).contains("pg-r.sk").contains("corrupted").doesNotContain("\tat ")
        .contains("hint: the record will read the same every time");
    ProcessRun debug = secretctl("get", "-n", "pg-r", "--debug");
    assertThat(debug.stderr()).contains("\tat dev.secretkit.");
    ProcessRun notForced = secretctl("delete", "-n", "pg-r");
    assertThat(notForced.exitCode()).isEqualTo(Failures.DATA_ERROR);
    assertThat(record).exists();

    Path other = home.resolve(".secretkit/secrets/public/other.sk");
    Files.createDirectories(other);
    ProcessRun unavailable = secretctl("get", "-n", "other");
    assertThat(unavailable.exitCode()).as("an I/O error is transient").isEqualTo(Failures.STORE_UNAVAILABLE);
    assertThat(unavailable.stderr()).contains("other.sk").contains("hint: check that the store is reachable");
    Files.delete(other);

    ProcessRun bug = ProcessRun.run(List.of("java", "-cp", classPathWithExplodingProvider(), "dev.secretkit.cli.SecretCtl",
        "get", "--store", "exploding:?value=" + password), environment());
    assertThat(bug.exitCode()).isEqualTo(Failures.UNEXPECTED);
    assertThat(bug.stderr()).startsWith("secretctl get: internal error, please report it:"
        + " java.lang.IllegalStateException (message withheld)");

    ProcessRun forced = secretctl("delete", "-n", "pg-r", "--force");
    assertThat(forced.exitCode()).as(forced.stderr()).isZero();
    assertThat(record).doesNotExist();
    assertThat(secretctl("get", "-o", "json").exitCode()).isZero();
  }

  @Test
  void findingThings_everyWorkspace_whereSecretsAre_whatWasMeant_manifestsAndEnv() throws Exception {
    Files.writeString(home.resolve("manifests/more.yaml"), manifest("pg", "r", "fake-engineering-password")
        .replace("type: secret\n", "type: secret\nworkspace: engineering\n") + "---\n"
        + manifest("pg", "r", "fake-instance-password").replace("type: secret\n", "type: instance-secret\n")
        .replace("secret:\n", "instance-secret:\n"));
    ProcessRun apply = secretctl("apply", "-f", home.resolve("manifests").toString());
    assertThat(apply.exitCode()).as(apply.stderr()).isZero();

    ProcessRun empty = secretctl("get", "-w", "sales");
    assertThat(empty.exitCode()).isZero();
    assertThat(empty.out()).isEmpty();
    assertThat(empty.stderr()).isEqualTo("secretctl get: no secrets in workspace sales; there are secrets in:"
        + " engineering (1), instance (1), public (1); use -w WORKSPACE, -t instance-secret or -A\n");
    assertThat(secretctl("get", "-w", "sales", "-o", "json").stderr()).isEmpty();

    ProcessRun all = secretctl("get", "-A");
    assertThat(all.out().lines().skip(2).map(line -> line.split("\\|")[3].strip()))
        .containsExactly("engineering", "instance", "public");

    ProcessRun meant = secretctl("get", "-n", "pg");
    assertThat(meant.exitCode()).isEqualTo(Failures.NOT_FOUND);
    assertThat(meant.stderr()).startsWith("secretctl get: secret not found: public:pg in store file:")
        .contains("; there is engineering:pg (-w engineering) and instance:pg (-t instance-secret); did you mean"
            + " pg-r?\n");

    ProcessRun placeholders = secretctl("get", "-n", "pg-r", "-o", "manifest");
    assertThat(placeholders.out()).contains("password: \"${{password}}\"");
    Path unrevealed = Files.writeString(home.resolve("unrevealed.yaml"), placeholders.out());
    assertThat(secretctl("apply", "-f", unrevealed.toString()).exitCode()).isEqualTo(Failures.INVALID_MANIFEST);
    ProcessRun revealed = secretctl("get", "-A", "-o", "manifest", "--reveal");
    Path backup = Files.writeString(home.resolve("backup.yaml"), revealed.out());
    assertThat(secretctl("apply", "-f", backup.toString()).out()).isEqualTo("unchanged engineering:pg (secret v1,"
        + " version 1)\nunchanged instance:pg (instance-secret v1, version 1)\nunchanged public:pg-r (secret v1,"
        + " version 1)\n");

    ProcessRun eval = ProcessRun.run(List.of("sh", "-c", "eval \"$(java -jar \"$1\" env pg-r --reveal)\";"
        + " printf '%s|%s' \"$username\" \"$password\"", "sh", PackagedSecretctl.JAR.toString()), environment());
    assertThat(eval.exitCode()).as(eval.stderr()).isZero();
    assertThat(eval.out()).isEqualTo("fake-user|" + password);
    ProcessRun hidden = secretctl("env", "pg-r");
    assertThat(hidden.out()).isEqualTo("# public:pg-r, version 1: values hidden; add --reveal (needs can-use)\n"
        + "# username=\n# password=\n");
  }

  @Test
  void stores_listsTheBuiltInProviders() throws Exception {
    ProcessRun stores = secretctl("stores");

    assertThat(stores.exitCode()).isZero();
    assertThat(stores.out()).contains(" file ").contains("file:PATH").contains(" memory ").contains("memory:");
  }

  @Test
  void help_listsTheExitCodes() throws Exception {
    ProcessRun help = secretctl("apply", "--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("Exit codes:").contains("3   a manifest has errors, or breaks the store's limits: nothing was")
        .contains("8   a stored record cannot be read");
  }

  private String resolveOut(String ref) throws Exception {
    ProcessRun run = secretctl("resolve", ref);
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    return run.out();
  }

  private ProcessRun secretctl(String... args) throws Exception {
    return process.run(args);
  }

  private Map<String, String> environment() {
    return process.environment();
  }

  private static String classPathWithExplodingProvider() {
    Path target = PackagedSecretctl.JAR.toAbsolutePath().getParent();
    return String.join(File.pathSeparator, PackagedSecretctl.JAR.toAbsolutePath().toString(), target.resolve("lib/*").toString(),
        target.resolve("test-classes").toString(), target.getParent().resolve("src/test/broken-provider").toString());
  }

  private static String manifest(String name, String acl, String secretPassword) {
    return """
        name: %s
        version: v1
        type: secret
        secret:
          type: key-value-properties
          acl: %s
          data:
            username: fake-user
            password: "%s"
        """.formatted(name, acl, secretPassword);
  }
}
