package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One run of a separate process, such as the packaged {@code secretctl}: its exit status, its
 * stdout as bytes (values must come back exactly) and its stderr as text.
 *
 * @param exitCode the process's exit status
 * @param stdout everything it wrote to stdout
 * @param stderr everything it wrote to stderr, decoded as UTF-8
 */
record ProcessRun(int exitCode, byte[] stdout, String stderr) {

  /** Returns stdout decoded as UTF-8. */
  String out() {
    return new String(stdout, StandardCharsets.UTF_8);
  }

  /** Runs {@code command} with exactly {@code environment}, no input, and at most a minute. */
  static ProcessRun run(List<String> command, Map<String, String> environment) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process = builder.start();
    process.getOutputStream().close();
    CompletableFuture<byte[]> out = read(process.getInputStream());
    CompletableFuture<byte[]> err = read(process.getErrorStream());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the process finished").isTrue();
    return new ProcessRun(process.exitValue(), out.get(), new String(err.get(), StandardCharsets.UTF_8));
  }

  private static CompletableFuture<byte[]> read(InputStream stream) {
    return CompletableFuture.supplyAsync(() -> {
      try (stream) {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
