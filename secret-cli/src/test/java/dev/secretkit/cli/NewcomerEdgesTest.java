package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.SecretValue;
import dev.secretkit.client.SecretClient;
import dev.secretkit.manifest.SecretManifest;
import dev.secretkit.manifest.SecretSection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edges of what a newcomer types and restores, in-process on file stores: manifests printed
 * with --reveal apply back unchanged whatever the values, env never sets what steers the shell,
 * options in kubectl's places and ids pasted from messages are understood. Every value is fake.
 */
class NewcomerEdgesTest {
  @TempDir
  Path dir;

  private Map<String, String> env;

  @BeforeEach
  void environment() {
    env = CliRun.fileStoreUser(dir);
  }

  private CliRun secretctl(String... args) {
    return CliRun.secretctl(env, args);
  }

  private void store(String name, Map<String, SecretValue> values) {
    try (SecretClient client = SecretClient.builder().store("file:" + dir.resolve(".secretkit")).environment(env)
        .build()) {
      client.apply(new SecretManifest(name, "v1", SecretManifest.TYPE_SECRET, List.of(), null, null, null, null,
          new SecretSection("key-value", "r", values, Map.of())));
    }
  }

  /** Prints {@code name} with -o manifest --reveal, applies it to a new store, and checks every value there. */
  private void assertRoundTrip(String name, Map<String, String> values) throws IOException {
    CliRun printed = secretctl("get", "-n", name, "-o", "manifest", "--reveal");
    assertThat(printed.exitCode()).as(printed.err()).isZero();
    Path manifest = Files.writeString(dir.resolve(name + "-printed.yaml"), printed.out());
    String copy = "file:" + dir.resolve("copy");

    CliRun apply = secretctl("apply", "-f", manifest.toString(), "--store", copy);

    assertThat(apply.exitCode()).as("apply of get -o manifest --reveal: %s", apply.err()).isZero();
    for (Map.Entry<String, String> value : values.entrySet()) {
      assertThat(secretctl("resolve", "public:" + name + "#" + value.getKey(), "--store", copy).out())
          .as("key %s in the copy", value.getKey()).isEqualTo(value.getValue());
    }
  }

  /** A stored value holding "${{" (a CI template, say) is printed "$${{", which apply reads back as text. */
  @Test
  void manifestWithReveal_ofAValueHoldingDollarDoubleBrace_appliesBack() throws IOException {
    Map<String, String> values = Map.of("template", "${{ secrets.FAKE_TOKEN }}", "plain", "fake-user");
    Map<String, SecretValue> stored = new LinkedHashMap<>();
    values.forEach((key, text) -> stored.put(key, SecretValue.ofString(text)));
    store("ci", stored);

    assertRoundTrip("ci", values);
  }

  /** A multi-line value holding U+2028 or U+0085, line breaks to YAML 1.1 readers, is written so that apply reads it back. */
  @Test
  void manifestWithReveal_ofAMultiLineValueHoldingAUnicodeLineBreak_appliesBack() throws IOException {
    Map<String, String> values = Map.of("ls", "line one\n\u2028line two", "nel", "line one\nline\u0085two");
    Map<String, SecretValue> stored = new LinkedHashMap<>();
    values.forEach((key, text) -> stored.put(key, SecretValue.ofString(text)));
    store("multiline", stored);

    assertRoundTrip("multiline", values);
  }

  /**
   * Two files: keys read from files of the same name in different directories get paths of their
   * own; following the printed comments and re-applying says unchanged and keeps each key's bytes.
   */
  @Test
  void manifestWithReveal_ofTwoFileKeysWithTheSameFileName_reappliesUnchanged() throws IOException {
    Files.createDirectories(dir.resolve("in/a"));
    Files.createDirectories(dir.resolve("in/b"));
    Files.writeString(dir.resolve("in/a/tls.key"), "fake-key-of-a");
    Files.writeString(dir.resolve("in/b/tls.key"), "fake-key-of-b");
    Files.writeString(dir.resolve("in/two.yaml"), """
        name: two
        version: v1
        type: secret
        secret:
          type: certificates
          acl: r
          files:
            a_key: a/tls.key
            b_key: b/tls.key
        """);
    assertThat(secretctl("apply", "-f", dir.resolve("in/two.yaml").toString()).exitCode()).isZero();
    String printed = secretctl("get", "-n", "two", "-o", "manifest", "--reveal").out();
    Files.createDirectories(dir.resolve("out"));
    Path manifest = Files.writeString(dir.resolve("out/two.yaml"), printed);
    for (String key : List.of("a_key", "b_key")) {
      // As the printed comment says: mkdir -p DIR && secretctl resolve public:two#KEY > PATH.
      Matcher entry = Pattern.compile("\n    " + key + ": \"([^\"]+)\"\n").matcher(printed + "\n");
      assertThat(entry.find()).as("files: entry of %s in%n%s", key, printed).isTrue();
      Path file = dir.resolve("out").resolve(entry.group(1));
      Files.createDirectories(file.getParent());
      Files.writeString(file, secretctl("resolve", "two#" + key).out(), StandardCharsets.UTF_8);
    }

    CliRun again = secretctl("apply", "-f", manifest.toString());

    assertThat(again.out()).isEqualTo("unchanged public:two (secret v1, version 1)\n");
    assertThat(secretctl("resolve", "two#a_key").out()).isEqualTo("fake-key-of-a");
    assertThat(secretctl("resolve", "two#b_key").out()).isEqualTo("fake-key-of-b");
  }

  /**
   * Whoever may edit a shared secret chooses its keys; keys named PATH, IFS, LD_PRELOAD, BASH_ENV or
   * PROMPT_COMMAND are never assignments that eval runs in the reader's shell, and stderr names them.
   */
  @Test
  void env_doesNotSilentlyAssignVariablesThatChangeTheShellOrTheLoader() {
    List<String> dangerous = List.of("PATH", "IFS", "LD_PRELOAD", "BASH_ENV", "PROMPT_COMMAND");
    Map<String, SecretValue> values = new LinkedHashMap<>();
    values.put("username", SecretValue.ofString("fake-user"));
    dangerous.forEach(key -> values.put(key, SecretValue.ofString("/tmp/fake-" + key.toLowerCase())));
    store("shared", values);

    CliRun run = secretctl("env", "shared", "--reveal");

    for (String variable : dangerous) {
      assertThat(run.out()).as("an assignment of %s", variable).doesNotContainPattern("(?m)^" + variable + "=");
      assertThat(run.err()).as("a word about %s", variable).contains(variable);
    }
  }

  /**
   * kubectl users type {@code kubectl -n NS get}; {@code secretctl -w engineering get} says to give
   * -w after the command, and a misspelt shared option before the command is an unknown option.
   */
  @Test
  void aCommandsOptionBeforeTheCommand_isNotCalledAnUnknownCommand() {
    assertThat(secretctl("apply", "-f", writeManifest()).exitCode()).isZero();

    CliRun workspaceFirst = secretctl("-w", "engineering", "get");
    CliRun misspelt = secretctl("--stroe", "memory:", "get");

    assertThat(workspaceFirst.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(workspaceFirst.err()).doesNotContain("unknown command").contains("-w")
        .containsPattern("after|secretctl get -w");
    assertThat(misspelt.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(misspelt.err()).doesNotContain("unknown command").containsIgnoringCase("unknown option");
  }

  /** A missing key's hint is about keys (the secret was found), not about workspaces and types. */
  @Test
  void resolveOfAMissingKey_hintsAtKeys_notAtWorkspacesAndTypes() {
    store("pg-r", Map.of("username", SecretValue.ofString("fake-user"),
        "password", SecretValue.ofString("fake-password")));

    CliRun run = secretctl("resolve", "pg-r#pasword");

    assertThat(run.exitCode()).isEqualTo(Failures.NOT_FOUND);
    assertThat(run.err()).contains("did you mean password?");
    assertThat(run.err()).as("the hint").doesNotContain("type (-t)").doesNotContain("lists every secret");
  }

  /** Every hint names secrets as {@code engineering:pg}; pasted into {@code env NAME} (or -n) it names that secret. */
  @Test
  void envOfAScopedName_works_orSaysToUseW() {
    assertThat(secretctl("apply", "-f", writeManifest()).exitCode()).isZero();
    CliRun notFound = secretctl("env", "pg");
    assertThat(notFound.err()).contains("there is engineering:pg (-w engineering)");

    CliRun run = secretctl("env", "engineering:pg");

    assertThat(run.exitCode() == Failures.OK || run.err().contains("-w"))
        .as("exit %d, stderr: %s", run.exitCode(), run.err()).isTrue();
  }

  private String writeManifest() {
    try {
      return Files.writeString(dir.resolve("pg.yaml"), """
          name: pg
          version: v1
          type: secret
          workspace: engineering
          secret:
            type: key-value
            acl: r
            data:
              username: fake-user
          """).toString();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
