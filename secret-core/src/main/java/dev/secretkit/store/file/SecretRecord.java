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
 * What a secret's record file holds: its metadata, revision, the numbers of its oldest retained
 * and latest versions, and versions, of which only some may have been read.
 *
 * <p>A format-2 record holds its latest version only; the older ones are files of their own, bound
 * to the record's {@code incarnation}, so a write costs the same however many versions are kept.
 * Its {@code sequence} grows by one with every write of the secret, and the store's
 * {@link RollbackIndex} remembers it, so an older copy of the file is recognised. A format-1 record
 * (legacy: null incarnation, sequence 0) holds every retained version itself, oldest first.
 * A version read without its values has their keys only.
 */
record SecretRecord(SecretId id, String revision, String incarnation, long sequence, SecretMetadata metadata,
    long versionCount, long firstVersion, List<Version> versions) {

  SecretRecord {
    versions = List.copyOf(versions);
    if (versionCount < 1 || firstVersion < 1 || firstVersion > versionCount) {
      throw new IllegalArgumentException("a record holds at least one version, its latest");
    }
  }

  /** Returns whether this is a format-1 record, which holds all its versions. */
  boolean legacy() {
    return incarnation == null;
  }

  /** One version; {@code values} is empty unless it was decoded, and keys keep their order either way. */
  record Version(SecretVersion version, List<String> keys, Map<String, SecretValue> values) {
    Version {
      keys = List.copyOf(keys);
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    long number() {
      return version.number();
    }

    void wipe() {
      values.values().forEach(SecretValue::destroy);
    }
  }

  /** Returns the latest version; it must have been read. */
  Version latest() {
    return version(versionCount).orElseThrow(() -> new IllegalStateException("the latest version was not read"));
  }

  /** Returns version {@code number}, or empty when there is none or it was not read. */
  Optional<Version> version(long number) {
    return versions.stream().filter(v -> v.number() == number).findFirst();
  }

  /** Wipes every decoded value but those of {@code keep}, which the caller hands on. */
  void wipeExcept(Version keep) {
    for (Version version : versions) {
      if (version != keep) {
        version.wipe();
      }
    }
  }

  @Override
  public String toString() {
    return "SecretRecord[" + id + ", revision " + revision + ", versions " + firstVersion + " to " + versionCount + "]";
  }
}
