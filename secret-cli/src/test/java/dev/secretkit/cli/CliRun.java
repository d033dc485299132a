package dev.secretkit.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * One in-process run of {@code secretctl}: its exit status and everything it printed.
 *
 * @param exitCode the status {@code main} would exit with
 * @param out what went to stdout
 * @param err what went to stderr
 */
record CliRun(int exitCode, String out, String err) {

  /** Runs {@code secretctl args} with {@code environment} as the process environment and no input. */
  static CliRun secretctl(Map<String, String> environment, String... args) {
    return secretctlWithInput("", environment, args);
  }

  /** Runs {@code secretctl args} with {@code input} (UTF-8) as standard input. */
  static CliRun secretctlWithInput(String input, Map<String, String> environment, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Charset charset = Charset.defaultCharset();
    int exitCode = SecretCtl.run(args, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, charset), new PrintStream(err, true, charset), environment);
    return new CliRun(exitCode, out.toString(charset), err.toString(charset));
  }

  /**
   * Returns the environment of a user olivia whose home is {@code home}: the default store is the
   * file store in {@code home/.secretkit}, sealed with a fixed (all-zero, fake) master key.
   */
  static Map<String, String> fileStoreUser(Path home) {
    return Map.of("HOME", home.toString(), "USER", "olivia",
        "SECRETKIT_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[32]));
  }

  /** Runs {@code secretctl args} with an empty environment. */
  static CliRun secretctl(String... args) {
    return secretctl(Map.of(), args);
  }
}
