package dev.secretkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.ConflictException;
import dev.secretkit.SecretId;
import dev.secretkit.client.SecretClient;
import dev.secretkit.projection.Consumer;
import dev.secretkit.projection.ConsumerDependents;
import dev.secretkit.projection.ConsumerReader;
import dev.secretkit.projection.ProjectionRenderer;
import dev.secretkit.projection.ProjectedFile;
import dev.secretkit.projection.RenderedProjection;
import dev.secretkit.projection.SecretDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The projection checks of {@link SecretStoreContract}: a consumer rendered through a client on the
 * store under test, each secret read once at one version, its files written, and the consumer
 * registered as a dependent.
 */
final class ProjectionChecks {
  /** A consumer of the secret {@code contract:proj-db} in every form: V1 variables and propFile, V2 templates. */
  static final String CONSUMER = """
      name: contract-app
      version: v1
      type: service
      workspace: contract
      service:
        dataosSecrets:
          - {name: proj-db, keys: [user, password]}
          - {name: proj-db, allKeys: true, consumptionType: propFile}
      projection:
        secrets:
          - {id: "contract:proj-db", contextAlias: db}
        projections:
          envVars:
            - key: DB_URL
              template: "postgresql://{{ .secrets.db.user }}:{{ .secrets.db.password }}@db.example.test/orders"
          files:
            - {name: db.conf, directory: app, mode: "0400", template: "user={{ .secrets.db.user }}"}
          args:
            - "--user={{ .secrets.db.user }}"
      """;

  private ProjectionChecks() {}

  static List<Consumer> consumers() {
    return ConsumerReader.consumers(CONSUMER, "contract-consumer.yaml");
  }

  /**
   * Renders {@link #CONSUMER} through {@code client} on {@code counted}, a wrapper of the store
   * under test holding {@code id} (keys {@code ca} from {@code files:}, {@code user},
   * {@code password}) at {@code version}, and checks every output, the single read, the files and
   * the registration.
   */
  static void rendersEveryFormFromOneRead(SecretClient client, FaultInjectingStore counted, SecretId id, long version, String password, String ca, Canaries canaries) {
    RenderedProjection rendered = new ProjectionRenderer(client).render(consumers());

    assertThat(rendered.versions()).containsExactly(Map.entry(id, version));
    assertThat(rendered.env()).containsExactly(Map.entry("user", "fake-user-2"), Map.entry("password", password),
        Map.entry("DB_URL", "postgresql://fake-user-2:" + password + "@db.example.test/orders"));
    assertThat(contents(rendered.files())).containsExactly(Map.entry("proj-db_ca.pem", ca),
        Map.entry("proj-db.properties", "password=" + password + "\nuser=fake-user-2\n"),
        Map.entry("app/db.conf", "user=fake-user-2"));
    assertThat(rendered.files()).extracting(ProjectedFile::mode).containsExactly(0600, 0600, 0400);
    assertThat(rendered.args()).containsExactly("--user=fake-user-2");
    assertThat(counted.calls()).as("calls of one render: the one secret read once, for all its uses")
        .containsOnly(Map.entry(FaultInjectingStore.Operation.READ, 1L));
    canaries.assertAbsent("the rendered projection", rendered + " " + rendered.env() + " " + rendered.args()
        + " " + rendered.files() + " " + rendered.properties());

    Path directory = temporaryDirectory();
    try {
      SecretDirectory.at(directory).write(rendered.files());
      assertThat(read(directory.resolve("proj-db_ca.pem"))).isEqualTo(ca);
      assertThat(read(directory.resolve("app/db.conf"))).isEqualTo("user=fake-user-2");
    } finally {
      delete(directory);
    }

    Consumer consumer = consumers().get(0);
    assertThat(ConsumerDependents.register(client, consumer)).containsExactly(id);
    assertThat(client.describe(id).metadata().dependents()).contains("service:v1:contract-app:contract");
    assertThat(catchThrowable(() -> client.delete(id, false))).as("deleting a secret a consumer uses")
        .isInstanceOf(ConflictException.class).hasMessageContaining("service:v1:contract-app:contract");
    ConsumerDependents.unregister(client, consumer);
    assertThat(client.describe(id).metadata().dependents()).doesNotContain("service:v1:contract-app:contract");
  }

  private static Map<String, String> contents(List<ProjectedFile> files) {
    Map<String, String> contents = new LinkedHashMap<>();
    files.forEach(file -> contents.put(file.path(), new String(file.content(), StandardCharsets.UTF_8)));
    return contents;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("secretkit-contract-projection");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path directory) {
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path entry : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(entry);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
