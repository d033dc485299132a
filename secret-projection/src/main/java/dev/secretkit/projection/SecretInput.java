package dev.secretkit.projection;

import java.util.Objects;

/**
 * One secret a V2 projection reads, and the alias its templates call it by.
 *
 * @param id the secret, {@code <tenant>:<name>} or a bare name in the consumer's scope; a version may be pinned
 *     with {@code @N}
 * @param contextAlias the name templates use: {@code .secrets.<alias>} or {@code secrets['<alias>']}
 * @param location where the entry was written
 */
public record SecretInput(String id, String contextAlias, Location location) {

  /** Checks nothing is null. */
  public SecretInput {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(contextAlias, "contextAlias");
    Objects.requireNonNull(location, "location");
  }
}
