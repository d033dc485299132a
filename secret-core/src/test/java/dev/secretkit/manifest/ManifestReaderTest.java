package dev.secretkit.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {
  private static final String PG = """
      name: pg-r
      version: v1
      type: instance-secret
      instance-secret:
        type: key-value-properties
        acl: r
        data:
          username: fake-user
          password: fake-password
      """;

  private final ManifestReader reader = ManifestReader.builder().environment(Map.of()).build();

  @TempDir
  Path directory;

  @Test
  void read_v1InstanceSecret_bindsEveryField() {
    SecretManifest manifest = reader.read(PG, "pg.yaml", directory).get(0).manifest();

    assertThat(manifest.name()).isEqualTo("pg-r");
    assertThat(manifest.isInstanceSecret()).isTrue();
    assertThat(manifest.secret().type()).isEqualTo("key-value-properties");
    assertThat(manifest.secret().acl()).isEqualTo("r");
    assertThat(manifest.secret().keys()).containsExactly("username", "password");
    assertThat(manifest.secret().data().get("password").asString()).isEqualTo("fake-password");
  }

  @Test
  void read_severalDocuments_returnsEachWithItsIndexSkippingEmptyOnes() {
    String text = "---\n" + PG + "---\n---\n# only a comment\n---\n" + PG.replace("pg-r", "pg-rw") + "...\n";

    List<ManifestDocument> documents = reader.read(text, "both.yaml", directory);

    assertThat(documents).extracting(d -> d.manifest().name()).containsExactly("pg-r", "pg-rw");
    assertThat(documents).extracting(ManifestDocument::index).containsExactly(0, 1);
    assertThat(documents.get(1).positionOf("name")).isEqualTo(new Position(15, 7));
  }

  @Test
  void read_json_keepsNumbersAndBooleansAsWritten() {
    String json = """
        {"name": "pg", "version": "v2alpha", "type": "secret",
         "secret": {"type": "key-value", "data": {"PORT": 5432, "SSL": true, "RATIO": 1.50}}}
        """;

    SecretSection section = reader.read(json, "pg.json", directory).get(0).manifest().secret();

    assertThat(section.data().get("PORT").asString()).isEqualTo("5432");
    assertThat(section.data().get("SSL").asString()).isEqualTo("true");
    assertThat(section.data().get("RATIO").asString()).isEqualTo("1.50");
  }

  @Test
  void read_file_resolvesFilesAgainstTheManifestDirectoryNotTheWorkingDirectory() throws IOException {
    Path sub = Files.createDirectories(directory.resolve("manifests"));
    Files.write(sub.resolve("key.bin"), new byte[] {0, (byte) 0xFF, 10, 13});
    Path manifest = sub.resolve("gcs.yaml");
    Files.writeString(manifest, PG + "  files:\n    gcskey_json: key.bin\n");

    FileEntry entry = reader.read(manifest).get(0).manifest().secret().files().get("gcskey_json");

    assertThat(entry.path()).isEqualTo("key.bin");
    assertThat(entry.resolved()).isEqualTo(sub.resolve("key.bin").toAbsolutePath());
    assertThat(entry.content().bytes()).containsExactly(0, 0xFF, 10, 13);
  }

  @Test
  void read_fileLargerThanTheLimit_isReportedWithoutReadingIt() throws IOException {
    Files.write(directory.resolve("big.jks"), new byte[2048]);
    ManifestReader small = ManifestReader.builder().environment(Map.of()).maxFileBytes(1024).build();

    ManifestDocument document = small.read(PG + "  files:\n    truststore: big.jks\n", "tls.yaml", directory).get(0);

    assertThat(document.problems()).singleElement().satisfies(problem -> {
      assertThat(problem.path()).isEqualTo("instance-secret.files.truststore");
      assertThat(problem.message()).endsWith("is 2048 bytes, over the limit of 1024");
    });
    assertThat(document.manifest().secret().files()).isEmpty();
  }

  @Test
  void read_stream_withByteOrderMark_isRead() {
    byte[] bytes = ("\uFEFF" + PG).getBytes(StandardCharsets.UTF_8);

    ManifestDocument document = reader.read(new ByteArrayInputStream(bytes), "stdin", directory).get(0);

    assertThat(document.origin()).isEqualTo("stdin");
    assertThat(document.manifest().name()).isEqualTo("pg-r");
    assertThat(document.positionOf("name")).isEqualTo(new Position(1, 7));
  }

  @Test
  void read_streamThatIsNotUtf8_failsCleanly() {
    byte[] latin1 = "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);

    assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(latin1), "latin1.yaml", directory))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("latin1.yaml:0:0: error: $: not UTF-8 text");
  }

  @Test
  void read_missingFile_throwsUncheckedIoNamingIt() {
    Path missing = directory.resolve("nope.yaml");

    assertThatThrownBy(() -> reader.read(missing))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void read_interpolationOff_keepsDollarsAndPlaceholdersOfVariables() {
    ManifestReader literal = ManifestReader.builder().environment(Map.of("X", "y")).interpolation(false).build();

    ManifestDocument document = literal.read(PG.replace("fake-password", "pa$$w$X${X}"), "pg.yaml", directory).get(0);

    assertThat(document.problems()).isEmpty();
    assertThat(document.manifest().secret().data().get("password").asString()).isEqualTo("pa$$w$X${X}");
  }

  @Test
  void read_interpolation_appliesToFilePathsToo() throws IOException {
    Files.writeString(directory.resolve("sa.json"), "{}");
    ManifestReader withDir = ManifestReader.builder().environment(Map.of("KEYS", directory.toString())).build();

    ManifestDocument document = withDir.read(PG + "  files:\n    key: ${KEYS}/sa.json\n", "pg.yaml", Path.of("/"))
        .get(0);

    assertThat(document.problems()).isEmpty();
    assertThat(document.manifest().secret().files().get("key").path()).isEqualTo(directory + "/sa.json");
  }

  @Test
  void read_anchorsAndAliases_areResolvedToTheAnchoredValue() {
    String yaml = PG.replace("username: fake-user", "username: &user fake-user\n    login: *user");

    SecretSection section = reader.read(yaml, "pg.yaml", directory).get(0).manifest().secret();

    assertThat(section.data().get("login").asString()).isEqualTo("fake-user");
  }

  @Test
  void read_legacySingularFile_takesTheFileNameAsKey() throws IOException {
    Files.writeString(directory.resolve("cert.pem"), "fake-cert");

    ManifestDocument document = reader.read(PG + "  file: cert.pem\n", "tls.yaml", directory).get(0);

    assertThat(document.manifest().secret().files().get("cert.pem").content().asString()).isEqualTo("fake-cert");
    assertThat(document.problems()).singleElement()
        .satisfies(p -> assertThat(p.message()).isEqualTo("file: is a legacy spelling of files:"));
  }

  @Test
  void manifestToString_showsKeysButNoValues() {
    SecretManifest manifest = reader.read(PG, "pg.yaml", directory).get(0).manifest();

    assertThat(manifest.toString()).contains("username", "password").doesNotContain("fake-password", "fake-user");
  }
}
