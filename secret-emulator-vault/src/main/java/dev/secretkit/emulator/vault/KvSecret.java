package dev.secretkit.emulator.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One KV v2 key: its metadata (what {@code metadata/{path}} shows) and its versions. Mutable; its
 * {@link KvEngine} guards it.
 */
final class KvSecret {
  /** Vault's {@code defaultMaxVersions}. */
  static final long DEFAULT_MAX_VERSIONS = 10;

  /** One version of a key: when it was written, its soft-deletion time if any, and its data until destroyed. */
  static final class Version {
    final Instant created;
    Instant deletion;
    boolean destroyed;
    JsonNode data;

    Version(Instant created, Instant deletion, JsonNode data) {
      this.created = created;
      this.deletion = deletion;
      this.data = data;
    }

    /** Returns whether it reads as deleted at {@code now}: its deletion time has passed. */
    boolean deletedAt(Instant now) {
      return deletion != null && deletion.isBefore(now);
    }

    /** Returns {@code created_time}, {@code deletion_time} and {@code destroyed}, as reads and metadata show them. */
    ObjectNode describe() {
      ObjectNode fields = Wire.NODES.objectNode();
      fields.put("created_time", Wire.time(created));
      fields.put("deletion_time", Wire.time(deletion));
      fields.put("destroyed", destroyed);
      return fields;
    }
  }

  final Instant createdTime;
  Instant updatedTime;
  long currentVersion;
  long oldestVersion;
  long maxVersions;
  boolean casRequired;
  long deleteVersionAfterSeconds;
  Map<String, String> customMetadata;
  final TreeMap<Long, Version> versions = new TreeMap<>();

  KvSecret(Instant createdTime) {
    this.createdTime = createdTime;
    this.updatedTime = createdTime;
  }

  /**
   * Adds a version and moves the window of kept versions as Vault's {@code AddVersion} does: the key keeps
   * the larger of its own and the engine's {@code max_versions}, or 10 when neither is set.
   */
  Version addVersion(Instant created, Instant deletion, JsonNode data, long engineMaxVersions) {
    Version version = new Version(created, deletion, data);
    currentVersion++;
    versions.put(currentVersion, version);
    updatedTime = created;
    long keep = Math.max(maxVersions, engineMaxVersions);
    if (keep <= 0) {
      keep = DEFAULT_MAX_VERSIONS;
    }
    if (currentVersion - oldestVersion >= keep) {
      long lastToDrop = currentVersion - keep;
      versions.headMap(lastToDrop, true).clear();
      oldestVersion = lastToDrop + 1;
    }
    return version;
  }

  /** Returns the fields of {@code version} with the key's custom metadata, as data reads and writes show them. */
  ObjectNode versionMetadata(Version version) {
    ObjectNode fields = version.describe();
    fields.set("custom_metadata", Wire.stringMap(customMetadata));
    return fields;
  }
}
