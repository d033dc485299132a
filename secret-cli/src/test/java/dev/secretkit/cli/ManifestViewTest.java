package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.SecretValue;
import dev.secretkit.client.SecretClient;
import dev.secretkit.manifest.SecretManifest;
import dev.secretkit.manifest.SecretSection;
import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code get -o manifest}, in-process on file stores: without {@code --reveal} a manifest that
 * apply refuses, with it one that applies unchanged, every value byte for byte.
 */
@ExtendWith(LeakScanner.class)
class ManifestViewTest {
  /** Texts a YAML writer or apply's interpolation could change, each a value of its own key. */
  private static final List<String> TRICKY = List.of("yes", "no", "on", "~", "null", "0777", "1e3", "0x1F", ".inf",
      "2024-01-01", "5432", "  leading", "trailing  ", "a: b", "#hash", "x #y", "- item", "? key", "{a: 1}", "[1]",
      "*alias", "&anchor", "!tag", "%directive", "@at", "`tick", "|pipe", ">fold", "'single'", "\"double\"",
      "back\\slash", "$HOME", "$$", "${NOT_SET}", "pa$$word", "line\nbreak", "ends with newline\n", "two\n\n",
      "\nleading newline", "crlf\r\nline", "tab\there", "nul\u0000byte", "bell\u0007", "nel\u0085x", "ls\u2028x",
      "bom\ufeffx", "h\u00e9llo \u65e5\u672c \ud83d\udd11", "-----BEGIN KEY-----\nMIIB\n-----END KEY-----\n");

  @TempDir
  Path dir;

  private Map<String, String> env;
  private Canaries canaries;

  @BeforeEach
  void environment(Canaries planted) {
    canaries = planted;
    env = CliRun.fileStoreUser(dir);
  }

  private CliRun secretctl(String... args) {
    return CliRun.secretctl(env, args);
  }

  @Test
  void withoutReveal_printsPlaceholdersThatApplyRefuses_soNothingIsWritten() throws IOException {
    String password = canaries.plant();
    Files.writeString(dir.resolve("pg.yaml"), """
        name: pg-r
        version: v1
        type: secret
        workspace: engineering
        tags: [source:postgresql]
        description: the sales database
        layer: user
        secret:
          type: key-value-properties
          acl: r
          data:
            username: fake-user
            password: "%s"
        """.formatted(password));
    assertThat(secretctl("apply", "-f", dir.resolve("pg.yaml").toString()).exitCode()).isZero();

    CliRun manifest = secretctl("get", "-n", "pg-r", "-w", "engineering", "-o", "manifest");

    assertThat(manifest.exitCode()).as(manifest.err()).isZero();
    canaries.assertAbsent("-o manifest without --reveal", manifest.out());
    assertThat(manifest.out()).isEqualTo("""
        # engineering:pg-r, version 1, from store file:%s
        # data values are ${{KEY}} placeholders, which apply refuses: fill them in, or print them with --reveal
        ---
        name: "pg-r"
        version: "v1"
        type: "secret"
        workspace: "engineering"
        tags:
        - "source:postgresql"
        description: "the sales database"
        owner: "olivia"
        layer: "user"
        secret:
          type: "key-value-properties"
          acl: "r"
          data:
            username: "${{username}}"
            password: "${{password}}"
        """.formatted(dir.resolve(".secretkit")));
    Path printed = Files.writeString(dir.resolve("printed.yaml"), manifest.out());
    CliRun apply = secretctl("apply", "-f", printed.toString());
    assertThat(apply.exitCode()).isEqualTo(Failures.INVALID_MANIFEST);
    assertThat(apply.err()).contains("printed.yaml:17:15: error: secret.data.username: unfilled template placeholder")
        .contains("printed.yaml:18:15: error: secret.data.password: unfilled template placeholder")
        .contains("nothing was applied");
    assertThat(secretctl("resolve", "engineering:pg-r#password").out()).isEqualTo(password);
    assertThat(secretctl("history", "-n", "pg-r", "-w", "engineering", "-o", "json").out()).contains("\"version\" : 1")
        .doesNotContain("\"version\" : 2");
  }

  @Test
  void withReveal_appliesUnchanged_andEveryValueComesBackByteForByte() throws IOException {
    Map<String, SecretValue> values = new LinkedHashMap<>();
    for (int i = 0; i < TRICKY.size(); i++) {
      values.put("k" + i, SecretValue.ofString(TRICKY.get(i)));
    }
    values.put("password", SecretValue.ofString(canaries.plant()));
    try (SecretClient client = SecretClient.builder().store("file:" + dir.resolve(".secretkit")).environment(env)
        .build()) {
      client.apply(new SecretManifest("tricky", "v2alpha", SecretManifest.TYPE_SECRET, List.of("a", "b:c"),
          "a \"described\" secret: $5", null, null, "engineering", new SecretSection("key-value", null, values,
          Map.of())));
      client.apply(new SecretManifest("git-r", "v1", SecretManifest.TYPE_INSTANCE_SECRET, List.of(), null, null,
          "user", null, new SecretSection("key-value", "r", Map.of("token", SecretValue.ofString("t$k")), Map.of())));
    }

    CliRun revealed = secretctl("get", "-A", "-o", "manifest", "--reveal");
    assertThat(revealed.exitCode()).as(revealed.err()).isZero();
    assertThat(revealed.out()).contains("instance-secret:\n").doesNotContain("workspace: \"instance\"")
        .contains("  acl: \"r\"\n").contains("token: \"t$$k\"");
    Path printed = Files.writeString(dir.resolve("all.yaml"), revealed.out());
    CliRun again = secretctl("apply", "-f", printed.toString());

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).isEqualTo("unchanged engineering:tricky (secret v2alpha, version 1)\n"
        + "unchanged instance:git-r (instance-secret v1, version 1)\n");
    CliRun elsewhere = secretctl("apply", "-f", printed.toString(), "--store", "file:" + dir.resolve("copy"));
    assertThat(elsewhere.out()).isEqualTo("created engineering:tricky (secret v2alpha, version 1)\n"
        + "created instance:git-r (instance-secret v1, version 1)\n");
    for (String key : values.keySet()) {
      CliRun resolved = CliRun.secretctl(env, "resolve", "engineering:tricky#" + key, "--store",
          "file:" + dir.resolve("copy"));
      assertThat(resolved.out()).as("key %s in the copy", key).isEqualTo(values.get(key).asString());
    }
    assertThat(secretctl("get", "-A", "-o", "manifest", "--reveal", "--store", "file:" + dir.resolve("copy")).out()
        .replace(dir.resolve("copy").toString(), dir.resolve(".secretkit").toString()))
        .as("the copy prints the same manifests").isEqualTo(revealed.out());
  }

  @Test
  void keysFromFiles_printAsFilesEntries_thatApplyReadsFromBesideTheManifest() throws IOException {
    Files.createDirectories(dir.resolve("in/certs"));
    Files.write(dir.resolve("in/certs/client.p12"), new byte[] {(byte) 0xff, 0, 1, 2});
    Files.writeString(dir.resolve("in/tls.yaml"), """
        name: tls
        version: v1
        type: secret
        secret:
          type: certificates
          acl: r
          data:
            alias: fake-alias
          files:
            keystore: certs/client.p12
        """);
    assertThat(secretctl("apply", "-f", dir.resolve("in/tls.yaml").toString()).exitCode()).isZero();

    for (String[] reveal : List.of(new String[0], new String[] {"--reveal"})) {
      List<String> args = new java.util.ArrayList<>(List.of("get", "-n", "tls", "-o", "manifest"));
      args.addAll(List.of(reveal));
      String out = secretctl(args.toArray(String[]::new)).out();
      assertThat(out).as("with %s", List.of(reveal)).contains("  files:\n    keystore: \"client.p12\"\n")
          .contains("# files: are read from beside this manifest when it is applied; write each with:\n"
              + "#   secretctl resolve public:tls#keystore > client.p12\n").doesNotContain("base64");
    }
    Files.createDirectories(dir.resolve("out"));
    Path printed = Files.writeString(dir.resolve("out/tls.yaml"),
        secretctl("get", "-n", "tls", "-o", "manifest", "--reveal").out());

    CliRun withoutTheFile = secretctl("apply", "-f", printed.toString());
    assertThat(withoutTheFile.exitCode()).isEqualTo(Failures.INVALID_MANIFEST);
    assertThat(withoutTheFile.err()).contains("secret.files.keystore").contains("nothing was applied");

    Files.copy(dir.resolve("in/certs/client.p12"), dir.resolve("out/client.p12"));
    assertThat(secretctl("apply", "-f", printed.toString()).out())
        .isEqualTo("unchanged public:tls (secret v1, version 1)\n");
  }
}
