import dev.secretkit.emulator.aws.SecretsManagerEmulator;
import java.time.Clock;

/**
 * Serves the Secrets Manager emulator (secret-emulator-aws) on a loopback port for benchmarks/startup.sh: prints
 * its endpoint on a line of its own, then serves until its standard input closes. A single-file program, run with
 * {@code java -cp CLASSPATH benchmarks/AwsEmulator.java}; not part of the build.
 */
public final class AwsEmulator {
  private AwsEmulator() {
  }

  public static void main(String[] args) throws Exception {
    try (SecretsManagerEmulator emulator = new SecretsManagerEmulator(Clock.systemUTC()).start()) {
      System.out.println(emulator.endpoint());
      System.out.flush();
      System.in.transferTo(java.io.OutputStream.nullOutputStream());
    }
  }
}
