package dev.secretkit.store.file;

import dev.secretkit.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command run with {@code /bin/sh -c} whose standard output is the key ring, as sops' {@code
 * SOPS_AGE_KEY_CMD} and git's credential helpers are run: its standard input and error are this
 * process's, so a password manager may prompt; it must finish within {@code timeout}.
 */
record KeyFromCommand(String command, Duration timeout) implements KeySource {
  private static final int MAX_OUTPUT = 4096;

  @Override
  public String describe() {
    return "the key command in " + KeySource.COMMAND_VARIABLE;
  }

  @Override
  public KeyRing load(String store) throws IOException {
    Process process = new ProcessBuilder(List.of("/bin/sh", "-c", command))
        .redirectInput(ProcessBuilder.Redirect.INHERIT)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    byte[] output = new byte[MAX_OUTPUT + 1];
    int length = 0;
    try (InputStream in = process.getInputStream()) {
      for (int read; length < output.length && (read = in.read(output, length, output.length - length)) > 0; ) {
        length += read;
      }
      if (length > MAX_OUTPUT) {
        process.destroyForcibly();
        throw new ConfigurationException("cannot open store " + store + ": " + describe() + " printed more than "
            + MAX_OUTPUT + " bytes; it must print " + KeyRing.HOW_TO_MAKE);
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new ConfigurationException("cannot open store " + store + ": " + describe() + " did not finish within "
            + timeout.toSeconds() + " s; run it yourself to see what it waits for");
      }
      if (process.exitValue() != 0) {
        throw new ConfigurationException("cannot open store " + store + ": " + describe() + " failed with exit"
            + " status " + process.exitValue() + "; run it yourself to see why");
      }
      return KeyRing.parse(Arrays.copyOf(output, length), describe(), store);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + describe(), e);
    } finally {
      Arrays.fill(output, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "KeyFromCommand[" + KeySource.COMMAND_VARIABLE + "]";
  }
}
