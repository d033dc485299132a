package dev.secretkit.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.client.CachePolicy;
import dev.secretkit.client.SecretChange;
import dev.secretkit.client.SecretClient;
import dev.secretkit.client.Ticker;
import dev.secretkit.manifest.InvalidManifestException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Projection}: re-rendered on a real change only, files swapped, listeners told keys and never values. */
class ProjectionTest {
  private static final CachePolicy POLICY = CachePolicy.defaults().withJitter(0);
  private static final String CONSUMER = """
      name: app
      version: v1
      type: service
      service:
        dataosSecrets:
          - {name: pair, keys: [left, right]}
          - {name: pair, keys: [left], consumptionType: file}
      """;

  @TempDir
  Path temp;
  private Secrets secrets;
  private final AtomicLong now = new AtomicLong();
  private final Ticker ticker = now::get;

  @BeforeEach
  void open() {
    secrets = new Secrets(temp).put("pair", Map.of("left", "0", "right", "0"));
  }

  @AfterEach
  void close() {
    secrets.close();
  }

  private SecretClient cachedClient() {
    return SecretClient.builder().store(secrets.store).environment(Map.of()).cache(POLICY).ticker(ticker).build();
  }

  private List<Consumer> consumers() {
    return ConsumerReader.consumers(CONSUMER, "consumer.yaml");
  }

  @Test
  void refresh_swapsInAChangedRender_andDoesNothingWhenNothingChanged() throws Exception {
    Path dir = temp.resolve(".secrets");
    try (SecretClient client = cachedClient();
        Projection projection = Projection.start(client, consumers(), SecretDirectory.at(dir), new Recorder())) {
      assertThat(projection.current().env()).containsEntry("left", "0");
      assertThat(Files.readString(dir.resolve("left"))).isEqualTo("0");

      assertThat(projection.refresh()).isFalse();
      secrets.put("pair", Map.of("left", "1", "right", "1"));
      now.addAndGet(POLICY.ttl().toNanos());

      assertThat(projection.refresh()).isTrue();
      assertThat(projection.current().env()).containsEntry("left", "1").containsEntry("right", "1");
      assertThat(Files.readString(dir.resolve("left"))).isEqualTo("1");
      assertThat(projection.current().versions()).containsValue(2L);
    }
  }

  @Test
  void aWatchedChange_reRenders_andTellsTheListenerTheKeys() throws Exception {
    Recorder recorder = new Recorder();
    Path dir = temp.resolve(".secrets");
    try (SecretClient client = cachedClient();
        Projection projection = Projection.start(client, consumers(), SecretDirectory.at(dir), recorder)) {
      secrets.put("pair", Map.of("left", "1", "right", "0"));
      now.addAndGet(POLICY.ttl().toNanos());

      List<SecretChange> changes = recorder.renders.poll(10, TimeUnit.SECONDS);

      assertThat(changes).singleElement().satisfies(change -> {
        assertThat(change.id().toString()).isEqualTo("public:pair");
        assertThat(change.version()).isEqualTo(2);
        assertThat(change.changedKeys()).containsExactly("left");
      });
      assertThat(Files.readString(dir.resolve("left"))).isEqualTo("1");
      assertThat(projection.current().env()).containsEntry("left", "1");
    }
  }

  @Test
  void aFailedReRender_keepsWhatWasRendered_andTellsTheListener() throws Exception {
    Recorder recorder = new Recorder();
    Path dir = temp.resolve(".secrets");
    try (SecretClient client = cachedClient();
        Projection projection = Projection.start(client, consumers(), SecretDirectory.at(dir), recorder)) {
      secrets.put("pair", Map.of("left", "1"));
      now.addAndGet(POLICY.ttl().toNanos());

      RuntimeException failure = recorder.failures.poll(10, TimeUnit.SECONDS);

      assertThat(failure).isInstanceOf(InvalidManifestException.class).hasMessageContaining("has no key right");
      assertThat(projection.current().env()).containsEntry("left", "0");
      assertThat(Files.readString(dir.resolve("left"))).isEqualTo("0");
      assertThatThrownBy(projection::refresh).isInstanceOf(InvalidManifestException.class);
    }
  }

  @Test
  void aFirstRenderThatFails_writesNothing() {
    Path dir = temp.resolve(".secrets");
    try (SecretClient client = cachedClient()) {
      List<Consumer> missing = ConsumerReader.consumers(CONSUMER.replace("keys: [left, right]", "keys: [nope]"),
          "consumer.yaml");

      assertThatThrownBy(() -> Projection.start(client, missing, SecretDirectory.at(dir), new Recorder()))
          .isInstanceOf(InvalidManifestException.class);
      assertThat(dir).doesNotExist();
    }
  }

  /** Issue acceptance: a writer updates a two-key secret 1,000 times while projections render; no render mixes versions. */
  @Test
  void everyRender_holdsBothKeysFromOneVersion_whileAWriterUpdatesThem1000Times() throws Exception {
    AtomicBoolean done = new AtomicBoolean();
    List<Throwable> writerFailed = new ArrayList<>();
    Thread writer = new Thread(() -> {
      try {
        for (int i = 1; i <= 1000; i++) {
          secrets.put("pair", Map.of("left", String.valueOf(i), "right", String.valueOf(i)));
        }
      } catch (Throwable e) {
        writerFailed.add(e);
      } finally {
        done.set(true);
      }
    });
    List<String> mixed = new ArrayList<>();
    int renders = 0;
    try (SecretClient cached = cachedClient();
        SecretClient uncached = SecretClient.builder().store(secrets.store).environment(Map.of()).build()) {
      List<ProjectionRenderer> renderers = List.of(new ProjectionRenderer(cached), new ProjectionRenderer(uncached));
      writer.start();
      while (!done.get() || renders < 100) {
        for (ProjectionRenderer renderer : renderers) {
          RenderedProjection rendered = renderer.render(consumers());
          String left = rendered.env().get("left");
          String file = new String(rendered.files().get(0).content(), java.nio.charset.StandardCharsets.UTF_8);
          long version = rendered.versions().values().iterator().next();
          if (!left.equals(rendered.env().get("right")) || !left.equals(file)
              || Long.parseLong(left) != version - 1) {
            mixed.add(rendered.env().keySet() + " at version " + version);
          }
          renders++;
        }
        now.addAndGet(POLICY.ttl().toNanos());
      }
      writer.join();
    }
    assertThat(writerFailed).isEmpty();
    assertThat(mixed).isEmpty();
    assertThat(renders).isGreaterThanOrEqualTo(100);
  }

  /** Keeps what a projection tells its listener. */
  private static final class Recorder implements ProjectionListener {
    final BlockingQueue<List<SecretChange>> renders = new LinkedBlockingQueue<>();
    final BlockingQueue<RuntimeException> failures = new LinkedBlockingQueue<>();

    @Override
    public void rendered(RenderedProjection projection, List<SecretChange> changes) {
      renders.add(changes);
    }

    @Override
    public void failed(RuntimeException error) {
      failures.add(error);
    }
  }

  @Test
  void aListenerThatThrows_doesNotStopTheProjection() throws Exception {
    BlockingQueue<Long> versions = new LinkedBlockingQueue<>();
    ProjectionListener throwing = (projection, changes) -> {
      versions.add(changes.get(0).version());
      throw new IllegalStateException("listener bug");
    };
    try (SecretClient client = cachedClient();
        Projection projection = Projection.start(client, consumers(), null, throwing)) {
      for (int version = 2; version <= 3; version++) {
        secrets.put("pair", Map.of("left", String.valueOf(version), "right", "0"));
        now.addAndGet(POLICY.ttl().toNanos());
        assertThat(versions.poll(10, TimeUnit.SECONDS)).isEqualTo(version);
      }
      assertThat(projection.current().env()).containsEntry("left", "3");
    }
  }
}
