/**
 * Checking Secret manifests: {@link dev.secretkit.validation.Validator} applies every rule for
 * the manifest's version and, when asked or tagged {@code source:<profile>}, the keys a data
 * source needs ({@link dev.secretkit.validation.DataSourceProfile}); the result is one
 * {@link dev.secretkit.manifest.Validation} with every {@link dev.secretkit.manifest.Violation} at once.
 */
package dev.secretkit.validation;
