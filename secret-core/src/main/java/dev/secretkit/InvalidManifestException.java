package dev.secretkit;

import dev.secretkit.manifest.SecretManifest;
import dev.secretkit.spi.StoreLimits;
import dev.secretkit.validation.Severity;
import dev.secretkit.validation.Validation;
import dev.secretkit.validation.Violation;
import java.util.ArrayList;
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

  /**
   * Returns the error of a store that refuses secret {@code id} for breaking its limits: one
   * finding per problem, whose path points at the key, the secret or the metadata concerned.
   *
   * @param id the secret
   * @param store the store's description, without credentials
   * @param problems what the store refuses, from {@link dev.secretkit.spi.SecretStore#problems}; at least one
   */
  public static InvalidManifestException refusedByStore(SecretId id, String store, List<StoreLimits.Problem> problems) {
    return new InvalidManifestException(List.of(new Validation("secret " + id, 0, findings(problems, store, null),
        null)));
  }

  /**
   * Returns one finding per problem a store has with a secret: its path points at the key (under
   * {@code data} or {@code files}, in the section {@code manifest} has), at the section, or at the
   * document for metadata, and its hint says what to make smaller.
   *
   * @param problems what the store refuses, from {@link dev.secretkit.spi.SecretStore#problems}
   * @param store the store's description, without credentials
   * @param manifest the manifest the secret comes from, or null when not known
   */
  public static List<Violation> findings(List<StoreLimits.Problem> problems, String store, SecretManifest manifest) {
    String section = manifest != null && manifest.isInstanceSecret() ? "instance-secret" : "secret";
    List<Violation> violations = new ArrayList<>();
    for (StoreLimits.Problem problem : problems) {
      boolean fromFile = problem.key() != null && manifest != null
          && manifest.secret().files().containsKey(problem.key());
      String path = problem.key() != null ? section + (fromFile ? ".files." : ".data.") + problem.key()
          : problem.metadata() ? Violation.DOCUMENT_PATH : section;
      violations.add(new Violation(Severity.ERROR, path, 0, 0, problem.message() + " (store " + store + ")",
          problem.metadata() ? "remove tags, grants or dependents, or shorten the description"
              : "make the secret smaller, or split it into several secrets"));
    }
    return violations;
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
