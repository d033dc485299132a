/**
 * Projections: deliver selected secret values to a workload as DataOS consumers declare them. A
 * {@link dev.secretkit.projection.ConsumerReader} reads a consumer's manifest (V1
 * {@code dataosSecrets}, V2 {@code projection}) into {@link dev.secretkit.projection.Consumer}s;
 * a {@link dev.secretkit.projection.ProjectionRenderer} renders them from one version of each secret
 * into a {@link dev.secretkit.projection.RenderedProjection} (environment, properties, files,
 * arguments); a {@link dev.secretkit.projection.SecretDirectory} swaps files in atomically; a
 * {@link dev.secretkit.projection.Projection} keeps it all current; and
 * {@link dev.secretkit.projection.ConsumerDependents} records the consumer among the dependents of
 * the secrets it uses.
 */
package dev.secretkit.projection;
