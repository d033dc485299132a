/**
 * The {@code vault} store: HashiCorp Vault's KV version 2 secrets engine through vault-java-driver,
 * found by {@link java.util.ServiceLoader}; its one public type is the provider.
 *
 * @provides dev.secretkit.spi.SecretStoreProvider {@code vault://}
 */
module dev.secretkit.backend.vault {
  requires transitive dev.secretkit.core;
  requires vault.java.driver;
  requires java.net.http;

  exports dev.secretkit.backend.vault;

  provides dev.secretkit.spi.SecretStoreProvider with dev.secretkit.backend.vault.VaultSecretStoreProvider;
}
