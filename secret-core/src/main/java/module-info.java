/**
 * SecretKit's core: the client, the manifest model and validator, access rules, the store SPI with
 * its support helpers, and the in-memory and encrypted file stores. Everything but
 * {@code dev.secretkit.internal} is exported; stores are found through {@link java.util.ServiceLoader}.
 *
 * @uses dev.secretkit.spi.SecretStoreProvider the stores a {@link dev.secretkit.client.StoreRegistry} finds
 * @provides dev.secretkit.spi.SecretStoreProvider {@code memory:} and {@code file:}
 */
module dev.secretkit.core {
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires org.yaml.snakeyaml;

  exports dev.secretkit;
  exports dev.secretkit.access;
  exports dev.secretkit.client;
  exports dev.secretkit.manifest;
  exports dev.secretkit.spi;
  exports dev.secretkit.spi.support;
  exports dev.secretkit.store.file;
  exports dev.secretkit.store.memory;
  exports dev.secretkit.validation;

  uses dev.secretkit.spi.SecretStoreProvider;

  provides dev.secretkit.spi.SecretStoreProvider with
      dev.secretkit.store.memory.InMemorySecretStoreProvider,
      dev.secretkit.store.file.FileSecretStoreProvider;
}
