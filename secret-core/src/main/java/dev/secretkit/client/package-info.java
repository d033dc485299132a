/**
 * Where applications start: {@link dev.secretkit.client.SecretClient}, built by
 * {@link dev.secretkit.client.SecretClientBuilder} over a store that
 * {@link dev.secretkit.client.StoreRegistry} finds by type. The client checks access, plans and
 * applies manifests with optimistic writes, and resolves references.
 *
 * <p>Manifests are read by {@link dev.secretkit.manifest.ManifestReader} and checked by
 * {@link dev.secretkit.validation.Validator}; the client does both when given a path.
 */
package dev.secretkit.client;
