package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.SecretValue;
import dev.secretkit.client.SecretClient;
import dev.secretkit.manifest.SecretManifest;
import dev.secretkit.manifest.SecretSection;
import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
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
 * {@code secretctl env} and {@code get -o dotenv}, in-process on a file store; a real
 * {@code /bin/sh} evaluates what they print.
 */
@ExtendWith(LeakScanner.class)
class EnvCommandTest {
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

  private void store(String name, Map<String, SecretValue> values) {
    try (SecretClient client = SecretClient.builder().store("file:" + dir.resolve(".secretkit")).environment(env)
        .build()) {
      client.apply(new SecretManifest(name, "v1", SecretManifest.TYPE_SECRET, List.of(), null, null, null, null,
          new SecretSection("key-value", "r", values, Map.of())));
    }
  }

  @Test
  void withReveal_printsLinesAShellEvaluatesBackToEveryValue() throws Exception {
    Map<String, SecretValue> values = new LinkedHashMap<>();
    List<String> texts = List.of(canaries.plant(), "it's", "'", "''", "$HOME `id` $(id) \\n \\", "two\nlines\n",
        "  spaced  ", "h\u00e9llo \ud83d\udd11", "*", "a\"b", "-n");
    for (int i = 0; i < texts.size(); i++) {
      values.put("key-" + i, SecretValue.ofString(texts.get(i)));
    }
    store("app", values);

    CliRun env = secretctl("env", "app", "--reveal");

    assertThat(env.exitCode()).as(env.err()).isZero();
    assertThat(env.err()).isEmpty();
    assertThat(env.out()).startsWith("# public:app, version 1\nkey_0='").contains("\nkey_1='it'\\''s'\n");
    assertThat(secretctl("get", "-n", "app", "-o", "dotenv", "--reveal").out()).isEqualTo(env.out());
    Path script = Files.writeString(dir.resolve("vars.sh"), env.out());
    for (int i = 0; i < texts.size(); i++) {
      ProcessRun shell = ProcessRun.run(List.of("sh", "-c", ". \"$1\"; printf %s \"$key_" + i + "\"", "sh",
          script.toString()), Map.of("PATH", System.getenv("PATH")));
      assertThat(shell.exitCode()).as(shell.stderr()).isZero();
      assertThat(shell.out()).as("key-%d after eval", i).isEqualTo(texts.get(i));
    }
  }

  @Test
  void variableNames_replaceWhatAShellCannotName_andTwoKeysForOneVariableAreAnError() {
    Map<String, SecretValue> values = new LinkedHashMap<>();
    values.put("tls.crt", SecretValue.ofString("c"));
    values.put(".dockerconfigjson", SecretValue.ofString("{}"));
    values.put("1st-key", SecretValue.ofString("x"));
    values.put("GITSYNC_USERNAME", SecretValue.ofString("u"));
    store("names", values);

    assertThat(secretctl("env", "names", "--reveal").out()).isEqualTo("""
        # public:names, version 1
        tls_crt='c'
        _dockerconfigjson='{}'
        _1st_key='x'
        GITSYNC_USERNAME='u'
        """);

    Map<String, SecretValue> clashing = new LinkedHashMap<>();
    clashing.put("a.b", SecretValue.ofString(canaries.plant()));
    clashing.put("a-b", SecretValue.ofString(canaries.plant()));
    store("clash", clashing);
    CliRun clash = secretctl("env", "clash", "--reveal");
    assertThat(clash.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(clash.out()).isEmpty();
    assertThat(clash.err()).isEqualTo("secretctl env: keys a.b and a-b of public:clash both become the variable a_b;"
        + " read them with secretctl resolve public:clash#KEY\n");
  }

  @Test
  void withoutReveal_printsOnlyComments_andBinaryValuesAreLeftOutWithANote() {
    Map<String, SecretValue> values = new LinkedHashMap<>();
    values.put("password", SecretValue.ofString(canaries.plant()));
    values.put("keystore", SecretValue.ofBytes(new byte[] {(byte) 0xff, 0, 1}));
    values.put("nul", SecretValue.ofString("a\u0000b"));
    store("mixed", values);

    CliRun hidden = secretctl("env", "-n", "mixed");
    assertThat(hidden.exitCode()).isZero();
    assertThat(hidden.out()).isEqualTo("""
        # public:mixed, version 1: values hidden; add --reveal (needs can-use)
        # password=
        # keystore=
        # nul=
        """);
    assertThat(hidden.err()).isEqualTo("secretctl env: values hidden: add --reveal to print them (needs ownership or"
        + " a can-use grant)\n");
    canaries.assertAbsent("env without --reveal", hidden.out() + hidden.err());

    CliRun revealed = secretctl("env", "mixed", "--reveal");
    assertThat(revealed.out()).contains("\npassword='").contains("\n# keystore: left out, not text; secretctl"
        + " resolve public:mixed#keystore > FILE writes it\n").contains("\n# nul: left out, not text;");
    assertThat(revealed.err()).contains("secretctl env: key keystore holds bytes that are not text (or a NUL)")
        .contains("key nul holds");
    canaries.assertAbsent("env's notes", revealed.err());

    CliRun denied = secretctl("env", "mixed", "--reveal", "--principal", "mallory");
    assertThat(denied.exitCode()).isEqualTo(Failures.ACCESS_DENIED);
    assertThat(denied.out()).isEmpty();
    assertThat(secretctl("env").err()).contains("name the secret once");
    assertThat(secretctl("env", "nope").exitCode()).isEqualTo(Failures.NOT_FOUND);
  }
}
