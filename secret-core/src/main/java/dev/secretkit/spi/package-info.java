/**
 * For backend authors: the {@link dev.secretkit.spi.SecretStoreProvider} factory, the
 * {@link dev.secretkit.spi.SecretStore} session it opens, and the values they exchange; with the
 * metadata envelope every SPI 2 store persists with the values in one write
 * ({@link dev.secretkit.spi.SecretEnvelope}), the flat JSON payload that carries both where a
 * backend holds one document per secret ({@link dev.secretkit.spi.SecretPayload}), the parsing of
 * a store URI's parameters ({@link dev.secretkit.spi.StoreParameters}), and bases a store extends:
 * {@link dev.secretkit.spi.AbstractSecretStore} (description, limits, capabilities, the closed-store
 * guard and the refusal of writes over the limits), {@link dev.secretkit.spi.EnvelopeSecretStore}
 * (every read and write of a store that keeps each change as one backend document of values and
 * envelope, over a few backend calls), and {@link dev.secretkit.spi.ForwardingSecretStore} (for
 * decorators).
 *
 * <p>A backend ships one public provider class, registered for {@link java.util.ServiceLoader}
 * (and with {@code provides} in its {@code module-info}), and passes {@code secret-testkit}'s
 * contract kit.
 */
package dev.secretkit.spi;
