package dev.secretkit.store.file;

import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.SecretVersion;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one record file holds: a secret's metadata, its revision and every version, oldest first.
 * A version read without its values has their keys only.
 */
record SecretRecord(SecretId id, String revision, SecretMetadata metadata, List<Version> versions) {

  SecretRecord {
    versions = List.copyOf(versions);
    if (versions.isEmpty()) {
      throw new IllegalArgumentException("a record holds at least one version");
    }
  }

  /** One version; {@code values} is empty unless it was decoded, and keys keep their order either way. */
  record Version(SecretVersion version, List<String> keys, Map<String, SecretValue> values) {
    Version {
      keys = List.copyOf(keys);
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
  }

  Version latest() {
    return versions.get(versions.size() - 1);
  }

  Optional<Version> version(long number) {
    return number < 1 || number > versions.size() ? Optional.empty() : Optional.of(versions.get((int) number - 1));
  }

  /** Wipes every decoded value but those of {@code keep}, which the caller hands on. */
  void wipeExcept(Version keep) {
    for (Version version : versions) {
      if (version != keep) {
        version.values().values().forEach(SecretValue::destroy);
      }
    }
  }

  @Override
  public String toString() {
    return "SecretRecord[" + id + ", revision " + revision + ", " + versions.size() + " versions]";
  }
}
