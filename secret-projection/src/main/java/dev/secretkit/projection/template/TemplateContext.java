package dev.secretkit.projection.template;

import dev.secretkit.SecretValue;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The secrets a template renders against: each declared context alias with the keys and values of
 * one version of its secret. It holds the caller's values without copying them; its
 * {@link #toString()} shows aliases and key names only.
 */
public final class TemplateContext {
  private final SortedMap<String, SortedMap<String, SecretValue>> secrets;

  /**
   * Creates a context over {@code secrets}, alias to key to value; the values are not copied, and
   * the caller destroys them after rendering.
   */
  public TemplateContext(Map<String, ? extends Map<String, SecretValue>> secrets) {
    SortedMap<String, SortedMap<String, SecretValue>> copy = new TreeMap<>();
    secrets.forEach((alias, values) -> copy.put(Objects.requireNonNull(alias, "alias"),
        Collections.unmodifiableSortedMap(new TreeMap<>(values))));
    this.secrets = Collections.unmodifiableSortedMap(copy);
  }

  /** Returns the declared aliases, sorted. */
  public SortedSet<String> aliases() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(secrets.keySet()));
  }

  /** Returns the key names of the secret {@code alias} names, sorted; empty when no such alias is declared. */
  public Optional<SortedSet<String>> keys(String alias) {
    SortedMap<String, SecretValue> values = secrets.get(alias);
    return values == null ? Optional.empty() : Optional.of(Collections.unmodifiableSortedSet(
        new TreeSet<>(values.keySet())));
  }

  /**
   * Returns the value of {@code key} in the secret {@code alias} names, not copied: read it with
   * {@link SecretValue#bytes()} or {@link SecretValue#asString()}, never destroy it.
   */
  public Optional<SecretValue> value(String alias, String key) {
    SortedMap<String, SecretValue> values = secrets.get(alias);
    return values == null ? Optional.empty() : Optional.ofNullable(values.get(key));
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("TemplateContext[");
    secrets.forEach((alias, values) -> text.append(text.length() > 16 ? ", " : "").append(alias)
        .append('=').append(values.keySet()));
    return text.append(']').toString();
  }
}
