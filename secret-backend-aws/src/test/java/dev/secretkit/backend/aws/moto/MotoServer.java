package dev.secretkit.backend.aws.moto;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Moto's server mode, an implementation of Secrets Manager that AWS's Python community keeps and
 * that SecretKit's authors did not write, run as a child process on a loopback port.
 *
 * <p>It runs through {@code moto/secretsmanager_server.py} (a test resource), which corrects the
 * deviations of moto 5.2 from AWS's documented API that these tests meet, and nothing else: after
 * {@code UpdateSecretVersionStage} moves {@code AWSCURRENT}, moto's {@code GetSecretValue} without
 * a stage and its {@code BatchGetSecretValue} answered with the previous version; its
 * {@code ListSecrets} ignored {@code SortBy} and failed with HTTP 500 on a token it never issued.
 * It serves moto's Secrets Manager application alone, without a log line per request, which saves
 * CPU on every call and changes no answer.
 *
 * <p>{@link #start()} answers empty when Python or moto is missing, so tests can skip with a reason
 * instead of failing on a machine without them. The process is ended by {@link #close()}.
 */
public final class MotoServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final int START_ATTEMPTS = 3;
  private static Optional<String> unavailable;

  private final Process process;
  private final URI endpoint;

  private MotoServer(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /** Returns why moto cannot run here, or empty when it can; asks Python once per JVM. */
  public static synchronized Optional<String> unavailableBecause() {
    if (unavailable == null) {
      unavailable = probe();
    }
    return unavailable;
  }

  private static Optional<String> probe() {
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

  /**
   * Starts moto on a free loopback port and waits until it answers, or returns empty when moto is
   * missing; a moto that exits while starting is started again on another port, up to
   * {@value #START_ATTEMPTS} times.
   */
  public static Optional<MotoServer> start() {
    if (unavailableBecause().isPresent()) {
      return Optional.empty();
    }
    try {
      Path launcher = Files.createTempFile("secretsmanager_server", ".py");
      launcher.toFile().deleteOnExit();
      try (InputStream script = MotoServer.class.getResourceAsStream("/moto/secretsmanager_server.py")) {
        Files.write(launcher, Objects.requireNonNull(script, "moto/secretsmanager_server.py").readAllBytes());
      }
      for (int attempt = 1; ; attempt++) {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
          port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(List.of("python3", launcher.toString(), "-H", "127.0.0.1", "-p",
            Integer.toString(port))).redirectErrorStream(true).start();
        MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port));
        try {
          server.awaitReady();
          return Optional.of(server);
        } catch (ExitedWhileStarting e) {
          // Another process (a parallel test JVM's moto, say) may have taken the port between our
          // choosing it and moto binding it: moto then exits at once, and a new port is tried.
          if (attempt == START_ATTEMPTS) {
            throw e;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("starting moto failed", e);
    }
  }

  /** Returns moto's base URI, such as {@code http://127.0.0.1:5000}. */
  public URI endpoint() {
    return endpoint;
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

  /**
   * Waits until moto says it is listening, reading its output on a thread that goes on draining
   * it (a full pipe would stop moto), or fails when moto exits or stays silent too long.
   */
  private void awaitReady() {
    CountDownLatch decided = new CountDownLatch(1);
    AtomicBoolean listening = new AtomicBoolean();
    Thread drain = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.contains("Running on http")) {
            listening.set(true);
            decided.countDown();
          }
        }
      } catch (IOException closed) {
        // The process ended: decided below.
      }
      decided.countDown();
    }, "moto-output");
    drain.setDaemon(true);
    drain.start();
    try {
      if (!decided.await(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || !listening.get()) {
        boolean exited = !process.isAlive();
        close();
        if (exited) {
          throw new ExitedWhileStarting("moto exited with " + process.exitValue() + " while starting");
        }
        throw new IllegalStateException("moto did not start listening within " + START_TIMEOUT.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while waiting for moto", e);
    }
  }

  /** Moto ended before it listened, as it does at once when its port is taken; a hang is not this. */
  private static final class ExitedWhileStarting extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    ExitedWhileStarting(String message) {
      super(message);
    }
  }
}
