package dev.secretkit.projection;

import dev.secretkit.manifest.Validation;
import java.util.Objects;
import java.util.Optional;

/**
 * One document of a consumer manifest as read: the consumer, unless reading it found errors, and
 * every finding, each with its path, line, column and hint.
 *
 * @param consumer the consumer; empty when the document has errors
 * @param validation every finding of the document (its {@link Validation#manifest()} is null)
 */
public record ConsumerDocument(Optional<Consumer> consumer, Validation validation) {

  /** Checks nothing is null, and that a consumer comes only with a document free of errors. */
  public ConsumerDocument {
    Objects.requireNonNull(consumer, "consumer");
    Objects.requireNonNull(validation, "validation");
    if (consumer.isPresent() && !validation.errors().isEmpty()) {
      throw new IllegalArgumentException("a document with errors has no consumer");
    }
  }
}
