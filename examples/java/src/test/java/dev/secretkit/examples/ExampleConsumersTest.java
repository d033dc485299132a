package dev.secretkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.SecretId;
import dev.secretkit.client.SecretClient;
import dev.secretkit.manifest.Validation;
import dev.secretkit.projection.ConsumerDocument;
import dev.secretkit.projection.ConsumerReader;
import dev.secretkit.projection.ProjectedFile;
import dev.secretkit.projection.ProjectionRenderer;
import dev.secretkit.projection.RenderedProjection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every consumer under {@code examples/consumers} reads without a finding and renders, from the
 * example secrets of {@code examples/manifests}, what its comments say.
 */
class ExampleConsumersTest {
  /** Maven runs tests in the module's directory, {@code examples/java}. */
  private static final Path CONSUMERS = Path.of("../consumers");
  private static final Path MANIFESTS = Path.of("../manifests");

  private SecretClient client;

  @BeforeEach
  void applyTheExampleSecrets() throws IOException {
    client = SecretClient.builder().store("memory:").environment(Map.of()).build();
    try (Stream<Path> sources = Files.list(MANIFESTS.resolve("sources"))) {
      for (Path file : sources.filter(path -> path.toString().endsWith(".yaml")).sorted().toList()) {
        client.apply(file);
      }
    }
    client.apply(MANIFESTS.resolve("postgres-v2.yaml"));
  }

  @AfterEach
  void close() {
    client.close();
  }

  private RenderedProjection render(String file) {
    return new ProjectionRenderer(client).render(ConsumerReader.consumers(CONSUMERS.resolve(file)));
  }

  private static Map<String, String> files(RenderedProjection rendered) {
    Map<String, String> files = new LinkedHashMap<>();
    for (ProjectedFile file : rendered.files()) {
      files.put(file.path(), new String(file.content(), StandardCharsets.UTF_8));
    }
    return files;
  }

  @Test
  void everyConsumer_readsWithoutAFinding() throws IOException {
    try (Stream<Path> consumers = Files.list(CONSUMERS)) {
      List<Path> found = consumers.sorted().toList();
      assertThat(found).hasSizeGreaterThanOrEqualTo(6);
      for (Path file : found) {
        assertThat(ConsumerReader.read(file)).as(file.toString()).isNotEmpty().allSatisfy((ConsumerDocument doc) -> {
          Validation validation = doc.validation();
          assertThat(validation.violations()).as(file.toString()).isEmpty();
        });
      }
    }
  }

  @Test
  void aV1Service_takesTwoKeysAsVariables() {
    RenderedProjection rendered = render("orders-service.yaml");

    assertThat(rendered.env()).containsExactly(Map.entry("username", "fake-sales-user"),
        Map.entry("password", "fake-password-not-real"));
    assertThat(rendered.versions()).containsOnlyKeys(SecretId.of("engineering:sales-pg"));
  }

  @Test
  void aV1Depot_readsInstanceSecrets_asVariablesAndAPropertiesFile() {
    RenderedProjection rendered = render("pgdepot.yaml");

    assertThat(rendered.env()).containsOnly(Map.entry("username", "fake-pg-reader"),
        Map.entry("password", "fake-pg-reader-password-not-real"));
    assertThat(files(rendered)).containsExactly(Map.entry("pgdepot-rw.properties",
        "username=fake-pg-writer\npassword=fake-pg-writer-password-not-real\n"));
  }

  @Test
  void aV1Worker_takesEveryKeyAsFiles_andAKeyFromFilesIsNamedAfterTheSecret() {
    RenderedProjection rendered = render("gcs-reader.yaml");

    assertThat(files(rendered)).containsOnlyKeys("email", "gcsdepot-r_gcs-service-account.json.fake", "projectid");
    assertThat(files(rendered).get("projectid")).isEqualTo("example-gcs-project");
  }

  @Test
  void aV1WorkflowJob_takesOneKey() {
    assertThat(render("nightly-workflow.yaml").env()).containsExactly(Map.entry("password", "fake-password-not-real"));
  }

  @Test
  void aV2GoTemplateProjection_buildsAUrl_aConstant_aFileAndAnArgument() {
    RenderedProjection rendered = render("vulcan-go-template.yaml");

    assertThat(rendered.env()).containsExactly(
        Map.entry("TRINO_URL", "trino://fake-trino-user:fake-trino-password-not-real@example-trino.example.com"
            + "/example_catalog"),
        Map.entry("TRINO_CATALOG", "example_catalog"), Map.entry("DATAOS_WORK_DIR", "/var/vulcan/work"));
    assertThat(files(rendered)).containsExactly(Map.entry("app/trino.properties", """
        host=example-trino.example.com
        user=fake-trino-user
        # has CATALOG
        # has HOST
        # has PASSWORD
        # has USER
        """));
    assertThat(rendered.files().get(0).mode()).isEqualTo(0400);
    assertThat(rendered.args()).containsExactly("--catalog=example_catalog");
  }

  @Test
  void aV2LiquidProjection_decodesWithBase64Decode() {
    assertThat(render("trino-liquid.yaml").env()).containsExactly(
        Map.entry("TRINO_HOST", "example-trino.example.com"), Map.entry("TRINO_USERNAME", "fake-trino-user"),
        Map.entry("TRINO_PASSWORD", "fake-trino-password-not-real"), Map.entry("TRINO_CATALOG", "example_catalog"));
  }
}
