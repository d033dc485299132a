package dev.secretkit.cli;

import static dev.secretkit.cli.CliRun.secretctl;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValidateCommandTest {
  private static final String CANARY = "CANARY-7f3a9";
  private static final String VALID = """
      name: pg-r
      version: v1
      type: instance-secret
      layer: user
      instance-secret:
        type: key-value-properties
        acl: r
        data:
          username: alice
          password: fake-password-1
      ---
      name: git-sync
      version: v2alpha
      type: secret
      secret:
        type: key-value
        data:
          GITSYNC_USERNAME: bob
          GITSYNC_PASSWORD: fake-token
      """;

  private static final String INVALID = """
      name: pg-r
      version: v1
      type: secret
      secret:
        type: key-value-propertie
        acls: r
        data:
          username: alice
          password:
      """;

  private static final String INVALID_FINDINGS = """
      %1$s:4:1: error: secret.acl: missing required field 'acl'
          hint: add acl: r (read-only) or acl: rw (read-write)
      %1$s:5:9: error: secret.type: secret type 'key-value-propertie' is not supported; expected one of \
      cloud-kernel, cloud-kernel-image-pull, key-value, key-value-properties, certificates
          hint: did you mean 'key-value-properties'?
      %1$s:6:3: error: secret.acls: unknown field 'acls'
          hint: did you mean 'acl'?
      %1$s:9:14: error: secret.data.password: empty value; a secret value must not be empty
          hint: write the value, or remove the key
      """;

  private static final String USERNAME_ONLY = """
      name: pg-r
      version: v1
      type: secret
      secret:
        type: key-value-properties
        acl: r
        data:
          username: alice
      """;

  private static final String PASSWORD_FROM_ENVIRONMENT = """
      name: pg-r
      version: v1
      type: secret
      secret:
        type: key-value-properties
        acl: r
        data:
          username: alice
          password: $HOME_X
      """;

  @TempDir
  Path dir;

  @Test
  void validate_validFile_exitsZeroWithSummary() throws IOException {
    Path file = write("valid.yaml", VALID);

    CliRun run = secretctl("validate", file.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualToNormalizingNewlines("no errors, no warnings in 2 manifests (1 file)\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void validate_reportsEveryFindingWithHint() throws IOException {
    Path file = write("invalid.yaml", INVALID);

    CliRun run = secretctl("validate", file.toString());

    assertThat(run.exitCode()).isEqualTo(ValidateCommand.EXIT_ERRORS);
    assertThat(run.out()).isEqualToNormalizingNewlines(INVALID_FINDINGS.formatted(file)
        + "4 errors, no warnings in 1 manifest (1 file)\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void validate_findingWithoutHint_printsNoHintLine() throws IOException {
    Path file = write("control.yaml", "name: pg-r\u0001\n");

    CliRun run = secretctl("validate", file.toString());

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.out()).isEqualToNormalizingNewlines(file + ":0:0: error: $: not valid YAML: special characters"
        + " are not allowed\n1 error, no warnings in 0 manifests (1 file)\n");
  }

  @Test
  void validate_warningsOnly_exitsZero() throws IOException {
    Path file = write("spec.yaml", """
        name: git-sync
        version: v2alpha
        type: secret
        spec:
          type: key-value
          data:
            GITSYNC_USERNAME: bob
        """);

    CliRun run = secretctl("validate", file.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualToNormalizingNewlines(file + ":4:1: warning: spec: spec: is read as an alias of"
        + " secret:\n    hint: write secret:, the key every DataOS example uses\n"
        + "no errors, 1 warning in 1 manifest (1 file)\n");
  }

  @Test
  void validate_severalFiles_reportsThemInCommandLineOrder() throws IOException {
    Path invalid = write("b-invalid.yaml", INVALID);
    Path valid = write("a-valid.yaml", VALID);
    Path usernameOnly = write("c.yaml", USERNAME_ONLY);

    CliRun run = secretctl("validate", invalid.toString(), valid.toString(), usernameOnly.toString());

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.out()).isEqualToNormalizingNewlines(INVALID_FINDINGS.formatted(invalid)
        + "4 errors, no warnings in 4 manifests (3 files)\n");
  }

  @Test
  void validate_sameFileTwice_readsItOnce() throws IOException {
    Path file = write("valid.yaml", VALID);

    CliRun run = secretctl("validate", dir.toString(), file.toString());

    assertThat(run.out()).isEqualToNormalizingNewlines("no errors, no warnings in 2 manifests (1 file)\n");
  }

  @Test
  void validate_directory_readsOnlyItsManifestChildren() throws IOException {
    write("a.yaml", VALID);
    write("b.yml", INVALID);
    write("c.json", """
        {"name": "c", "version": "v2alpha", "type": "secret",
         "secret": {"type": "key-value", "data": {"token": "fake"}}}
        """);
    write("notes.txt", INVALID);
    write("sub/d.yaml", INVALID);

    CliRun run = secretctl("validate", dir.toString());

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.out()).isEqualToNormalizingNewlines(INVALID_FINDINGS.formatted(dir.resolve("b.yml"))
        + "4 errors, no warnings in 4 manifests (3 files)\n");
  }

  @Test
  void validate_recursive_readsTheWholeTreeInPathOrder() throws IOException {
    write("a.yaml", VALID);
    write("sub/b.yaml", INVALID);
    write("sub/deeper/a.YAML", INVALID);
    write("z.yml", INVALID);

    CliRun run = secretctl("validate", "-R", dir.toString());

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.out()).isEqualToNormalizingNewlines(INVALID_FINDINGS.formatted(dir.resolve("sub/b.yaml"))
        + INVALID_FINDINGS.formatted(dir.resolve("sub/deeper/a.YAML"))
        + INVALID_FINDINGS.formatted(dir.resolve("z.yml"))
        + "12 errors, no warnings in 5 manifests (4 files)\n");
  }

  @Test
  void validate_namedFile_isReadWhateverItsExtension() throws IOException {
    Path file = write("manifest.txt", INVALID);

    CliRun run = secretctl("validate", file.toString());

    assertThat(run.out()).isEqualToNormalizingNewlines(INVALID_FINDINGS.formatted(file)
        + "4 errors, no warnings in 1 manifest (1 file)\n");
  }

  @Test
  void validate_relativePath_isPrintedAsGiven() throws IOException {
    Path file = write("invalid.yaml", INVALID);
    Path relative = Path.of("").toAbsolutePath().relativize(file);

    CliRun run = secretctl("validate", relative.toString());

    assertThat(run.out()).startsWith(relative + ":4:1: error: ");
  }

  @Test
  void validate_sourcePostgresql_makesMissingPasswordAnError() throws IOException {
    Path file = write("pg.yaml", USERNAME_ONLY);

    CliRun standard = secretctl("validate", file.toString());
    CliRun postgresql = secretctl("validate", "--source", "postgresql", file.toString());

    assertThat(standard.exitCode()).isZero();
    assertThat(postgresql.exitCode()).isEqualTo(3);
    assertThat(postgresql.out()).isEqualToNormalizingNewlines(file + ":7:3: error: secret.data.password: missing"
        + " key 'password' required by the postgresql profile\n    hint: add it under data:\n"
        + "1 error, no warnings in 1 manifest (1 file)\n");
  }

  @Test
  void validate_unknownSource_isUsageErrorSuggestingTheClosest() throws IOException {
    Path file = write("pg.yaml", USERNAME_ONLY);

    CliRun run = secretctl("validate", "--source", "postgres", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualToNormalizingNewlines("""
        secretctl validate: unknown data-source profile 'postgres' (did you mean 'postgresql'?); known profiles: \
        abfss, bigquery, bitbucket, codecommit, elasticsearch, eventhub, gcs, git, jdbc, kafka, mongodb, mssql, \
        mysql, opensearch, oracle, postgresql, redshift, s3, snowflake, snowflake-keypair, snowflake-password, wasbs
        Try 'secretctl validate --help' for more information.
        """);
  }

  @Test
  void validate_noArguments_isUsageError() {
    CliRun run = secretctl("validate");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualToNormalizingNewlines("""
        secretctl validate: Missing required parameter: 'PATH'
        Try 'secretctl validate --help' for more information.
        """);
  }

  @Test
  void validate_missingPath_isUsageError() throws IOException {
    Path valid = write("valid.yaml", VALID);
    Path missing = dir.resolve("missing.yaml");

    CliRun run = secretctl("validate", valid.toString(), missing.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualToNormalizingNewlines("secretctl validate: PATH '" + missing + "' does not exist\n"
        + "Try 'secretctl validate --help' for more information.\n");
  }

  @Test
  void validate_unknownOption_isUsageError() throws IOException {
    Path file = write("valid.yaml", VALID);

    CliRun run = secretctl("validate", "--recursiv", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("secretctl validate: Unknown option: '--recursiv'")
        .endsWith("Try 'secretctl validate --help' for more information.\n");
  }

  @Test
  void validate_unknownOutputFormat_isUsageError() throws IOException {
    Path file = write("valid.yaml", VALID);

    CliRun run = secretctl("validate", "-o", "xml", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualToNormalizingNewlines("""
        secretctl validate: Invalid value for option '--output': unknown output format 'xml'; expected text or json
        Try 'secretctl validate --help' for more information.
        """);
  }

  @Test
  void validate_undefinedVariable_isAnErrorByDefault() throws IOException {
    Path file = write("pg.yaml", PASSWORD_FROM_ENVIRONMENT);

    CliRun run = secretctl("validate", file.toString());

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.out()).isEqualToNormalizingNewlines(file + ":9:15: error: secret.data.password: undefined"
        + " environment variable $HOME_X\n    hint: define it, write $$ for a literal '$', or disable interpolation"
        + " (--disable-interpolation)\n1 error, no warnings in 1 manifest (1 file)\n");
  }

  @Test
  void validate_definedVariable_expandsFromTheGivenEnvironment() throws IOException {
    Path file = write("pg.yaml", PASSWORD_FROM_ENVIRONMENT);

    CliRun run = secretctl(Map.of("HOME_X", "fake-password"), "validate", file.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualToNormalizingNewlines("no errors, no warnings in 1 manifest (1 file)\n");
  }

  @Test
  void validate_disableInterpolation_keepsDollarLiterally() throws IOException {
    Path file = write("pg.yaml", PASSWORD_FROM_ENVIRONMENT);

    CliRun run = secretctl("validate", "--disable-interpolation", file.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualToNormalizingNewlines("no errors, no warnings in 1 manifest (1 file)\n");
  }

  @Test
  void validate_syntaxError_isAFindingAtItsLine() throws IOException {
    Path broken = write("broken.yaml", """
        name: pg-r
        version: v1
        type: secret
        secret:
          type: key-value
          acl: r
          data:
            username: alice
           password: fake
        """);
    Path valid = write("valid.yaml", VALID);

    CliRun run = secretctl("validate", broken.toString(), valid.toString());

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.out()).isEqualToNormalizingNewlines(broken + ":9:4: error: secret.data.username: not valid"
        + " YAML: expected <block end>, but found '<block mapping start>'\n    hint: check the indentation and quoting around this"
        + " place\n1 error, no warnings in 2 manifests (2 files)\n");
  }

  @Test
  void validate_fileWithOnlyComments_warnsThatItHoldsNoManifest() throws IOException {
    Path empty = write("empty.yaml", "# nothing here yet\n---\n");

    CliRun run = secretctl("validate", empty.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualToNormalizingNewlines(empty + ":0:0: warning: $: holds no manifest\n"
        + "    hint: an empty file, or one with only comments, applies nothing\n"
        + "no errors, 1 warning in 0 manifests (1 file)\n");
  }

  @Test
  void validate_unreadableFile_isAnErrorFinding() throws IOException {
    Path socket = dir.resolve("socket.yaml");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));

      CliRun run = secretctl("validate", socket.toString());

      assertThat(run.exitCode()).isEqualTo(3);
      assertThat(run.out()).startsWith(socket + ":0:0: error: $: cannot read the file: ")
          .contains("\n    hint: check that it is readable\n")
          .endsWith("\n1 error, no warnings in 0 manifests (1 file)\n");
      assertThat(run.err()).isEmpty();
    }
  }

  @Test
  void validate_lineBreakInKey_isShownOnlyUpToIt() throws IOException {
    Path file = write("key.yaml", """
        name: pg-r
        version: v1
        type: secret
        secret:
          type: key-value
          acl: r
          data:
            "user\\nname": alice
        """);

    CliRun run = secretctl("validate", file.toString());

    assertThat(run.out().lines()).first().asString()
        .isEqualTo(file + ":8:5: error: secret.data['user…']: key 'user…' is not valid: keys hold 1 to"
            + " 253 letters, digits, '.', '_' and '-'");
  }

  @Test
  void validate_lineBreakInFileName_isEscaped() throws IOException {
    Path file = write("bad\nname.yaml", INVALID);

    CliRun run = secretctl("validate", file.toString());

    assertThat(run.out().lines()).first().asString()
        .startsWith(file.toString().replace("\n", "\\n") + ":4:1: error: secret.acl: ");
  }

  @Test
  void validate_jsonOutput_holdsEveryFindingAndTheCounts() throws IOException {
    Path invalid = write("invalid.yaml", INVALID);
    Path valid = write("valid.yaml", VALID);

    CliRun run = secretctl("validate", "-o", "json", valid.toString(), invalid.toString());

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.out().lines()).hasSize(1);
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("errors").asInt()).isEqualTo(4);
    assertThat(json.get("warnings").asInt()).isZero();
    assertThat(json.get("manifests").asInt()).isEqualTo(3);
    assertThat(json.get("files").asInt()).isEqualTo(2);
    assertThat(json.get("findings")).hasSize(4);
    assertThat(json.get("findings").get(0)).isEqualTo(new ObjectMapper().createObjectNode()
        .put("file", invalid.toString())
        .put("document", 0)
        .put("line", 4)
        .put("column", 1)
        .put("severity", "error")
        .put("path", "secret.acl")
        .put("message", "missing required field 'acl'")
        .put("hint", "add acl: r (read-only) or acl: rw (read-write)"));
    assertThat(json.get("findings").findValuesAsText("path"))
        .containsExactly("secret.acl", "secret.type", "secret.acls", "secret.data.password");
  }

  @Test
  void validate_jsonOutput_countsDocumentsWithinAFile() throws IOException {
    Path file = write("two.yaml", VALID + "---\n" + INVALID);

    CliRun run = secretctl("validate", "--output", "json", file.toString());

    JsonNode findings = new ObjectMapper().readTree(run.out()).get("findings");
    assertThat(findings.findValuesAsText("document")).containsOnly("2");
    assertThat(findings.get(0).get("line").asInt()).isEqualTo(24);
  }

  @ParameterizedTest
  @CsvSource({"text, ''", "json, ''", "text, postgresql", "json, snowflake-keypair"})
  void validate_neverPrintsSecretValues(String format, String source) throws IOException {
    write("valid.yaml", VALID.replace("fake-password-1", CANARY));
    write("unknown-keys.yaml", """
        name: pg-r
        version: v1
        type: secret
        passwrd: %1$s
        secret:
          type: key-value-properties
          acl: r
          datas:
            password: %1$s
          data:
            username: alice
            pasword: %1$s
        """.formatted(CANARY));
    write("next-to-errors.yaml", """
        name: pg-r
        version: v1
        type: secret
        tags: [source:postgres]
        secret:
          type: key-value-propertie
          acl: rx
          data:
            "bad key": %1$s
            password: [%1$s]
            nested: {%1$s: %1$s}
            placeholder: %1$s ${{password}}
            interpolated: $PASSWORD_FROM_ENV
            undefined: $UNDEFINED_X
        ---
        name: pull
        version: v2alpha
        type: secret
        secret:
          type: cloud-kernel-image-pull
          data:
            .dockerconfigjson: '{"auths": %1$s'
            key: %1$s
        """.formatted(CANARY));
    write("syntax-same-line.yaml", """
        name: pg-r
        version: v1
        type: secret
        secret:
          type: key-value
          acl: r
          data:
            password: %s: oops
        """.formatted(CANARY));
    write("unterminated-quote.yaml", """
        name: pg-r
        secret:
          data:
            password: "%s
        """.formatted(CANARY));
    write("broken.json", """
        {"name": "pg-r", "secret": {"data": {"password": "%s", }""".formatted(CANARY));
    String[] args = source.isEmpty()
        ? new String[] {"validate", "-o", format, dir.toString()}
        : new String[] {"validate", "-o", format, "--source", source, dir.toString()};

    CliRun run = secretctl(Map.of("PASSWORD_FROM_ENV", CANARY), args);

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.out()).contains("unknown-keys.yaml", "next-to-errors.yaml", "syntax-same-line.yaml",
        "unterminated-quote.yaml", "broken.json");
    assertThat(run.out()).doesNotContain(CANARY);
    assertThat(run.err()).doesNotContain(CANARY);
  }

  @Test
  void validate_dash_readsStandardInputAndNamesIt() {
    CliRun run = CliRun.secretctlWithInput(INVALID, Map.of(), "validate", "-");

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.out()).isEqualToNormalizingNewlines(INVALID_FINDINGS.formatted("<stdin>")
        + "4 errors, no warnings in 1 manifest (1 file)\n");
  }

  @Test
  void validate_recursive_skipsHiddenDirectoriesAndFiles() throws IOException {
    write("tree/ok.yaml", VALID);
    write("tree/.github/workflows/ci.yml", "on: push\njobs: {}\n");
    write("tree/.hidden.yaml", INVALID);

    CliRun run = secretctl("validate", "-R", dir.resolve("tree").toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualToNormalizingNewlines("no errors, no warnings in 2 manifests (1 file)\n");
  }

  @Test
  void validate_directoryWithManifestsOnlyInSubdirectories_isBadUsage_suggestingR() throws IOException {
    write("tree/team/a.yaml", VALID);
    write("tree/team/deeper/b.yml", VALID);
    write("tree/notes.txt", "not a manifest");

    CliRun run = secretctl("validate", dir.resolve("tree").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualToNormalizingNewlines("secretctl validate: directory '" + dir.resolve("tree")
        + "' holds no manifest itself, but its subdirectories hold 2: add -R to read them\n"
        + "Try 'secretctl validate --help' for more information.\n");
    assertThat(secretctl("validate", "-R", dir.resolve("tree").toString()).exitCode()).isZero();
  }

  @Test
  void validate_directoryWithNoManifestAnywhere_orOnlyHiddenOnes_readsNothing() throws IOException {
    write("empty/.github/workflows/ci.yml", "on: push\n");
    write("empty/sub/notes.txt", "not a manifest");

    CliRun run = secretctl("validate", dir.resolve("empty").toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualToNormalizingNewlines("no errors, no warnings in 0 manifests (0 files)\n");
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }
}
