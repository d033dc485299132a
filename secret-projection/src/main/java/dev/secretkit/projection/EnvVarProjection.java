package dev.secretkit.projection;

import java.util.Objects;

/**
 * One environment variable a V2 projection renders.
 *
 * @param key the variable's name
 * @param template what its value is rendered from
 */
public record EnvVarProjection(String key, TemplateText template) {

  /** Checks nothing is null. */
  public EnvVarProjection {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(template, "template");
  }
}
