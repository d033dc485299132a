package dev.secretkit.backend.aws.moto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Moto's server mode, an implementation of Secrets Manager that AWS's Python community keeps and
 * that SecretKit's authors did not write, run as a child process on a loopback port.
 *
 * <p>It runs through {@code moto/secretsmanager_server.py} (a test resource), which corrects the
 * deviations of moto 5.2 from AWS's documented API that these tests meet, and nothing else: after
 * {@code UpdateSecretVersionStage} moves {@code AWSCURRENT}, moto's {@code GetSecretValue} without
 * a stage and its {@code BatchGetSecretValue} answered with the previous version; its
 * {@code ListSecrets} ignored {@code SortBy} and failed with HTTP 500 on a token it never issued.
 *
 * <p>{@link #start()} answers empty when Python or moto is missing, so tests can skip with a reason
 * instead of failing on a machine without them. {@link #reset()} forgets every secret, through
 * moto's own reset endpoint. The process is ended by {@link #close()}.
 */
public final class MotoServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final URI endpoint;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private MotoServer(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /** Returns why moto cannot run here, or empty when it can. */
  public static Optional<String> unavailableBecause() {
    try {
      Process probe = new ProcessBuilder("python3", "-c", "import moto.server, flask, werkzeug")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!probe.waitFor(30, TimeUnit.SECONDS)) {
        probe.destroyForcibly();
        return Optional.of("python3 did not answer within 30 s");
      }
      return probe.exitValue() == 0 ? Optional.empty()
          : Optional.of("python3 cannot import moto.server (install moto[server] to run these tests)");
    } catch (IOException e) {
      return Optional.of("python3 is not installed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while looking for python3");
    }
  }

  /** Starts moto on a free loopback port and waits until it answers, or returns empty when moto is missing. */
  public static Optional<MotoServer> start() {
    if (unavailableBecause().isPresent()) {
      return Optional.empty();
    }
    try {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      Path log = Files.createTempFile("moto", ".log");
      Path launcher = Files.createTempFile("secretsmanager_server", ".py");
      log.toFile().deleteOnExit();
      launcher.toFile().deleteOnExit();
      try (InputStream script = MotoServer.class.getResourceAsStream("/moto/secretsmanager_server.py")) {
        Files.write(launcher, Objects.requireNonNull(script, "moto/secretsmanager_server.py").readAllBytes());
      }
      Process process = new ProcessBuilder(List.of("python3", launcher.toString(), "-H", "127.0.0.1", "-p",
          Integer.toString(port))).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port));
      server.awaitReady();
      return Optional.of(server);
    } catch (IOException e) {
      throw new UncheckedIOException("starting moto failed", e);
    }
  }

  /** Returns moto's base URI, such as {@code http://127.0.0.1:5000}. */
  public URI endpoint() {
    return endpoint;
  }

  /** Forgets every secret moto holds. */
  public void reset() {
    try {
      HttpResponse<Void> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("moto's reset answered HTTP " + response.statusCode());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("resetting moto failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while resetting moto", e);
    }
  }

  /** Ends the moto process. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void awaitReady() {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("moto exited with " + process.exitValue() + " while starting");
      }
      try {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
            .GET().timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() < 500) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new IllegalStateException("interrupted while waiting for moto", e);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new IllegalStateException("interrupted while waiting for moto", e);
      }
    }
    close();
    throw new IllegalStateException("moto did not answer within " + START_TIMEOUT.toSeconds() + " s");
  }
}
