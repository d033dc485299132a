package dev.secretkit.backend.aws;

import dev.secretkit.SecretId;
import dev.secretkit.emulator.aws.SecretsManagerEmulator;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;

/**
 * For PlainHttpClientTest, in a JVM of its own that logs the classes it loads: reads through an aws-sm store on the
 * emulator's plain endpoint, prints {@value #HTTPS} on a line, then opens a store on an https endpoint.
 */
public final class PlainEndpointRead {
  /** The line printed between the read on the plain endpoint and the store on the https one. */
  static final String HTTPS = "--- now an https endpoint";

  private PlainEndpointRead() {
  }

  /** Runs both steps; exits with 0 if the read found no secret, as expected, else throws. */
  public static void main(String[] args) {
    ManualClock clock = new ManualClock();
    try (SecretsManagerEmulator aws = new SecretsManagerEmulator(clock).start();
        SecretStore store = TestStores.open(aws.endpoint(), "plain", "", clock)) {
      if (store.read(SecretId.of("public", "absent")).isPresent()) {
        throw new IllegalStateException("the emulator holds no secret, yet one was read");
      }
    }
    System.out.println(HTTPS);
    System.out.flush();
    TestStores.open("https://127.0.0.1:1", "tls", "", clock).close();
  }
}
