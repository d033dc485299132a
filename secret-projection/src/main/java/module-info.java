/**
 * SecretKit's projections: consumer manifests read into models, rendered from one version of each
 * secret into environment variables, properties, files swapped in atomically and command
 * arguments, and kept current.
 *
 * <p>liqp, the liquid engine, is an automatic module; its warning is suppressed here on purpose,
 * since no named release of it exists.
 */
@SuppressWarnings("requires-automatic")
module dev.secretkit.projection {
  requires transitive dev.secretkit.core;
  requires liqp;

  exports dev.secretkit.projection;
  exports dev.secretkit.projection.template;
}
