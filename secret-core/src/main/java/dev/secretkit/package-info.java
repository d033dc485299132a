/**
 * SecretKit's application API: the {@link dev.secretkit.SecretClient} and its builder, secret
 * ids and references, secrets and their metadata, values that never print themselves, the store
 * registry, and the exceptions every SecretKit operation may throw.
 *
 * <p>Manifests are read by {@link dev.secretkit.manifest.ManifestReader} and checked by
 * {@link dev.secretkit.validation.Validator}. No type in this library puts a secret value into
 * a {@code toString}, an exception message or a log line.
 */
package dev.secretkit;
