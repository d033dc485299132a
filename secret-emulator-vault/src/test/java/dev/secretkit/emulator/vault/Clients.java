package dev.secretkit.emulator.vault;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import java.net.http.HttpClient;

/** The real vault-java-driver on an emulator, configured as a store should be: one shared HttpClient, KV v2. */
final class Clients {
  /** One client for every test, HTTP/1.1 as the driver's own default. */
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private Clients() {
  }

  /** Returns a driver on {@code vault} with {@code token}, in the root namespace. */
  static Vault driver(VaultEmulator vault, String token) throws VaultException {
    return driver(vault, token, null);
  }

  /** Returns a driver on {@code vault} with {@code token} (none when null) and {@code namespace} (none when null). */
  static Vault driver(VaultEmulator vault, String token, String namespace) throws VaultException {
    VaultConfig config = new VaultConfig().address(vault.address().toString()).engineVersion(2).httpClient(HTTP);
    if (token != null) {
      config.token(token);
    }
    if (namespace != null) {
      config.nameSpace(namespace);
    }
    return Vault.create(config.build(), 2);
  }
}
