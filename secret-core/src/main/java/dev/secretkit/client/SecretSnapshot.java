package dev.secretkit.client;

import dev.secretkit.SecretException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretValue;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every key of one version of one secret, as one read returned it, so that values used together
 * come from the same version: what a projection renders from.
 *
 * <p>The values are fresh copies the caller owns; {@link #destroy()} zeroes them all. Like
 * {@link Resolution}, a snapshot served stale holds the transient failure that made it so.
 * {@link #toString()} names the secret, version and key names, never a value.
 *
 * @param id the secret
 * @param version the version every value belongs to
 * @param values every key with its value, sorted by key
 * @param fileNames for each key that came from a manifest's {@code files:}, the file's name
 * @param failure the transient failure for which the values were served stale; empty when fresh
 */
public record SecretSnapshot(SecretId id, long version, SortedMap<String, SecretValue> values,
    Map<String, String> fileNames, Optional<SecretException> failure) {

  /** Copies the maps (not the values, which the snapshot takes over) and checks nothing is null. */
  public SecretSnapshot {
    Objects.requireNonNull(id, "id");
    values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
    fileNames = Map.copyOf(fileNames);
    Objects.requireNonNull(failure, "failure");
  }

  /** Returns whether the values outlived their time-to-live because the store could not be reached. */
  public boolean stale() {
    return failure.isPresent();
  }

  /** Zeroes every value. */
  public void destroy() {
    values.values().forEach(SecretValue::destroy);
  }

  @Override
  public String toString() {
    return "SecretSnapshot[" + id + " version " + version + ", keys=" + values.keySet()
        + (failure.isPresent() ? ", stale after " + failure.get().getClass().getSimpleName() : "") + "]";
  }
}
