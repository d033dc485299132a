package dev.secretkit.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.secretkit.validation.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A value comes back from {@code secret().data().get(key).asString()} as exactly the characters
 * written in the manifest: never as a YAML 1.1 boolean, number or date. Also covers JSON
 * manifests, interpolation, and the positions the reader records.
 */
class ScalarRoundTripTest {
  /** A V2 manifest up to {@code data:}; append data entries indented by four spaces. */
  private static final String HEAD = """
      name: scalars
      version: v2alpha
      type: secret
      secret:
        type: key-value
        data:
      """;
  private static final String PEM = """
      -----BEGIN ENCRYPTED PRIVATE KEY-----
      RkFLRSBFTkNSWVBURUQgUEtDUzggS0VZIEZPUiBTRUNSRVRLSVQgVEVTVCBGSVhU
      VVJFUyBPTkxZLiBOT1QgQSBSRUFMIEtFWS4g
      -----END ENCRYPTED PRIVATE KEY-----""";

  private static final ManifestReader READER = ManifestReader.builder().environment(Map.of()).build();

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "yes", "no", "on", "off", "true", "y", "n", "Yes", "NO", "On", "OFF", "False",
      "0777", "007", "1e3", "0x1F", "0o17", "0b1010", "+12", "-0", "1.0e+10", "1_000",
      ".inf", "-.Inf", ".NaN", "-.nan", "2024-01-01", "2001-12-14t21:59:43.10-05:00", "12:30:00", "190:20:30",
      "a:b", "two words", "=", "<<"})
  void read_plainScalar_keepsTheCharactersWritten(String written) {
    Map<String, String> data = readData(HEAD + "    value: " + written + "\n");

    assertThat(data).containsExactly(Map.entry("value", written));
  }

  static Stream<Arguments> quotedScalars() {
    return Stream.of(
        arguments("\"quoted\"", "quoted"),
        arguments("'single'", "single"),
        arguments("\"yes\"", "yes"),
        arguments("'off'", "off"),
        arguments("\"0777\"", "0777"),
        arguments("'1e3'", "1e3"),
        arguments("\"null\"", "null"),
        arguments("'~'", "~"),
        arguments("\"  padded  \"", "  padded  "),
        arguments("'p@ss: #word'", "p@ss: #word"),
        arguments("\"p@ss: #word\"", "p@ss: #word"),
        arguments("'\"double\" inside'", "\"double\" inside"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("quotedScalars")
  void read_quotedScalar_keepsTheCharactersBetweenTheQuotes(String written, String between) {
    Map<String, String> data = readData(HEAD + "    value: " + written + "\n");

    assertThat(data).containsExactly(Map.entry("value", between));
  }

  @Test
  void read_quotedScalarsWithEscapes_followYamlUnescaping() {
    Map<String, String> data = readData(HEAD + """
            doubled: 'it''s'
            tab: "a\\tb"
            unicode: "caf\\u00e9"
            backslash: 'C:\\temp\\new'
        """);

    assertThat(data).containsExactly(
        Map.entry("doubled", "it's"),
        Map.entry("tab", "a\tb"),
        Map.entry("unicode", "café"),
        Map.entry("backslash", "C:\\temp\\new"));
  }

  @Test
  void read_plainScalarWithHash_endsOnlyAtAComment() {
    Map<String, String> data = readData(HEAD + """
            hash: pa#ss # a comment
            percent: 100%!
        """);

    assertThat(data).containsExactly(Map.entry("hash", "pa#ss"), Map.entry("percent", "100%!"));
  }

  @Test
  void read_literalBlockPem_keepsEveryLineAndOneFinalNewline() {
    Map<String, String> data = readData(HEAD + "    key: |\n" + PEM.indent(6) + "    after: x\n");

    assertThat(data.get("key")).isEqualTo(PEM + "\n");
    assertThat(data.get("after")).isEqualTo("x");
  }

  @Test
  void read_strippedLiteralBlock_hasNoFinalNewline() {
    Map<String, String> data = readData(HEAD + "    key: |-\n" + PEM.indent(6) + "\n\n    after: x\n");

    assertThat(data.get("key")).isEqualTo(PEM);
  }

  @Test
  void read_keptLiteralBlock_keepsTrailingEmptyLines() {
    Map<String, String> data = readData(HEAD + "    key: |+\n      line\n\n\n    after: x\n");

    assertThat(data.get("key")).isEqualTo("line\n\n\n");
  }

  @Test
  void read_literalBlock_keepsHashLinesTabsAndExtraIndentation() {
    Map<String, String> data = readData(HEAD + """
            script: |
              # not a comment
              col1\tcol2
                indented
            after: x
        """);

    assertThat(data.get("script")).isEqualTo("# not a comment\ncol1\tcol2\n  indented\n");
  }

  @Test
  void read_foldedBlock_joinsLinesButKeepsParagraphsAndMoreIndentedLines() {
    Map<String, String> data = readData(HEAD + """
            folded: >
              first line
              second line

              new paragraph
                more indented
              last
            strip: >-
              one
              two
            after: x
        """);

    assertThat(data.get("folded")).isEqualTo("first line second line\nnew paragraph\n  more indented\nlast\n");
    assertThat(data.get("strip")).isEqualTo("one two");
  }

  @Test
  void read_jsonNumbersAndBooleans_keepTheirExactText() throws IOException {
    Path json = write("secret.json", """
        {"name": "json-scalars", "version": "v2alpha", "type": "secret",
         "secret": {"type": "key-value", "data": {
           "port": 5432, "flag": true, "off": false, "ratio": 1e3, "exp": 1E-7, "neg": -0.50,
           "big": 12345678901234567890, "zero": 0, "text": "yes", "padded": "007"}}}
        """);

    Map<String, String> data = readData(READER.read(json));

    assertThat(data).containsExactly(
        Map.entry("port", "5432"), Map.entry("flag", "true"), Map.entry("off", "false"),
        Map.entry("ratio", "1e3"), Map.entry("exp", "1E-7"), Map.entry("neg", "-0.50"),
        Map.entry("big", "12345678901234567890"), Map.entry("zero", "0"),
        Map.entry("text", "yes"), Map.entry("padded", "007"));
  }

  @Test
  void read_jsonStringEscapes_areDecoded() {
    Map<String, String> data = readData("""
        {"name": "json-escapes", "version": "v2alpha", "type": "secret",
         "secret": {"type": "key-value", "data": {"quote": "a\\"b", "backslash": "a\\\\b", "unicode": "\\u00e9", "newline": "a\\nb"}}}
        """);

    assertThat(data).containsExactly(
        Map.entry("quote", "a\"b"), Map.entry("backslash", "a\\b"),
        Map.entry("unicode", "é"), Map.entry("newline", "a\nb"));
  }

  @Test
  void read_jsonEscapedSolidus_isASlash() {
    Map<String, String> data = readData("""
        {"name": "json-solidus", "version": "v2alpha", "type": "secret",
         "secret": {"type": "key-value", "data": {"url": "https:\\/\\/example.com\\/db"}}}
        """);

    assertThat(data).containsExactly(Map.entry("url", "https://example.com/db"));
  }

  @Test
  void read_jsonIndentedWithTabs_isAccepted() {
    Map<String, String> data = readData("{\n\t\"name\": \"json-tabs\",\n\t\"version\": \"v2alpha\",\n\t\"type\": \"secret\",\n"
        + "\t\"secret\": {\n\t\t\"type\": \"key-value\",\n\t\t\"data\": {\n\t\t\t\"port\": 5432\n\t\t}\n\t}\n}\n");

    assertThat(data).containsExactly(Map.entry("port", "5432"));
  }

  @Test
  void read_dollarSignsWithInterpolationOff_keepThemLiterally() {
    ManifestReader literal = ManifestReader.builder().environment(Map.of("HOME", "/home/x")).interpolation(false).build();

    Map<String, String> data = readData(literal.read(HEAD + """
            double: pa$$word
            braced: ${HOME}
            bare: $HOME
            undefined: $NOT_DEFINED_ANYWHERE
            trailing: cost$
        """, "literal", dir));

    assertThat(data).containsExactly(
        Map.entry("double", "pa$$word"), Map.entry("braced", "${HOME}"), Map.entry("bare", "$HOME"),
        Map.entry("undefined", "$NOT_DEFINED_ANYWHERE"), Map.entry("trailing", "cost$"));
  }

  @Test
  void read_doubleDollarWithInterpolationOn_becomesOneDollar() {
    Map<String, String> data = readData(HEAD + """
            password: pa$$word
            reference: $$HOME
            pair: $$$$
        """);

    assertThat(data).containsExactly(
        Map.entry("password", "pa$word"), Map.entry("reference", "$HOME"), Map.entry("pair", "$$"));
  }

  @Test
  void read_bracedAndBareVariables_expandFromSuppliedEnvironment() {
    ManifestReader reader = ManifestReader.builder()
        .environment(Map.of("DB_USER", "reader", "DB_HOST", "db.example", "DB_PASS", "fake-pa$$word"))
        .build();

    Map<String, String> data = readData(reader.read(HEAD + """
            braced: ${DB_USER}
            bare: $DB_USER
            url: "jdbc:postgresql://${DB_HOST}:5432/sales?user=$DB_USER"
            dotted: $DB_USER.example
            password: $DB_PASS
        """, "env", dir));

    assertThat(data).containsExactly(
        Map.entry("braced", "reader"),
        Map.entry("bare", "reader"),
        Map.entry("url", "jdbc:postgresql://db.example:5432/sales?user=reader"),
        Map.entry("dotted", "reader.example"),
        Map.entry("password", "fake-pa$$word"));
  }

  @Test
  void read_dollarThatStartsNoName_isKept() {
    Map<String, String> data = readData(HEAD + """
            digit: pa$5word
            trailing: cost$
            dash: a$-b
        """);

    assertThat(data).containsExactly(
        Map.entry("digit", "pa$5word"), Map.entry("trailing", "cost$"), Map.entry("dash", "a$-b"));
  }

  @Test
  void read_undefinedVariable_isAnErrorAtTheValueNamingEveryVariable() {
    ManifestDocument document = single(READER.read(HEAD + """
            known: fine
            password: ${PG_PASS}-$PG_SALT
        """, "undefined", dir));

    Validation validation = Validator.standard().validate(document);

    assertThat(validation.errors())
        .extracting(Violation::line, Violation::column, Violation::path, Violation::message)
        .containsExactly(tuple(8, 15, "secret.data.password", "undefined environment variables ${PG_PASS}, $PG_SALT"));
    assertThat(document.manifest().secret().data()).containsOnlyKeys("known");
  }

  @Test
  void read_variableInFilesPath_loadsTheExpandedPath() throws IOException {
    Path certs = Files.createDirectories(dir.resolve("certs"));
    Files.writeString(certs.resolve("ca.pem"), "fake-ca\n");
    ManifestReader reader = ManifestReader.builder().environment(Map.of("CERT_DIR", certs.toString())).build();

    ManifestDocument document = single(reader.read("""
        name: files-env
        version: v2alpha
        type: secret
        secret:
          type: key-value
          files:
            ca_file: ${CERT_DIR}/ca.pem
        """, "files-env", dir));

    assertThat(Validator.standard().validate(document).violations()).isEmpty();
    FileEntry entry = document.manifest().secret().files().get("ca_file");
    assertThat(entry.path()).isEqualTo(certs + "/ca.pem");
    assertThat(entry.content().asString()).isEqualTo("fake-ca\n");
  }

  @Test
  void positionOf_dataValues_isWhereEachValueStarts() {
    ManifestDocument document = single(READER.read("""
        name: positions
        version: v2alpha
        type: secret
        secret:
          type: key-value
          data:
            port: 5432
            quoted: "x y"
            single: 'x y'
            block: |
              line
            spaced:     far
        """, "positions", dir));

    assertThat(document.positionOf("name")).isEqualTo(new Position(1, 7));
    assertThat(document.positionOf("secret.type")).isEqualTo(new Position(5, 9));
    assertThat(document.positionOf("secret.data.port")).isEqualTo(new Position(7, 11));
    assertThat(document.positionOf("secret.data.quoted")).isEqualTo(new Position(8, 13));
    assertThat(document.positionOf("secret.data.single")).isEqualTo(new Position(9, 13));
    assertThat(document.positionOf("secret.data.block")).isEqualTo(new Position(10, 12));
    assertThat(document.positionOf("secret.data.spaced")).isEqualTo(new Position(12, 17));
    assertThat(document.keyPositionOf("secret.data.port")).isEqualTo(new Position(7, 5));
    assertThat(document.keyPositionOf("secret.data.spaced")).isEqualTo(new Position(12, 5));
    assertThat(document.positionOf("secret.data.absent")).isEqualTo(new Position(7, 5));
  }

  @Test
  void positionOf_jsonValues_isExact() {
    ManifestDocument document = single(READER.read("""
        {"name": "json-positions", "version": "v2alpha", "type": "secret",
         "secret": {"type": "key-value", "data": {"port": 5432, "flag": true}}}
        """, "json-positions", dir));

    assertThat(document.positionOf("name")).isEqualTo(new Position(1, 10));
    assertThat(document.positionOf("secret.data.port")).isEqualTo(new Position(2, 51));
    assertThat(document.keyPositionOf("secret.data.port")).isEqualTo(new Position(2, 43));
    assertThat(document.positionOf("secret.data.flag")).isEqualTo(new Position(2, 65));
  }

  @Test
  void positionOf_secondDocument_countsLinesFromTheStartOfTheFile() {
    List<ManifestDocument> documents = READER.read(HEAD + "    port: 5432\n---\n# second\n" + HEAD + "    port: 6543\n",
        "two-documents", dir);

    assertThat(documents).hasSize(2);
    assertThat(documents.get(0).positionOf("secret.data.port")).isEqualTo(new Position(7, 11));
    assertThat(documents.get(1).positionOf("name")).isEqualTo(new Position(10, 7));
    assertThat(documents.get(1).positionOf("secret.data.port")).isEqualTo(new Position(16, 11));
    assertThat(readData(documents.subList(1, 2))).containsExactly(Map.entry("port", "6543"));
  }

  @Test
  void read_fileWithByteOrderMarkAndCrlf_keepsValuesAndExactPositions() throws IOException {
    String text = "\uFEFF" + (HEAD + "    password: fake-password-123\n    key: |\n      line one\n      line two\n")
        .replace("\n", "\r\n");
    Path file = dir.resolve("windows.yaml");
    Files.write(file, text.getBytes(StandardCharsets.UTF_8));

    ManifestDocument document = single(READER.read(file));

    assertThat(document.positionOf("name")).isEqualTo(new Position(1, 7));
    assertThat(document.positionOf("secret.data.password")).isEqualTo(new Position(7, 15));
    assertThat(document.positionOf("secret.data.key")).isEqualTo(new Position(8, 10));
    assertThat(readData(List.of(document))).containsExactly(
        Map.entry("password", "fake-password-123"), Map.entry("key", "line one\nline two\n"));
  }

  @Test
  void validate_findings_carryExactLineAndColumn() {
    ManifestDocument document = single(READER.read("""
        name: findings-r
        version: v1
        type: instance-secret
        instance-secret:
          type: key-value-properties
          acls: r
          data:
            username: $PG_USER
            pasword: fake-password-123
        """, "findings", dir));

    Validation validation = Validator.forProfile("postgresql").validate(document);

    assertThat(validation.violations())
        .extracting(Violation::line, Violation::column, Violation::severity, Violation::path)
        .containsExactly(
            tuple(4, 1, Severity.ERROR, "instance-secret.acl"),
            tuple(6, 3, Severity.ERROR, "instance-secret.acls"),
            tuple(7, 3, Severity.ERROR, "instance-secret.data.password"),
            tuple(8, 15, Severity.ERROR, "instance-secret.data.username"),
            tuple(9, 5, Severity.WARNING, "instance-secret.data.pasword"));
  }

  @Test
  void positionOf_aliasedValue_isWhereTheAliasIsWritten() {
    ManifestDocument document = single(READER.read(HEAD + """
            password: &pw fake-password-123
            confirm: *pw
        """, "alias", dir));

    assertThat(readData(List.of(document)).get("confirm")).isEqualTo("fake-password-123");
    assertThat(document.positionOf("secret.data.password")).isEqualTo(new Position(7, 15));
    assertThat(document.positionOf("secret.data.confirm")).isEqualTo(new Position(8, 14));
  }

  private Map<String, String> readData(String yaml) {
    return readData(READER.read(yaml, "inline", dir));
  }

  /** Validates the only document and returns its data as text, failing on any finding. */
  private static Map<String, String> readData(List<ManifestDocument> documents) {
    Validation validation = Validator.standard().validate(single(documents));
    assertThat(validation.violations()).isEmpty();
    Map<String, String> data = new LinkedHashMap<>();
    validation.manifest().orElseThrow().secret().data().forEach((key, value) -> data.put(key, value.asString()));
    return data;
  }

  private static ManifestDocument single(List<ManifestDocument> documents) {
    assertThat(documents).hasSize(1);
    return documents.get(0);
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
