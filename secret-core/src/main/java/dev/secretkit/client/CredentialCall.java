package dev.secretkit.client;

import dev.secretkit.SecretValue;

/**
 * Work that uses a credential, such as opening a database connection with a password, for a
 * {@link CredentialRefresher} to run again with a fresh credential when it is refused.
 *
 * @param <T> what the work returns
 * @param <E> the checked exception it may throw, such as {@link java.sql.SQLException}
 */
@FunctionalInterface
public interface CredentialCall<T, E extends Exception> {

  /** Does the work with {@code credential}, which the refresher destroys when the work returns. */
  T call(SecretValue credential) throws E;
}
