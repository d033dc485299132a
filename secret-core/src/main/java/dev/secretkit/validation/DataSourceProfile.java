package dev.secretkit.validation;

import java.util.Objects;
import java.util.Set;

/**
 * The keys a secret for one data source or code repository holds, as the DataOS docs give them.
 *
 * <p>A manifest checked against a profile must hold every required key (in {@code data} or
 * {@code files}), must not hold a forbidden one, and gets a warning for any key the profile
 * does not know. Instances are immutable.
 *
 * @param name the profile's name, as used with {@code --source} and in a {@code source:<name>} tag
 * @param title the data source's name for people, such as {@code PostgreSQL}
 * @param repository whether this is a code repository (type {@code key-value}) rather than a data source
 * @param required keys that must be present
 * @param optional keys that may be present
 * @param fileKeys the required or optional keys that normally come from {@code files:}
 * @param forbidden keys that belong to another way of connecting and must not be present
 */
public record DataSourceProfile(
    String name,
    String title,
    boolean repository,
    Set<String> required,
    Set<String> optional,
    Set<String> fileKeys,
    Set<String> forbidden) {

  /** Copies the sets and checks nothing is null. */
  public DataSourceProfile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(title, "title");
    required = Set.copyOf(required);
    optional = Set.copyOf(optional);
    fileKeys = Set.copyOf(fileKeys);
    forbidden = Set.copyOf(forbidden);
  }

  /** Returns whether {@code key} is required or optional here. */
  public boolean knows(String key) {
    return required.contains(key) || optional.contains(key);
  }

  /** Returns the secret type the docs use for this source: {@code key-value} for repositories, else {@code key-value-properties}. */
  public String documentedType() {
    return repository ? "key-value" : "key-value-properties";
  }
}
