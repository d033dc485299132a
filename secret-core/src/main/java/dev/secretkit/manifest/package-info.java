/**
 * Secret manifests as written: the immutable model ({@link dev.secretkit.manifest.SecretManifest})
 * and {@link dev.secretkit.manifest.ManifestReader}, which reads YAML or JSON into it, keeping
 * the exact text of every value, the line and column of every node, expanding {@code $VAR} from
 * the caller's environment and loading {@code files:} relative to the manifest.
 */
package dev.secretkit.manifest;
