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
 * What one record file holds: a secret's metadata, its revision and its retained versions, oldest
 * first, numbered without gaps up to {@code versionCount}, the latest version's number. A record
 * may be read with only some of its versions in {@code versions} (such as the latest), and a
 * version read without its values has their keys only.
 */
record SecretRecord(SecretId id, String revision, SecretMetadata metadata, long versionCount,
    List<Version> versions) {

  SecretRecord {
    versions = List.copyOf(versions);
    if (versionCount < 1) {
      throw new IllegalArgumentException("a record holds at least one version");
    }
  }

  /** Returns a record of every version in {@code versions}, which must be all those retained, oldest first. */
  static SecretRecord of(SecretId id, String revision, SecretMetadata metadata, List<Version> versions) {
    return new SecretRecord(id, revision, metadata, versions.get(versions.size() - 1).version().number(), versions);
  }

  /** Returns the number of the oldest version retained; the record must have been read with all of them. */
  long firstVersion() {
    return versions.get(0).version().number();
  }

  /** One version; {@code values} is empty unless it was decoded, and keys keep their order either way. */
  record Version(SecretVersion version, List<String> keys, Map<String, SecretValue> values) {
    Version {
      keys = List.copyOf(keys);
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
  }

  /** Returns the latest version; it must have been read. */
  Version latest() {
    return version(versionCount).orElseThrow(() -> new IllegalStateException("the latest version was not read"));
  }

  /** Returns version {@code number}, or empty when there is none or it was not read. */
  Optional<Version> version(long number) {
    return versions.stream().filter(v -> v.version().number() == number).findFirst();
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
    return "SecretRecord[" + id + ", revision " + revision + ", " + versionCount + " versions]";
  }
}
