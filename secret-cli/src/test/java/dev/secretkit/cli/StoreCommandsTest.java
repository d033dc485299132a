package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store commands' options, run in-process against one file store that persists between runs. */
class StoreCommandsTest {
  @TempDir
  Path dir;

  private Map<String, String> env;

  @BeforeEach
  void environment() throws IOException {
    env = CliRun.fileStoreUser(dir);
    Files.writeString(dir.resolve("two.yaml"), """
        name: pg-r
        version: v1
        type: secret
        tags: [team:sales]
        secret:
          type: key-value-properties
          acl: r
          data:
            password: fake-one
        ---
        name: git-r
        version: v1
        type: instance-secret
        owner: bob
        instance-secret:
          type: key-value
          acl: r
          data:
            GITSYNC_USERNAME: fake-user
            GITSYNC_PASSWORD: fake-token
        """);
  }

  private CliRun secretctl(String... args) {
    return CliRun.secretctl(env, args);
  }

  @Test
  void apply_whoseLastManifestTheStoreRefuses_appliesNothing_andPointsAtTheFileLineAndColumn() {
    String store = "file:" + dir.resolve("store") + "?maxValueBytes=9";

    CliRun apply = secretctl("apply", "-f", dir.resolve("two.yaml").toString(), "--store", store);

    assertThat(apply.exitCode()).isEqualTo(Failures.INVALID_MANIFEST);
    assertThat(apply.err()).contains(dir.resolve("two.yaml") + ":20:23: error: instance-secret.data.GITSYNC_PASSWORD:"
        + " the value of key GITSYNC_PASSWORD is 10 bytes; the store allows at most 9")
        .contains("hint: make the secret smaller").contains("apply: nothing was applied").doesNotContain("fake-token");
    assertThat(apply.out()).isEmpty();
    assertThat(dir.resolve("store")).as("a refused first apply does not even create the store").doesNotExist();
  }

  @Test
  void apply_withLint_validatesOnly_andWithWorkspace_placesSecretsThere() throws IOException {
    assertThat(secretctl("apply", "--lint", "-f", dir.resolve("two.yaml").toString()).out())
        .isEqualTo("2 manifests are valid; nothing was applied (--lint)\n");
    CliRun missing = secretctl("get", "-o", "json");
    assertThat(missing.exitCode()).isEqualTo(Failures.NOT_FOUND);
    assertThat(missing.out()).isEmpty();
    assertThat(missing.err()).contains("get: store not found: file:" + dir.resolve(".secretkit"))
        .contains("there is no store at " + dir.resolve(".secretkit") + " yet")
        .contains("hint: check --store and $SECRETKIT_STORE; 'secretctl apply' creates the store");

    CliRun contradicted = secretctl("apply", "-w", "sales", "-f", dir.resolve("two.yaml").toString());
    assertThat(contradicted.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(contradicted.err()).contains("-w sales contradicts a manifest; nothing was done")
        .contains(dir.resolve("two.yaml") + ":13:7 (document 2): git-r is an instance secret");
    assertThat(dir.resolve(".secretkit")).doesNotExist();

    String two = Files.readString(dir.resolve("two.yaml"));
    Files.writeString(dir.resolve("one.yaml"), two.substring(0, two.indexOf("---")));
    CliRun apply = secretctl("apply", "-w", "sales", "-f", dir.resolve("one.yaml").toString());

    assertThat(apply.out()).isEqualTo("created sales:pg-r (secret v1, version 1)\n");
  }

  @Test
  void get_filtersByOwnerAndTags_andPrintsYaml() throws IOException {
    CliRun mine = secretctl("apply", "-f", dir.resolve("two.yaml").toString());
    assertThat(mine.err()).contains("apply: warning: secret instance:git-r: owner: bob is ignored: a new secret is"
        + " owned by whoever applies it (olivia)");
    secretctl("delete", "-f", dir.resolve("two.yaml").toString());
    secretctl("apply", "-f", dir.resolve("two.yaml").toString(), "--principal", "tina", "--roles", "tenant-admin");

    assertThat(secretctl("get", "--tags", "team:sales").out()).contains(" pg-r ");
    CliRun noneOfBobs = secretctl("get", "--owner", "bob");
    assertThat(noneOfBobs.out()).as("an empty listing prints no table").isEmpty();
    assertThat(noneOfBobs.err()).contains("no secrets in workspace public match --owner bob; 1 secret there does not");
    assertThat(secretctl("get", "-t", "instance-secret", "--owner", "bob").out()).contains(" git-r ");
    JsonNode yaml = new YAMLMapper().readTree(secretctl("get", "-t", "instance-secret", "-n", "git-r", "-o", "yaml")
        .out());
    assertThat(yaml.get("owner").asText()).isEqualTo("bob");
    assertThat(yaml.get("keys")).extracting(JsonNode::asText).containsExactly("GITSYNC_USERNAME", "GITSYNC_PASSWORD");
    assertThat(secretctl("get", "-t", "instance-secret", "-w", "sales").exitCode()).isEqualTo(Failures.USAGE);
    assertThat(secretctl("get", "-o", "xml").err()).contains("unknown output format 'xml'");
  }

  @Test
  void get_withReveal_showsValues_andBinaryAsBase64() throws IOException {
    Files.write(dir.resolve("blob.bin"), new byte[] {(byte) 0xff, 0, 1});
    Files.writeString(dir.resolve("files.yaml"), """
        name: blob
        version: v1
        type: secret
        secret:
          type: key-value
          acl: r
          files:
            blob: blob.bin
        """);
    secretctl("apply", "-f", dir.resolve("files.yaml").toString());

    JsonNode json = new ObjectMapper().readTree(secretctl("get", "-n", "blob", "--reveal", "-o", "json").out());

    assertThat(json.get("values").get("blob").get("base64").asText()).isEqualTo("/wAB");
    assertThat(json.get("fileNames").get("blob").asText()).isEqualTo("blob.bin");
    assertThat(secretctl("get", "-n", "blob", "--reveal").out()).contains("  blob: base64:/wAB");
    assertThat(secretctl("get", "-n", "blob", "-d").out()).contains("files: blob=blob.bin").doesNotContain("/wAB");
  }

  @Test
  void delete_byManifestFile_deletesEverySecretItNames() {
    secretctl("apply", "-f", dir.resolve("two.yaml").toString());

    CliRun delete = secretctl("delete", "-f", dir.resolve("two.yaml").toString());

    assertThat(delete.out()).isEqualTo("deleted public:pg-r\ndeleted instance:git-r\n");
    assertThat(secretctl("delete", "-f", dir.resolve("two.yaml").toString()).exitCode())
        .isEqualTo(Failures.NOT_FOUND);
    assertThat(secretctl("delete").err()).contains("name the secrets with either -n NAME or -f PATH");
  }

  @Test
  void applyAndDelete_ofADirectoryWithManifestsOnlyInSubdirectories_refuse_suggestingR() throws IOException {
    Path tree = Files.createDirectories(dir.resolve("tree/sales"));
    Files.move(dir.resolve("two.yaml"), tree.resolve("two.yaml"));

    for (String command : new String[] {"apply", "delete"}) {
      CliRun run = secretctl(command, "-f", dir.resolve("tree").toString());

      assertThat(run.exitCode()).as(command).isEqualTo(Failures.USAGE);
      assertThat(run.err()).as(command).isEqualToNormalizingNewlines("secretctl " + command + ": directory '"
          + dir.resolve("tree") + "' holds no manifest itself, but its subdirectories hold 1: add -R to read them\n"
          + "Try 'secretctl " + command + " --help' for more information.\n");
      assertThat(run.out()).as(command).isEmpty();
    }
    assertThat(dir.resolve(".secretkit")).as("no store was opened").doesNotExist();

    assertThat(secretctl("apply", "-R", "-f", dir.resolve("tree").toString()).out()).contains("created public:pg-r");
    assertThat(secretctl("delete", "-R", "-f", dir.resolve("tree").toString()).out())
        .isEqualTo("deleted public:pg-r\ndeleted instance:git-r\n");
  }

  @Test
  void grantThenRevoke_changesWhoMayResolve() {
    secretctl("apply", "-f", dir.resolve("two.yaml").toString());
    String[] asCarol = {"resolve", "pg-r#password", "--principal", "carol"};

    assertThat(secretctl(asCarol).exitCode()).isEqualTo(Failures.ACCESS_DENIED);
    assertThat(secretctl("grant", "-n", "pg-r", "--to", "carol", "--permission", "can-use").out())
        .isEqualTo("granted can-use on public:pg-r to carol\n");
    assertThat(secretctl(asCarol).out()).isEqualTo("fake-one");
    assertThat(secretctl("revoke", "-n", "pg-r", "--to", "carol", "--permission", "can-use").out())
        .isEqualTo("revoked can-use on public:pg-r from carol\n");
    assertThat(secretctl(asCarol).exitCode()).isEqualTo(Failures.ACCESS_DENIED);
    assertThat(secretctl("grant", "-n", "pg-r", "--to", "carol", "--permission", "can-read").err())
        .contains("unknown permission 'can-read'; expected can-use, can-edit, can-manage-access");
    assertThat(secretctl("resolve", "pg-r#password", "--roles", "operator").err())
        .contains("--roles needs --principal");
    assertThat(secretctl("resolve", "pg-r#password", "--principal", "x", "--roles", "admin").err())
        .contains("unknown role 'admin'");
  }
}
