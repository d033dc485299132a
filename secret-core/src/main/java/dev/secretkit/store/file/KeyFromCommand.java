package dev.secretkit.store.file;

import dev.secretkit.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A command run with {@code /bin/sh -c} whose standard output is the key ring, as sops' {@code
 * SOPS_AGE_KEY_CMD} and git's credential helpers are run: in this process's environment with the
 * store's {@code environment} over it, its standard input and error this process's, so a password
 * manager may prompt; it must print and exit within {@code timeout}, or it is killed with its
 * children.
 */
record KeyFromCommand(String command, Duration timeout, Map<String, String> environment) implements KeySource {
  private static final int MAX_OUTPUT = 4096;

  KeyFromCommand {
    environment = Map.copyOf(environment);
  }

  @Override
  public String describe() {
    return "the key command in " + KeySource.COMMAND_VARIABLE;
  }

  @Override
  public KeyRing load(String store) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", "-c", command))
        .redirectInput(ProcessBuilder.Redirect.INHERIT)
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().putAll(environment);
    Process process = builder.start();
    byte[] output = new byte[MAX_OUTPUT + 1];
    AtomicInteger length = new AtomicInteger();
    Thread reader = new Thread(() -> read(process, output, length), "secretkit-key-command");
    reader.setDaemon(true);
    reader.start();
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      boolean exited = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
      reader.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (length.get() > MAX_OUTPUT) {
        kill(process);
        throw new ConfigurationException("cannot open store " + store + ": " + describe() + " printed more than "
            + MAX_OUTPUT + " bytes; it must print " + KeyRing.HOW_TO_MAKE);
      }
      if (!exited || reader.isAlive()) {
        kill(process);
        throw new ConfigurationException("cannot open store " + store + ": " + describe() + " did not finish within "
            + timeout.toMillis() + " ms; run it yourself to see what it waits for");
      }
      if (process.exitValue() != 0) {
        throw new ConfigurationException("cannot open store " + store + ": " + describe() + " failed with exit"
            + " status " + process.exitValue() + "; run it yourself to see why");
      }
      return KeyRing.parse(Arrays.copyOf(output, length.get()), describe(), store);
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + describe(), e);
    } finally {
      Arrays.fill(output, (byte) 0);
    }
  }

  /** Reads the command's output into {@code output} until it ends or overflows; run on its own thread. */
  private static void read(Process process, byte[] output, AtomicInteger length) {
    try (InputStream in = process.getInputStream()) {
      int read;
      while (length.get() < output.length && (read = in.read(output, length.get(), output.length - length.get())) > 0) {
        length.addAndGet(read);
      }
    } catch (IOException e) {
      // The command was killed, or its output closed: what was read is judged by the caller.
    }
  }

  /** Kills the command and every process it started that is still its descendant. */
  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  @Override
  public String toString() {
    return "KeyFromCommand[" + KeySource.COMMAND_VARIABLE + "]";
  }
}
