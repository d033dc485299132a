/**
 * For backend authors: the {@link dev.secretkit.spi.SecretStoreProvider} factory, the
 * {@link dev.secretkit.spi.SecretStore} session it opens, and the values they exchange.
 *
 * <p>A backend ships one public provider class, registered for {@link java.util.ServiceLoader},
 * and passes {@code secret-testkit}'s contract kit.
 */
package dev.secretkit.spi;
