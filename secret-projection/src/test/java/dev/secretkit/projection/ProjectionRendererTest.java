package dev.secretkit.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretNotFoundException;
import dev.secretkit.access.Principal;
import dev.secretkit.client.SecretClient;
import dev.secretkit.manifest.InvalidManifestException;
import dev.secretkit.manifest.Violation;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ProjectionRenderer}: the spec's selection rules, consumption types and templates, against a store. */
class ProjectionRendererTest {
  private static final String CANARY = "canary-Zq7vX2-value";

  @TempDir
  Path directory;
  private Secrets secrets;
  private ProjectionRenderer renderer;

  @BeforeEach
  void open() {
    secrets = new Secrets(directory);
    secrets.put("pg", ordered("host", "db.example.test", "port", "5432", "database", "orders", "username",
        "fake-user", "password", CANARY));
    renderer = new ProjectionRenderer(secrets.client);
  }

  @AfterEach
  void close() {
    secrets.close();
  }

  private static Map<String, String> ordered(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private RenderedProjection render(String yaml) {
    return renderer.render(ConsumerReader.consumers("name: app\nversion: v1\ntype: service\n" + yaml,
        "consumer.yaml"));
  }

  private static Map<String, String> files(RenderedProjection rendered) {
    Map<String, String> files = new LinkedHashMap<>();
    rendered.files().forEach(file -> files.put(file.path(), new String(file.content(), StandardCharsets.UTF_8)));
    return files;
  }

  @Test
  void v1Keys_becomeVariablesNamedAsTheKeys() {
    RenderedProjection rendered = render("service:\n  dataosSecrets:\n    - {name: pg, key: password, keys: [username]}\n");

    assertThat(rendered.env()).containsExactly(Map.entry("password", CANARY), Map.entry("username", "fake-user"));
    assertThat(rendered.files()).isEmpty();
    assertThat(rendered.versions()).containsExactly(Map.entry(SecretId.of("public:pg"), 1L));
  }

  @Test
  void v1AllKeys_takesEveryKey_whereKeysTakesOnlyThoseNamed() {
    RenderedProjection all = render("service:\n  dataosSecrets:\n    - {name: pg, allKeys: true}\n");
    RenderedProjection some = render("service:\n  dataosSecrets:\n    - {name: pg, keys: [host, port]}\n");

    assertThat(all.env()).containsOnlyKeys("host", "port", "database", "username", "password");
    assertThat(some.env()).containsOnlyKeys("host", "port");
  }

  @Test
  void v1PropFile_isOnePropertiesFile_andKeysFromFilesAreFilesNamedAfterTheSecret() throws Exception {
    secrets.put(null, "gsheetssecret", ordered("project", "fake-project", "note", " a=b: #c\\d!"),
        Map.of("credentials=gsheets-secrets.json", "{\"fake\": true}"));

    RenderedProjection rendered = render("service:\n  dataosSecrets:\n"
        + "    - {name: gsheetssecret, allKeys: true, consumptionType: propFile}\n");

    assertThat(files(rendered)).containsOnlyKeys("gsheetssecret.properties", "gsheetssecret_gsheets-secrets.json");
    assertThat(files(rendered)).containsEntry("gsheetssecret_gsheets-secrets.json", "{\"fake\": true}");
    Properties properties = new Properties();
    properties.load(new StringReader(files(rendered).get("gsheetssecret.properties")));
    assertThat(properties).containsOnly(Map.entry("project", "fake-project"), Map.entry("note", " a=b: #c\\d!"));
    assertThat(rendered.files()).allSatisfy(file -> assertThat(file.mode()).isEqualTo(0600));
  }

  @Test
  void v1File_isOneFilePerKey_andKeysFromFilesAreNamedAfterTheSecret() {
    secrets.put(null, "gcs", ordered("project", "fake-project"), Map.of("json_keyfile=key.json", "{}"));

    RenderedProjection rendered = render("service:\n  dataosSecrets:\n"
        + "    - {name: gcs, allKeys: true, consumptionType: file}\n");

    assertThat(files(rendered)).containsOnly(Map.entry("project", "fake-project"), Map.entry("gcs_key.json", "{}"));
  }

  @Test
  void aV1EntryWithoutAWorkspace_usesTheConsumersWorkspace_andADepotUsesInstanceSecrets() {
    secrets.put("sales", "pg", ordered("password", "fake-sales-password"), Map.of());
    secrets.client.apply(instanceSecret());

    RenderedProjection inWorkspace = renderer.render(ConsumerReader.consumers(
        "name: app\nversion: v1\ntype: service\nworkspace: sales\nservice:\n  dataosSecrets: [{name: pg, key: password}]\n",
        "consumer.yaml"));
    RenderedProjection named = render("service:\n  dataosSecrets: [{name: pg, key: password, workspace: sales}]\n");
    RenderedProjection depot = renderer.render(ConsumerReader.consumers(
        "name: sales\nversion: v2alpha\ntype: depot\ndepot:\n  secrets: [{name: sales-rw, allkeys: true}]\n",
        "depot.yaml"));

    assertThat(inWorkspace.env()).containsExactly(Map.entry("password", "fake-sales-password"));
    assertThat(named.env()).containsExactly(Map.entry("password", "fake-sales-password"));
    assertThat(depot.env()).containsExactly(Map.entry("token", "fake-instance-token"));
    assertThat(depot.versions()).containsOnlyKeys(SecretId.of("instance:sales-rw"));
  }

  private dev.secretkit.manifest.SecretManifest instanceSecret() {
    return new dev.secretkit.manifest.SecretManifest("sales-rw", "v1", "instance-secret", List.of(), null, null, null,
        null, new dev.secretkit.manifest.SecretSection("key-value-properties", "rw",
            Map.of("token", dev.secretkit.SecretValue.ofString("fake-instance-token")), Map.of()));
  }

  @Test
  void aMissingKey_failsTheRender_namingTheEntryAndTheKeysThereAre() {
    assertThatThrownBy(() -> render("service:\n  dataosSecrets:\n    - {name: pg, keys: [pasword, host]}\n"))
        .isInstanceOfSatisfying(InvalidManifestException.class, e -> {
          Violation violation = e.validations().get(0).violations().get(0);
          assertThat(violation.path()).isEqualTo("service.dataosSecrets[0]");
          assertThat(violation.line()).isEqualTo(6);
          assertThat(violation.message()).isEqualTo("secret public:pg (version 1) has no key pasword; it holds"
              + " database, host, password, port, username");
          assertThat(violation.hint()).isEqualTo("did you mean password?");
          assertThat(e.getMessage()).doesNotContain(CANARY);
        });
  }

  @Test
  void aMissingSecret_orOneThePrincipalMayNotUse_failsAsTheClientDoes() {
    assertThatThrownBy(() -> render("service:\n  dataosSecrets: [{name: nope, allKeys: true}]\n"))
        .isInstanceOf(SecretNotFoundException.class);
    try (SecretClient stranger = SecretClient.builder().store(secrets.store).environment(Map.of())
        .principal(Principal.of("user:stranger")).build()) {
      assertThatThrownBy(() -> new ProjectionRenderer(stranger).render(ConsumerReader.consumers(
          "name: app\nversion: v1\ntype: service\nservice:\n  dataosSecrets: [{name: pg, allKeys: true}]\n", "c.yaml")))
          .isInstanceOf(AccessDeniedException.class).hasMessageNotContaining(CANARY);
    }
  }

  @Test
  void twoEntriesThatProduceOneVariable_orOneFile_failTheRender() {
    secrets.put("pg2", ordered("password", "other"));

    assertThatThrownBy(() -> render("service:\n  dataosSecrets:\n    - {name: pg, key: password}\n"
        + "    - {name: pg2, key: password}\n"))
        .isInstanceOfSatisfying(InvalidManifestException.class, e -> assertThat(e.validations().get(0).violations())
            .extracting(Violation::message).containsExactly("the variable password is projected twice; first by"
                + " service.dataosSecrets[0] in consumer.yaml"));
    assertThatThrownBy(() -> render("service:\n  dataosSecrets:\n"
        + "    - {name: pg, key: password, consumptionType: file}\n"
        + "projection:\n  templateType: none\n  projections:\n    files: [{name: password, template: x}]\n"))
        .isInstanceOf(InvalidManifestException.class).hasMessageContaining("the file password is projected twice");
  }

  @Test
  void allKeys_leavesOutAVariableThatChangesHowProgramsRun_butAKeyTheConsumerNamesIsProjected() {
    secrets.put("shared", ordered("LD_PRELOAD", "/tmp/fake.so", "token", "fake-token"));

    RenderedProjection all = render("service:\n  dataosSecrets: [{name: shared, allKeys: true}]\n");

    assertThat(all.env()).containsOnlyKeys("token");
    assertThat(all.leftOut()).containsExactly("LD_PRELOAD");
    assertThat(all.toString()).contains("leftOut=[LD_PRELOAD]");
    assertThat(render("service:\n  dataosSecrets: [{name: shared, keys: [LD_PRELOAD]}]\n").env())
        .containsOnlyKeys("LD_PRELOAD");
  }

  @Test
  void aKeyNamedLikeAReservedDirectory_isNotWrittenThere() {
    secrets.put("odd", ordered("config", "x"));

    assertThatThrownBy(() -> render("service:\n  dataosSecrets: [{name: odd, key: config, consumptionType: file}]\n"))
        .isInstanceOf(InvalidManifestException.class).hasMessageContaining("reserved");
  }

  @Test
  void aConstantProjection_andTheEmptySkeleton_needNoSecret() {
    RenderedProjection constant = render("spec:\n  use:\n    projection:\n      secrets: []\n      projections:\n"
        + "        envVars:\n          - {key: TRINO_CATALOG, template: sales-catalog}\n"
        + "          - {key: DATAOS_WORK_DIR, template: /var/work}\n");
    RenderedProjection empty = render("spec:\n  use:\n    projection: {secrets: [], projections: {envVars: []}}\n");

    assertThat(constant.env()).containsExactly(Map.entry("TRINO_CATALOG", "sales-catalog"),
        Map.entry("DATAOS_WORK_DIR", "/var/work"));
    assertThat(empty.env()).isEmpty();
    assertThat(empty.files()).isEmpty();
    assertThat(empty.versions()).isEmpty();
  }

  @Test
  void aGoTemplate_buildsDatabaseUrlFromFiveKeys() {
    RenderedProjection rendered = render("""
        spec:
          use:
            projection:
              secrets:
                - {id: "public:pg", contextAlias: db}
              projections:
                envVars:
                  - key: DATABASE_URL
                    value: "postgresql://{{.secrets.db.username}}:{{.secrets.db.password}}@{{.secrets.db.host}}:{{.secrets.db.port}}/{{.secrets.db.database}}"
                files:
                  - name: db.properties
                    directory: app
                    mode: "0400"
                    template: |
                      user={{ .secrets.db.username }}
                args:
                  - "--user={{ .secrets.db.username }}"
        """);

    assertThat(rendered.env()).containsExactly(Map.entry("DATABASE_URL",
        "postgresql://fake-user:" + CANARY + "@db.example.test:5432/orders"));
    assertThat(files(rendered)).containsExactly(Map.entry("app/db.properties", "user=fake-user\n"));
    assertThat(rendered.files().get(0).mode()).isEqualTo(0400);
    assertThat(rendered.args()).containsExactly("--user=fake-user");
  }

  @Test
  void theTrinoLiquidCase_decodesWithBase64Decode_andWithoutItShowsTheBase64() {
    secrets.put("engineering", "trino-minerva-sec", ordered("TRINO_HOST", "tcp.example.test", "TRINO_PORT", "7432"),
        Map.of());

    RenderedProjection rendered = render("""
        spec:
          use:
            projection:
              secrets:
                - id: engineering:trino-minerva-sec
                  contextAlias: tmsh
              projections:
                envVars:
                  - key: TRINO_HOST
                    template: "{{ secrets['tmsh'].TRINO_HOST | base64_decode }}"
                  - key: TRINO_PORT
                    template: "{{ secrets['tmsh'].TRINO_PORT }}"
            templateType: liquid
        """);

    assertThat(rendered.env()).containsExactly(Map.entry("TRINO_HOST", "tcp.example.test"),
        Map.entry("TRINO_PORT", Base64.getEncoder().encodeToString("7432".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void aTemplateNamingAMissingKey_failsWithItsPlace_andTheKeysThereAre_neverAValue() {
    assertThatThrownBy(() -> render("""
        projection:
          secrets: [{id: pg, contextAlias: db}]
          projections:
            envVars:
              - key: URL
                template: "{{ .secrets.db.pasword }}"
        """))
        .isInstanceOfSatisfying(InvalidManifestException.class, e -> {
          Violation violation = e.validations().get(0).violations().get(0);
          assertThat(violation.path()).isEqualTo("projection.projections.envVars[0].template");
          assertThat(violation.line()).isEqualTo(9);
          assertThat(violation.message()).startsWith("go-template template, line 1 column ")
              .contains("pasword", "password").doesNotContain(CANARY);
        });
  }

  @Test
  void nothingRendered_showsAValue_inItsToString() {
    RenderedProjection rendered = render("service:\n  dataosSecrets:\n    - {name: pg, allKeys: true}\n"
        + "    - {name: pg, keys: [password], consumptionType: file}\n"
        + "projection:\n  templateType: none\n  projections:\n    args: [x]\n");

    assertThat(List.of(rendered.toString(), rendered.env().toString(), rendered.args().toString(),
        rendered.properties().toString(), rendered.files().toString()))
        .allSatisfy(text -> assertThat(text).doesNotContain(CANARY, "fake-user"));
    assertThat(rendered.properties().getProperty("password")).isEqualTo(CANARY);
  }
}
