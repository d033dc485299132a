package dev.secretkit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One version of a secret, with its values and metadata, as the client returns it.
 *
 * <p>Values are {@link SecretValue}s: they stay redacted in {@code toString} until the caller
 * reveals them with {@link SecretValue#asString()} or {@link SecretValue#bytes()}. Every value
 * comes from the same version. Instances are immutable.
 *
 * @param id the secret's id
 * @param version the version these values belong to
 * @param metadata the secret's metadata, as of the read
 * @param values the values, by key, in the order they were written
 */
public record Secret(SecretId id, SecretVersion version, SecretMetadata metadata, Map<String, SecretValue> values) {

  /** Checks every part and copies the values, keeping their order. */
  public Secret {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(metadata, "metadata");
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** Returns the keys, in the order they were written. */
  public Set<String> keys() {
    return values.keySet();
  }

  /**
   * Returns the value of {@code key}.
   *
   * @throws SecretNotFoundException if this version has no such key; the message lists the keys it has
   */
  public SecretValue value(String key) {
    SecretValue value = values.get(key);
    if (value == null) {
      throw new SecretNotFoundException(SecretNotFoundException.Missing.KEY,
          id + "#" + key + "@" + version.number(), null, "the secret holds " + String.join(", ", values.keySet()));
    }
    return value;
  }
}
