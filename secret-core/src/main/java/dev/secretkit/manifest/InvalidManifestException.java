package dev.secretkit.manifest;

import dev.secretkit.SecretException;
import java.util.List;
import java.util.Objects;

/**
 * Thrown when a manifest cannot be used, carrying every {@link Validation} that explains why.
 *
 * <p>Thrown by {@link dev.secretkit.manifest.ManifestReader} when a file cannot be parsed at all
 * (a syntax error, or input over the hostile-input limits), and by
 * {@link Validation#orThrow()} when a manifest has errors. The message lists the errors with
 * their paths, lines and columns; like every SecretKit message it holds no secret value.
 */
public class InvalidManifestException extends SecretException {
  private static final long serialVersionUID = 1L;

  private final transient List<Validation> validations;

  /** Creates the exception for the given results, each of which should hold at least one error. */
  public InvalidManifestException(List<Validation> validations) {
    super(describe(validations));
    this.validations = List.copyOf(validations);
  }

  /** Returns the results that hold the errors, in the order they were found. */
  public List<Validation> validations() {
    return validations;
  }

  private static String describe(List<Validation> validations) {
    Objects.requireNonNull(validations, "validations");
    StringBuilder text = new StringBuilder("invalid manifest");
    for (Validation validation : validations) {
      validation.errors().forEach(error -> text.append(System.lineSeparator())
          .append(validation.origin()).append(':').append(error));
    }
    return text.toString();
  }
}
