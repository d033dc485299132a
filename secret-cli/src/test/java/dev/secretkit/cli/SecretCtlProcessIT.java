package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretkit.AccessDeniedException;
import dev.secretkit.SecretRef;
import dev.secretkit.access.Principal;
import dev.secretkit.access.Role;
import dev.secretkit.client.SecretClient;
import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged {@code secretctl.jar} as a separate process, as a user would, against the
 * encrypted file store in a temporary home directory: a lifecycle through the store commands, the
 * exit codes and streams of a JVM whose command fails, {@code env}'s output evaluated by a real
 * shell, and the stores the packaged jar finds through ServiceLoader. A planted canary password
 * must show up only where {@code resolve} or {@code --reveal} print it.
 *
 * <p>Every exit code is provoked through the packaged jar: 0 and 4 in the lifecycle, 1, 2 and 7 in
 * {@code theExitCodesOfAFailedCommand_comeWithOneLineAndAHint}, 3 here too, 5 and 8 in
 * FileStoreProcessIT, 6 in SecretCtlConventionsIT. What secretctl says, and the checks that run the
 * same in-process, live in in-process tests: the listing and history tables, old versions, a
 * second apply, and unreadable or corrupted records in FileStoreCommandsTest; a store's limits
 * and grant and revoke in StoreCommandsTest; bad options and references and {@code apply --help}
 * in SecretCtlTest; not found and what was meant, empty listings and {@code -A} in GetCommandTest;
 * {@code -o manifest} with and without {@code --reveal} in ManifestViewTest; {@code env} without
 * {@code --reveal} in EnvCommandTest.
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
  void lifecycle_applyGetResolveHistoryGrantDelete_onTheFileStore() throws Exception {
    ProcessRun apply = secretctl("apply", "-f", home.resolve("manifests").toString());
    assertThat(apply.exitCode()).as(apply.stderr()).isZero();
    assertThat(apply.out()).isEqualTo("created public:pg-r (secret v1, version 1)\n");
    assertThat(DefaultStoreKey.of(home)).isRegularFile();

    ProcessRun json = secretctl("get", "-n", "pg-r", "-o", "json");
    assertThat(json.exitCode()).as(json.stderr()).isZero();
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

    ProcessRun history = secretctl("history", "-n", "pg-r", "-o", "json");
    assertThat(history.exitCode()).as(history.stderr()).isZero();
    JsonNode versions = JSON.readTree(history.stdout());
    assertThat(versions).hasSize(2);
    assertThat(versions.get(1).get("version").asLong()).isEqualTo(2);
    assertThat(versions.get(1).get("createdBy").asText()).isEqualTo("tester");

    SecretRef asMallory = SecretRef.parse("pg-r#password");
    try (SecretClient mallory = process.clientInProcess(null, Principal.of("mallory", Role.TENANT_ADMIN))) {
      assertThatThrownBy(() -> mallory.resolve(asMallory)).isInstanceOf(AccessDeniedException.class);
    }
    ProcessRun grant = secretctl("grant", "-n", "pg-r", "--to", "mallory", "--permission", "can-use");
    assertThat(grant.exitCode()).as(grant.stderr()).isZero();
    assertThat(grant.out()).isEqualTo("granted can-use on public:pg-r to mallory\n");
    try (SecretClient mallory = process.clientInProcess(null, Principal.of("mallory", Role.TENANT_ADMIN))) {
      assertThat(mallory.resolve(asMallory).asString()).isEqualTo(password + "-2");
    }

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
  void applyingADirectoryWithOneInvalidManifest_appliesNothing_andExits3() throws Exception {
    Files.writeString(home.resolve("manifests/bad.yaml"), manifest("Bad_Name", "r", password));

    ProcessRun apply = secretctl("apply", "-f", home.resolve("manifests").toString());

    assertThat(apply.exitCode()).isEqualTo(Failures.INVALID_MANIFEST);
    assertThat(apply.stderr()).contains("bad.yaml:1:7: error: name:").contains("nothing was applied");
    assertThat(apply.out()).isEmpty();
    assertThat(home.resolve(".secretkit")).as("not even the store was created").doesNotExist();
  }

  @Test
  void theExitCodesOfAFailedCommand_comeWithOneLineAndAHint() throws Exception {
    process.applyInProcess(null, home.resolve("manifests/pg.yaml"));

    ProcessRun usage = secretctl("get", "--colour");
    assertThat(usage.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(usage.stderr()).startsWith("secretctl get: Unknown option: '--colour'");
    assertThat(usage.out()).isEmpty();

    Path other = home.resolve(".secretkit/secrets/public/other.sk");
    Files.createDirectories(other);
    ProcessRun unavailable = secretctl("get", "-n", "other");
    assertThat(unavailable.exitCode()).as("an I/O error is transient").isEqualTo(Failures.STORE_UNAVAILABLE);
    assertThat(unavailable.stderr()).contains("other.sk").contains("hint: check that the store is reachable")
        .doesNotContain("\tat ");
    assertThat(unavailable.out()).isEmpty();
    Files.delete(other);

    ProcessRun bug = ProcessRun.run(List.of("java", "-cp", classPathWithExplodingProvider(),
        "dev.secretkit.cli.SecretCtl", "get", "--store", "exploding:?value=" + password), environment());
    process.printed(bug.out());
    process.printed(bug.stderr());
    assertThat(bug.exitCode()).isEqualTo(Failures.UNEXPECTED);
    assertThat(bug.stderr()).startsWith("secretctl get: internal error, please report it:"
        + " java.lang.IllegalStateException (message withheld)");
  }

  @Test
  void env_withReveal_printsWhatAShellEvaluates() throws Exception {
    process.applyInProcess(null, home.resolve("manifests/pg.yaml"));
    List<String> command = new ArrayList<>(List.of("sh", "-c", "eval \"$(\"$@\" env pg-r --reveal)\";"
        + " printf '%s|%s' \"$username\" \"$password\"", "sh"));
    command.addAll(PackagedSecretctl.java());
    command.addAll(List.of("-jar", PackagedSecretctl.JAR.toString()));

    ProcessRun eval = ProcessRun.run(command, environment());

    assertThat(eval.exitCode()).as(eval.stderr()).isZero();
    assertThat(eval.out()).isEqualTo("fake-user|" + password);
    process.printed(eval.stderr());
  }

  @Test
  void stores_listsEveryStoreThePackagedJarFinds() throws Exception {
    ProcessRun stores = secretctl("stores");

    assertThat(stores.exitCode()).isZero();
    assertThat(stores.out()).contains(" file ").contains("file:PATH").contains(" memory ").contains("memory:")
        .contains(" aws-sm ").contains("aws-sm://REGION").contains(" vault ").contains("vault://HOST:PORT/MOUNT")
        .contains(" gcp-sm ").contains("gcp-sm://PROJECT?endpoint=127.0.0.1:PORT&tls=false");
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
