package dev.secretkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the example as a data application would, and checks it says what it did and never the password. */
class ResolvePasswordTest {
  /** The example's default manifest, seen from this module's directory. */
  private static final String POSTGRES_V2 = "../manifests/postgres-v2.yaml";
  private static final String PLANTED = "planted-password-4242-never-printed";

  @TempDir
  Path dir;

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  private int run(Map<String, String> environment, String... args) {
    try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      return ResolvePassword.run(args, environment, out);
    }
  }

  private String output() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  private Path manifest(String password) throws IOException {
    return Files.writeString(dir.resolve("pg.yaml"), String.join("\n",
        "name: pg-r", "version: v1", "type: secret", "tags: [source:postgresql]",
        "secret:", "  type: key-value-properties", "  acl: r", "  data:",
        "    username: fake-reader", "    password: " + password, ""));
  }

  @Test
  void resolve_memoryStoreWithDefaultRef_printsLengthAndVersionOnly() {
    assertThat(run(Map.of(), ResolvePassword.DEFAULT_REF, POSTGRES_V2)).isZero();

    assertThat(output()).isEqualTo(String.join(System.lineSeparator(),
        "applied engineering:sales-pg: created, version 1",
        "resolved engineering:sales-pg#password: 22 bytes, version 1",
        "JDBC properties ready: [password, user]", ""));
    assertThat(output()).doesNotContain("fake-password-not-real", "fake-sales-user");
  }

  @Test
  void resolve_plantedPassword_neverPrintsIt() throws IOException {
    assertThat(run(Map.of(), "public:pg-r#password", manifest(PLANTED).toString())).isZero();

    assertThat(output()).contains("resolved public:pg-r#password: " + PLANTED.length() + " bytes, version 1")
        .doesNotContain(PLANTED, "fake-reader");
  }

  @Test
  void resolve_fileStoreFromEnvironment_readsWhatAnEarlierRunApplied() throws IOException {
    Map<String, String> environment = Map.of("SECRETKIT_STORE", "file:" + dir.resolve("store"));
    assertThat(run(environment, "public:pg-r#password", manifest("fake-first-password").toString())).isZero();
    assertThat(run(environment, "public:pg-r#password", manifest(PLANTED).toString())).isZero();
    printed.reset();

    assertThat(run(environment, "public:pg-r#password")).isZero();

    assertThat(output()).isEqualTo(String.join(System.lineSeparator(),
        "resolved public:pg-r#password: " + PLANTED.length() + " bytes, version 2",
        "JDBC properties ready: [password, user]", ""));
    assertThat(run(environment, "public:pg-r#password@1")).isZero();
    assertThat(output()).contains("resolved public:pg-r#password@1: 19 bytes, version 1").doesNotContain(PLANTED);
  }

  @Test
  void resolve_missingKey_failsWithAMessageThatNamesTheSecret() throws IOException {
    assertThat(run(Map.of(), "public:pg-r#passwd", manifest(PLANTED).toString())).isEqualTo(1);

    assertThat(output()).contains("error: key not found: public:pg-r#passwd").doesNotContain(PLANTED);
  }

  @Test
  void resolve_refWithoutKey_isABadArgument() throws IOException {
    assertThat(run(Map.of(), "public:pg-r", manifest(PLANTED).toString())).isEqualTo(2);

    assertThat(output()).contains("error: ").doesNotContain(PLANTED);
  }

  @Test
  void resolve_tooManyArguments_printsUsage() {
    assertThat(run(Map.of(), "a", "b", "c")).isEqualTo(2);

    assertThat(output()).isEqualTo("usage: ResolvePassword [REF [MANIFEST]]" + System.lineSeparator());
  }
}
