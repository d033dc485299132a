package dev.secretkit.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.SecretId;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.client.CachePolicy;
import dev.secretkit.client.SecretClient;
import dev.secretkit.client.Ticker;
import dev.secretkit.manifest.Violation;
import dev.secretkit.spi.ForwardingSecretStore;
import dev.secretkit.spi.SecretHead;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance audit of issue 15: behaviours the spec, the README or the Javadoc promise that no
 * other test held when a planted defect broke them.
 */
class ProjectionAuditTest {
  private static final String SERVICE = "name: app\nversion: v1\ntype: service\n";

  @TempDir
  Path temp;
  private Secrets secrets;

  @BeforeEach
  void open() {
    secrets = new Secrets(temp);
  }

  @AfterEach
  void close() {
    secrets.close();
  }

  private RenderedProjection render(String yaml) {
    return new ProjectionRenderer(secrets.client).render(ConsumerReader.consumers(yaml, "app.yaml"));
  }

  private static List<String> errors(String yaml) {
    return ConsumerReader.read(yaml, "app.yaml").get(0).validation().violations().stream()
        .filter(Violation::isError).map(Violation::message).toList();
  }

  /** DECISIONS §6: files are mode 0600 unless their entry sets one, V2 files too. */
  @Test
  void aV2FileWithoutAMode_is0600() {
    RenderedProjection rendered = render(SERVICE
        + "projection:\n  templateType: none\n  projections:\n    files: [{name: a.conf, template: x}]\n");

    assertThat(rendered.files()).singleElement().satisfies(file -> assertThat(file.mode()).isEqualTo(0600));
  }

  /** RenderedProjection.versions(): for a secret used at two versions, the later. */
  @Test
  void aSecretUsedAtTwoVersions_reportsTheLater() {
    secrets.put("pg", Map.of("password", "fake-first"));
    secrets.put("pg", Map.of("password", "fake-second"));

    RenderedProjection rendered = render(SERVICE + """
        service:
          dataosSecrets: [{name: pg, key: password}]
        projection:
          secrets: [{id: "pg@1", contextAlias: old}]
          projections:
            envVars: [{key: OLD_PASSWORD, template: "{{ .secrets.old.password }}"}]
        """);

    assertThat(rendered.env()).containsEntry("password", "fake-second").containsEntry("OLD_PASSWORD", "fake-first");
    assertThat(rendered.versions()).containsExactly(Map.entry(SecretId.of("public:pg"), 2L));
  }

  /** RenderedProjection.stale(): a secret a cache served past its time-to-live because the store failed. */
  @Test
  void aSecretServedStaleDuringAnOutage_isNamedInStale() {
    secrets.put("pg", Map.of("password", "fake-password"));
    AtomicBoolean down = new AtomicBoolean();
    SecretStore flaky = new ForwardingSecretStore(secrets.store) {
      private void check() {
        if (down.get()) {
          throw new StoreUnavailableException("memory:", "injected outage", false, null, null);
        }
      }

      @Override
      public Optional<StoredSecret> read(SecretId id) {
        check();
        return super.read(id);
      }

      @Override
      public Map<SecretId, StoredSecret> readAll(Collection<SecretId> ids) {
        check();
        return super.readAll(ids);
      }

      @Override
      public Optional<SecretHead> head(SecretId id) {
        check();
        return super.head(id);
      }

      @Override
      public Optional<String> probe(SecretId id) {
        check();
        return super.probe(id);
      }
    };
    AtomicLong now = new AtomicLong();
    Ticker ticker = now::get;
    CachePolicy policy = CachePolicy.defaults().withJitter(0);
    String consumer = SERVICE + "service:\n  dataosSecrets: [{name: pg, key: password}]\n";
    try (SecretClient client = SecretClient.builder().store(flaky).environment(Map.of()).cache(policy)
        .ticker(ticker).build()) {
      ProjectionRenderer renderer = new ProjectionRenderer(client);
      assertThat(renderer.render(ConsumerReader.consumers(consumer, "app.yaml")).stale()).isEmpty();

      down.set(true);
      now.addAndGet(policy.ttl().toNanos());
      RenderedProjection stale = renderer.render(ConsumerReader.consumers(consumer, "app.yaml"));

      assertThat(stale.env()).containsEntry("password", "fake-password");
      assertThat(stale.stale()).containsExactly(SecretId.of("public:pg"));
    }
  }

  /** README: a V2 id is {@code <tenant>:<name>}, or a bare name for the consumer's workspace. */
  @Test
  void aBareV2Id_isLookedUpInTheConsumersWorkspace() {
    secrets.put("sales", "pg", Map.of("password", "fake-sales"), Map.of());
    secrets.put("pg", Map.of("password", "fake-public"));

    RenderedProjection rendered = render("name: app\nversion: v1\ntype: service\nworkspace: sales\n" + """
        projection:
          secrets: [{id: pg, contextAlias: db}]
          projections:
            envVars: [{key: PASSWORD, template: "{{ .secrets.db.password }}"}]
        """);

    assertThat(rendered.env()).containsExactly(Map.entry("PASSWORD", "fake-sales"));
    assertThat(rendered.versions()).containsOnlyKeys(SecretId.of("sales:pg"));
  }

  /** DECISIONS §6: a V1 entry without workspace uses the consumer's; one with its own uses that. */
  @Test
  void anEntrysOwnWorkspace_winsOverTheConsumers() {
    secrets.put("sales", "pg", Map.of("password", "fake-sales"), Map.of());
    secrets.put("finance", "pg", Map.of("password", "fake-finance"), Map.of());

    RenderedProjection rendered = render("name: app\nversion: v1\ntype: service\nworkspace: sales\n"
        + "service:\n  dataosSecrets: [{name: pg, key: password, workspace: finance}]\n");

    assertThat(rendered.env()).containsExactly(Map.entry("password", "fake-finance"));
    assertThat(rendered.versions()).containsOnlyKeys(SecretId.of("finance:pg"));
  }

  /** DECISIONS §6: an entry's own templateType overrides the block's, when rendered too. */
  @Test
  void anEntrysOwnTemplateType_overridesTheBlocksWhenRendered() {
    secrets.put("pg", Map.of("username", "fake-user"));

    RenderedProjection rendered = render(SERVICE + """
        projection:
          templateType: go-template
          secrets: [{id: pg, contextAlias: db}]
          projections:
            envVars:
              - {key: GO, template: "{{ .secrets.db.username }}"}
              - key: LIQUID
                templateType: liquid
                template: "{{ secrets['db'].username | base64_decode }}"
              - key: NONE
                templateType: none
                template: "{{ .secrets.db.username }}"
        """);

    assertThat(rendered.env()).containsExactly(Map.entry("GO", "fake-user"), Map.entry("LIQUID", "fake-user"),
        Map.entry("NONE", "{{ .secrets.db.username }}"));
  }

  /** Only config/ and work/ at the root of the secret directory are reserved, not such a name in a folder. */
  @Test
  void aFileNamedLikeAReservedDirectory_inAFolderOfItsOwn_isProjected() {
    RenderedProjection rendered = render(SERVICE + "projection:\n  templateType: none\n  projections:\n"
        + "    files: [{name: config, directory: app, template: x}, {name: work, directory: lib, template: y}]\n");

    assertThat(rendered.files()).extracting(ProjectedFile::path).containsExactly("app/config", "lib/work");
  }

  /** SecretDirectory and DirectoryNames: config/ and work/ are reserved in any case. */
  @Test
  void reservedDirectories_areFoundInAnyCase_whenRead() {
    assertThat(errors(SERVICE + "projection:\n  templateType: none\n  projections:\n"
        + "    files: [{name: a.conf, directory: Config, template: x}]\n"))
        .containsExactly("the directory Config/ of the secret directory is reserved for the runtime");
  }

  /** README: reading finds a reserved directory, before any secret is read; a root file named config is one. */
  @Test
  void aRootFileNamedLikeAReservedDirectory_isAFindingWhenRead() {
    assertThat(errors(SERVICE + "projection:\n  templateType: none\n  projections:\n"
        + "    files: [{name: work, template: x}]\n"))
        .containsExactly("the name work at the root of the secret directory is reserved for the runtime");
  }
}
