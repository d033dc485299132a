/**
 * For backend authors: the {@link dev.secretkit.spi.SecretStoreProvider} factory, the
 * {@link dev.secretkit.spi.SecretStore} session it opens, and the values they exchange; with the
 * metadata envelope every SPI 2 store persists with the values in one write
 * ({@link dev.secretkit.spi.SecretEnvelope}), the flat JSON payload that carries both where a
 * backend holds one document per secret ({@link dev.secretkit.spi.SecretPayload}), the parsing of
 * a store URI's parameters ({@link dev.secretkit.spi.StoreParameters}), and a base for decorators
 * ({@link dev.secretkit.spi.ForwardingSecretStore}).
 *
 * <p>A backend ships one public provider class, registered for {@link java.util.ServiceLoader}
 * (and with {@code provides} in its {@code module-info}), and passes {@code secret-testkit}'s
 * contract kit.
 */
package dev.secretkit.spi;
