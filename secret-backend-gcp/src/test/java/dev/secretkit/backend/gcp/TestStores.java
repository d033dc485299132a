package dev.secretkit.backend.gcp;

import dev.secretkit.emulator.gcp.GcpSecretManagerEmulator;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.spi.support.Backoff;
import java.time.Clock;
import java.util.Map;

/**
 * Opens gcp-sm stores on an emulator's in-process channels for tests: no credentials, one attempt per call and no
 * waits unless the parameters say otherwise.
 */
final class TestStores {
  /** The project every test store uses. */
  static final String PROJECT = "test-project";

  private TestStores() {
  }

  /** Returns the URI of a store on {@code endpoint} (a loopback HOST:PORT) under {@code prefix}, plaintext. */
  static String uri(String endpoint, String prefix, String parameters) {
    String attempts = parameters.contains("maxAttempts=") ? "" : "&maxAttempts=1";
    String delay = parameters.contains("retryDelayMillis=") ? "" : "&retryDelayMillis=0";
    return "gcp-sm://" + PROJECT + "?endpoint=" + endpoint + "&tls=false&prefix=" + prefix + attempts + delay
        + (parameters.isEmpty() ? "" : "&" + parameters);
  }

  /**
   * Opens a store on a new in-process channel to {@code emulator} whose secrets are named under {@code prefix}, with
   * more URI {@code parameters} (such as {@code versionsRetained=3}) when not empty.
   */
  static SecretStore open(GcpSecretManagerEmulator emulator, String prefix, String parameters, Clock clock) {
    return provider(emulator).open(StoreConfig.parse(uri("in-process:1", prefix, parameters), Map.of(), clock));
  }

  /**
   * Opens such a store on a channel made to keep no version aliases or etags ({@link WithoutAliasesOrEtags}), as
   * implementations of the API other than Google's do.
   */
  static SecretStore openWithoutAliases(GcpSecretManagerEmulator emulator, String prefix, String parameters,
      Clock clock) {
    return new GcpSecretManagerStoreProvider(() -> new WithoutAliasesOrEtags(emulator.openChannel()), noWait(),
        () -> 0.5).open(StoreConfig.parse(uri("in-process:1", prefix, parameters), Map.of(), clock));
  }

  /** Returns a provider whose stores talk to {@code emulator} in process and never wait between retries. */
  static GcpSecretManagerStoreProvider provider(GcpSecretManagerEmulator emulator) {
    return new GcpSecretManagerStoreProvider(emulator::openChannel, noWait(), () -> 0.5);
  }

  /** Returns a sleeper that never waits. */
  static Backoff.Sleeper noWait() {
    return duration -> { };
  }
}
