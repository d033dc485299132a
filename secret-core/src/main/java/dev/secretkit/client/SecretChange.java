package dev.secretkit.client;

import dev.secretkit.SecretId;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A change a watch saw: which secret, the version it now has, and the names of the keys whose
 * values changed (added and removed keys included). It never holds a value.
 *
 * @param id the secret
 * @param version the version now latest
 * @param changedKeys the names of the keys that changed, sorted; never empty
 */
public record SecretChange(SecretId id, long version, Set<String> changedKeys) {

  /** Copies the key names, sorted, and checks that some key changed. */
  public SecretChange {
    Objects.requireNonNull(id, "id");
    changedKeys = Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(changedKeys, "changedKeys")));
    if (changedKeys.isEmpty()) {
      throw new IllegalArgumentException("a change names the keys that changed");
    }
  }
}
