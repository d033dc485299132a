package dev.secretkit.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.SecretNotFoundException;
import dev.secretkit.access.Principal;
import dev.secretkit.client.SecretClient;
import dev.secretkit.manifest.InvalidManifestException;
import dev.secretkit.manifest.Violation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The troubleshooting cases of the DataOS projection docs (spec §4.2.5) that apply to a library,
 * each with the error or result a user gets here. Not applicable: a catalog that connects to the
 * wrong catalog (a gateway's lookup) and a repository that does not sync (git-sync's own work,
 * beyond the missing grant below).
 */
class TroubleshootingTest {
  private static final String CANARY = "canary-Trouble-8k2";

  @TempDir
  Path temp;
  private Secrets secrets;

  @BeforeEach
  void open() {
    secrets = new Secrets(temp).put("pg", Map.of("username", "fake-user", "password", CANARY));
  }

  @AfterEach
  void close() {
    secrets.close();
  }

  private static String consumer(String projection) {
    return "name: app\nversion: v1alpha\ntype: vulcan\nspec:\n  use:\n    projection:\n"
        + projection.indent(6);
  }

  private static List<Violation> findings(String yaml) {
    return ConsumerReader.read(yaml, "app.yaml").get(0).validation().violations();
  }

  private RenderedProjection render(String yaml) {
    return new ProjectionRenderer(secrets.client).render(ConsumerReader.consumers(yaml, "app.yaml"));
  }

  @Test
  void envVarEmpty_becauseTheTemplateNamesAnUndeclaredAlias_isAnErrorBeforeAnythingIsRead() {
    List<Violation> found = findings(consumer("""
        secrets: [{id: pg, contextAlias: db}]
        projections:
          envVars: [{key: USER, template: "{{ .secrets.dbb.username }}"}]
        """));

    assertThat(found).singleElement().satisfies(violation -> {
      assertThat(violation.isError()).isTrue();
      assertThat(violation.path()).isEqualTo("spec.use.projection.projections.envVars[0].template");
      assertThat(violation.message()).contains("dbb", "db");
      assertThat(violation.line()).isEqualTo(9);
    });
  }

  @Test
  void envVarEmpty_becauseOfAWrongKeyName_isAnErrorListingTheKeys() {
    assertThatThrownBy(() -> render(consumer("""
        secrets: [{id: pg, contextAlias: db}]
        projections:
          envVars: [{key: USER, template: "{{ .secrets.db.user }}"}]
        """)))
        .isInstanceOfSatisfying(InvalidManifestException.class, e -> assertThat(e.getMessage())
            .contains("envVars[0].template", "user", "username", "password").doesNotContain(CANARY));
  }

  @Test
  void envVarWrong_becauseTheSyntaxDoesNotMatchTemplateType_isAnError() {
    List<Violation> liquidUnderGo = findings(consumer("""
        secrets: [{id: pg, contextAlias: db}]
        projections:
          envVars: [{key: USER, template: "{{ secrets['db'].username | base64_decode }}"}]
        """));
    List<Violation> goUnderLiquid = findings(consumer("""
        secrets: [{id: pg, contextAlias: db}]
        templateType: liquid
        projections:
          envVars: [{key: USER, template: "{{ .secrets.db.username }}"}]
        """));

    assertThat(liquidUnderGo).filteredOn(Violation::isError).singleElement()
        .satisfies(violation -> assertThat(violation.message()).startsWith("go-template template"));
    assertThat(goUnderLiquid).filteredOn(Violation::isError).singleElement()
        .satisfies(violation -> assertThat(violation.message()).startsWith("liquid template"));
  }

  @Test
  void garbledBase64Text_fromALiquidTemplateWithoutBase64Decode_isWarnedOf_andIsTheBase64() {
    String yaml = consumer("""
        secrets: [{id: pg, contextAlias: db}]
        templateType: liquid
        projections:
          envVars: [{key: USER, template: "{{ secrets['db'].username }}"}]
        """);

    assertThat(findings(yaml)).singleElement().satisfies(violation -> {
      assertThat(violation.isError()).isFalse();
      assertThat(violation.hint()).contains("base64_decode");
    });
    assertThat(render(yaml).env()).containsEntry("USER",
        Base64.getEncoder().encodeToString("fake-user".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void fileNotWhereTheAppExpects_withoutADirectoryItLandsAtTheRoot_andReservedDirectoriesAreRefused()
      throws Exception {
    RenderedProjection rendered = render(consumer("""
        secrets: [{id: pg, contextAlias: db}]
        projections:
          files:
            - {name: root.conf, template: "u={{ .secrets.db.username }}"}
            - {name: app.conf, directory: app, template: "u={{ .secrets.db.username }}"}
        """));
    SecretDirectory directory = SecretDirectory.at(temp.resolve(".secrets"));
    directory.write(rendered.files());

    assertThat(Files.readString(temp.resolve(".secrets/root.conf"))).isEqualTo("u=fake-user");
    assertThat(Files.readString(temp.resolve(".secrets/app/app.conf"))).isEqualTo("u=fake-user");
    assertThat(findings(consumer("""
        projections:
          files: [{name: a.conf, directory: /etc/dataos/config, template: x}]
        """))).extracting(Violation::message).containsExactly("the directory /etc/dataos/config is reserved for the"
            + " runtime");
  }

  @Test
  void repositoryDoesNotSync_becauseTheGrantIsMissing_isAnAccessDenialNamingThePermission() {
    secrets.put("git-sync", Map.of("GITSYNC_USERNAME", "fake-bot", "GITSYNC_PASSWORD", CANARY));
    try (SecretClient stranger = SecretClient.builder().store(secrets.store).environment(Map.of())
        .principal(Principal.of("user:builder")).build()) {
      assertThatThrownBy(() -> new ProjectionRenderer(stranger).render(ConsumerReader.consumers(
          "name: repo\nversion: v1\ntype: service\nservice:\n  dataosSecrets: [{name: git-sync, allKeys: true}]\n",
          "repo.yaml")))
          .isInstanceOf(AccessDeniedException.class).hasMessageContaining("can-use").hasMessageContaining("git-sync")
          .hasMessageNotContaining(CANARY);
    }
  }

  @Test
  void migrateFails_becauseTheTenantSecretIsMissing_isNotFoundNamingIt() {
    assertThatThrownBy(() -> render(consumer("""
        secrets: [{id: "public:vulcan-state-connection", contextAlias: state}]
        projections:
          envVars: [{key: STATE_URL, template: "{{ .secrets.state.url }}"}]
        """)))
        .isInstanceOf(SecretNotFoundException.class).hasMessageContaining("public:vulcan-state-connection");
  }

  @Test
  void rotatedCredentials_areRenderedAgain_byTheNextRenderOrAWatchingProjection() {
    String yaml = consumer("""
        secrets: [{id: pg, contextAlias: db}]
        projections:
          envVars: [{key: PASSWORD, template: "{{ .secrets.db.password }}"}]
        """);
    try (SecretClient client = SecretClient.builder().store(secrets.store).environment(Map.of()).build();
        Projection projection = Projection.start(client, ConsumerReader.consumers(yaml, "app.yaml"), null,
            (rendered, changes) -> { })) {
      secrets.put("pg", Map.of("username", "fake-user", "password", "rotated-fake-password"));

      assertThat(projection.refresh()).isTrue();
      assertThat(projection.current().env()).containsEntry("PASSWORD", "rotated-fake-password");
    }
  }
}
