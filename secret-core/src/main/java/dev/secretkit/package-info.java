/**
 * The words every part of SecretKit speaks, for applications and backend authors alike: secret
 * ids and references, secrets, their metadata and versions, values that never print themselves,
 * the results of a plan and an apply, and the exceptions every SecretKit operation may throw.
 *
 * <p>Applications start at {@link dev.secretkit.client.SecretClient}. Packages form layers, each
 * using only the ones below it: this package (over {@code access}); {@code spi.support}; {@code
 * manifest}; {@code validation} and {@code spi}; the stores; {@code client}. No type in this
 * library puts a secret value into a {@code toString}, an exception message or a log line.
 */
package dev.secretkit;
