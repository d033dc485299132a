package dev.secretkit.backend.vault;

import dev.secretkit.emulator.vault.AppRoleCredentials;
import dev.secretkit.emulator.vault.VaultEmulator;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.testkit.Canaries;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens vault stores on an emulator for tests: the root token in {@code VAULT_TOKEN}, plain HTTP to loopback,
 * a prefix of the test's own, and retries that wait through a recording sleeper instead of sleeping.
 */
final class TestStores {
  /** Every wait the stores opened here asked for, in order. */
  static final List<Duration> WAITS = Collections.synchronizedList(new ArrayList<>());

  private TestStores() {
  }

  /** Returns the URI of a store on {@code vault} under {@code prefix}, with more {@code parameters} when not empty. */
  static String uri(VaultEmulator vault, String prefix, String parameters) {
    return "vault://127.0.0.1:" + vault.address().getPort() + "/secret?tls=false&prefix=" + prefix
        + "&retryDelayMillis=10" + (parameters.isEmpty() ? "" : "&" + parameters);
  }

  /**
   * Returns the URI of a store on {@code vault} under the default prefix, with {@code parameters} when not empty;
   * each call is tried once unless they name {@code maxAttempts}.
   */
  static String uri(VaultEmulator vault, String parameters) {
    return "vault://127.0.0.1:" + vault.address().getPort() + "/secret?tls=false"
        + (parameters.contains("maxAttempts") ? "" : "&maxAttempts=1") + (parameters.isEmpty() ? "" : "&" + parameters);
  }

  /** Returns the AppRole variables of {@code app}, its role id and secret id planted as canaries. */
  static Map<String, String> appRole(AppRoleCredentials app, Canaries canaries) {
    return Map.of("VAULT_ROLE_ID", canaries.plant(app.roleId()), "VAULT_SECRET_ID", canaries.plant(app.secretId()));
  }

  /** Opens a store on {@code vault} under {@code prefix} with the root token. */
  static SecretStore open(VaultEmulator vault, String prefix, String parameters, Clock clock) {
    return open(uri(vault, prefix, parameters), Map.of("VAULT_TOKEN", vault.rootToken()), clock);
  }

  /** Opens the store {@code uri} names with {@code environment}. */
  static SecretStore open(String uri, Map<String, String> environment, Clock clock) {
    Map<String, String> env = new HashMap<>(environment);
    env.putIfAbsent("HOME", "/nonexistent-home-for-tests");
    return provider().open(StoreConfig.parse(uri, env, clock));
  }

  /** Opens the store {@code uri} names with {@code environment}, printing its warnings on {@code warnings}. */
  static SecretStore open(String uri, Map<String, String> environment, Clock clock, PrintStream warnings) {
    return open(uri, environment, clock, warnings, VaultSession.REVOKE_TIMEOUT);
  }

  /** Opens the store as the method above does, a revocation waiting {@code revokeTimeout} at most. */
  static SecretStore open(String uri, Map<String, String> environment, Clock clock, PrintStream warnings,
      Duration revokeTimeout) {
    Map<String, String> env = new HashMap<>(environment);
    env.putIfAbsent("HOME", "/nonexistent-home-for-tests");
    return new VaultSecretStoreProvider(WAITS::add, () -> 0.5, warnings, revokeTimeout)
        .open(StoreConfig.parse(uri, env, clock));
  }

  /** Returns a provider whose stores record their waits in {@link #WAITS} and jitter to half the bound. */
  static VaultSecretStoreProvider provider() {
    return new VaultSecretStoreProvider(WAITS::add, () -> 0.5, null);
  }
}
