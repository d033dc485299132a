package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One run of the packaged {@code secretctl} that a test may kill: each line of its stdout with the time it
 * arrived, its stderr, its exit status, and when it exited, all in nanoseconds since just before its start.
 */
final class TimedRun {
  /** The process, for the test to wait on. */
  final Process process;
  private final long started;
  private final List<String> lines = new ArrayList<>();
  private final List<Long> arrivals = new ArrayList<>();
  private final CompletableFuture<Void> out;
  private final CompletableFuture<String> err;
  private boolean ended;
  private long exited;

  private TimedRun(Process process, long started) {
    this.process = process;
    this.started = started;
    // A thread each, not the common pool, which has one thread on two cores: stderr must drain while stdout is read.
    Executor ownThread = task -> new Thread(task, "secretctl output").start();
    out = CompletableFuture.runAsync(() -> readLines(process.getInputStream()), ownThread);
    err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()), ownThread);
  }

  /** Starts {@code command} with exactly {@code environment} and no input. */
  static TimedRun start(List<String> command, Map<String, String> environment) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(environment);
    long started = System.nanoTime();
    Process process = builder.start();
    process.getOutputStream().close();
    return new TimedRun(process, started);
  }

  /**
   * Waits (at most a minute) for the process to end and for its output, hands what it printed to
   * {@code scanned} for the canary scan, and returns this run.
   */
  TimedRun finish(PackagedSecretctl scanned) throws Exception {
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the process finished").isTrue();
    exited = System.nanoTime() - started;
    out.get();
    scanned.printed(String.join("\n", lines()));
    scanned.printed(stderr());
    return this;
  }

  /**
   * Waits until the process has printed {@code count} lines, or its stdout ended, or a minute passed; returns
   * whether it printed them.
   */
  synchronized boolean awaitLines(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (lines.size() < count && !ended && System.nanoTime() < deadline) {
      TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, deadline - System.nanoTime()));
    }
    return lines.size() >= count;
  }

  /**
   * Sends the process SIGKILL ({@code ProcessHandle.destroyForcibly} on Linux), leaving its output to be read to
   * the end: {@code Process.destroyForcibly} would also close the streams, losing lines the process printed
   * just before.
   */
  void kill() {
    process.toHandle().destroyForcibly();
  }

  /** Returns the exit status; 137 when SIGKILL ended the process. */
  int exitCode() {
    return process.exitValue();
  }

  /** Returns the lines the process printed to stdout, in order. */
  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /** Returns everything the process printed to stderr. */
  String stderr() throws Exception {
    return err.get();
  }

  /** Returns when the {@code index}-th line of stdout arrived. */
  synchronized long arrival(int index) {
    return arrivals.get(index);
  }

  /** Returns when the process was seen to exit. */
  long exited() {
    return exited;
  }

  private void readLines(InputStream stream) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        long now = System.nanoTime() - started;
        synchronized (this) {
          lines.add(line);
          arrivals.add(now);
          notifyAll();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      synchronized (this) {
        ended = true;
        notifyAll();
      }
    }
  }

  private static String readAll(InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
