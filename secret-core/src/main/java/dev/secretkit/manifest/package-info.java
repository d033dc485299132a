/**
 * Secret manifests as written: the immutable model ({@link dev.secretkit.manifest.SecretManifest})
 * and {@link dev.secretkit.manifest.ManifestReader}, which reads YAML or JSON into it, keeping
 * the exact text of every value, the line and column of every node, expanding {@code $VAR} from
 * the caller's environment and loading {@code files:} relative to the manifest; and what is found
 * wrong with one: a {@link dev.secretkit.manifest.Validation} of
 * {@link dev.secretkit.manifest.Violation}s, thrown as an
 * {@link dev.secretkit.manifest.InvalidManifestException} by the reader, the validator, the
 * client and a store that refuses a secret over its limits.
 */
package dev.secretkit.manifest;
