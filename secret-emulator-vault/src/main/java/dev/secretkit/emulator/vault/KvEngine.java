package dev.secretkit.emulator.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * One mount of the KV version 2 secrets engine: its configuration and its keys, with the semantics of
 * vault-plugin-secrets-kv's {@code path_data}, {@code path_metadata}, {@code path_delete},
 * {@code path_destroy} and {@code path_config}. Each method handles one request and returns its answer or
 * throws a {@link VaultError}; the caller serializes them.
 */
final class KvEngine {
  static final String MOUNT_TYPE = "kv";

  private static final int MAX_CUSTOM_METADATA_KEYS = 64;
  private static final int MAX_CUSTOM_METADATA_KEY_LENGTH = 128;
  private static final int MAX_CUSTOM_METADATA_VALUE_LENGTH = 512;
  private static final String CUSTOM_METADATA_FAILED = "custom_metadata validation failed";

  private final Map<String, KvSecret> secrets = new HashMap<>();
  private long maxVersions;
  private boolean casRequired;
  /** Zero when unset, negative when disabled for every key. */
  private long deleteVersionAfterSeconds;

  /** Returns whether {@code key} has metadata, which decides between Vault's create and update capabilities. */
  boolean exists(String key) {
    return secrets.containsKey(key);
  }

  // ---- data ---------------------------------------------------------------------------------

  /** Reads the current version, or {@code version} when it is a positive number. */
  Reply read(String key, String version, Instant now) {
    KvSecret secret = secrets.get(key);
    if (secret == null) {
      throw VaultError.notFound();
    }
    long number = secret.currentVersion;
    if (version != null) {
      long asked = Wire.integer(Wire.NODES.textNode(version), "version");
      if (asked > 0) {
        number = asked;
      }
    }
    KvSecret.Version found = secret.versions.get(number);
    if (found == null) {
      throw VaultError.notFound();
    }
    ObjectNode metadata = secret.versionMetadata(found);
    metadata.put("version", number);
    ObjectNode data = Wire.NODES.objectNode();
    data.set("metadata", metadata);
    if (found.deletedAt(now) || found.destroyed) {
      data.putNull("data");
      throw VaultError.withBody(404, Wire.envelope(data, null, MOUNT_TYPE));
    }
    data.set("data", found.data);
    return ok(data, null);
  }

  /** Writes a new version from {@code {"data": {...}, "options": {"cas": N}}}. */
  Reply write(String key, JsonNode body, Instant now) {
    JsonNode data = body.get("data");
    if (data == null || data.isNull()) {
      throw VaultError.badRequest("no data provided");
    }
    if (!data.isObject()) {
      throw VaultError.badRequest("error converting input " + data + " for field \"data\": expected a JSON object");
    }
    JsonNode options = body.get("options");
    if (options != null && !options.isNull() && !options.isObject()) {
      throw VaultError.badRequest("error converting input " + options + " for field \"options\": "
          + "expected a JSON object");
    }
    KvSecret secret = secrets.get(key);
    KvSecret candidate = secret != null ? secret : new KvSecret(now);
    checkAndSet(options, candidate);
    Instant deletion = null;
    if (deleteVersionAfterSeconds >= 0) {
      deletion = deletionTime(now, deleteVersionAfterSeconds, candidate.deleteVersionAfterSeconds);
    }
    KvSecret.Version version = candidate.addVersion(now, deletion, Wire.sorted(data), maxVersions);
    secrets.put(key, candidate);
    ObjectNode written = candidate.versionMetadata(version);
    written.put("version", candidate.currentVersion);
    return ok(written, null);
  }

  /** Soft-deletes the current version, unless it is missing, already deleted or destroyed. */
  Reply deleteLatest(String key, Instant now) {
    KvSecret secret = secrets.get(key);
    if (secret != null) {
      KvSecret.Version latest = secret.versions.get(secret.currentVersion);
      if (latest != null && !latest.destroyed && !latest.deletedAt(now)) {
        latest.deletion = now;
      }
    }
    return Reply.noContent();
  }

  /** Soft-deletes the versions {@code {"versions": [...]}} lists; missing, deleted or destroyed ones are skipped. */
  Reply deleteVersions(String key, JsonNode body, Instant now) {
    List<Long> numbers = versions(body, "No version number provided");
    KvSecret secret = secrets.get(key);
    if (secret != null) {
      for (long number : numbers) {
        KvSecret.Version version = secret.versions.get(number);
        if (version != null && !version.destroyed && !version.deletedAt(now)) {
          version.deletion = now;
        }
      }
    }
    return Reply.noContent();
  }

  /**
   * Restores the versions listed, except destroyed ones; a restored version gets a new deletion time if
   * {@code delete_version_after} applies, counted from now.
   */
  Reply undelete(String key, JsonNode body, Instant now) {
    List<Long> numbers = versions(body, "No version number provided");
    KvSecret secret = secrets.get(key);
    if (secret != null) {
      for (long number : numbers) {
        KvSecret.Version version = secret.versions.get(number);
        if (version != null && !version.destroyed) {
          version.deletion = deleteVersionAfterSeconds < 0 ? null
              : deletionTime(now, deleteVersionAfterSeconds, secret.deleteVersionAfterSeconds);
        }
      }
    }
    return Reply.noContent();
  }

  /** Destroys the versions listed: marks them destroyed and drops their data for good. */
  Reply destroy(String key, JsonNode body) {
    List<Long> numbers = versions(body, "no version number provided");
    KvSecret secret = secrets.get(key);
    if (secret != null) {
      for (long number : numbers) {
        KvSecret.Version version = secret.versions.get(number);
        if (version != null) {
          version.destroyed = true;
          version.data = null;
        }
      }
    }
    return Reply.noContent();
  }

  // ---- metadata -----------------------------------------------------------------------------

  /** Lists the keys and folders (ending in {@code /}) right under {@code prefix}, which is "" or ends in {@code /}. */
  Reply list(String prefix) {
    TreeSet<String> keys = new TreeSet<>();
    for (String key : secrets.keySet()) {
      if (key.startsWith(prefix) && key.length() > prefix.length()) {
        String rest = key.substring(prefix.length());
        int slash = rest.indexOf('/');
        keys.add(slash < 0 ? rest : rest.substring(0, slash + 1));
      }
    }
    if (keys.isEmpty()) {
      throw VaultError.notFound();
    }
    ObjectNode data = Wire.NODES.objectNode();
    data.set("keys", Wire.strings(keys));
    return ok(data, null);
  }

  /** Reads a key's metadata and the state of each version it keeps. */
  Reply readMetadata(String key) {
    KvSecret secret = secrets.get(key);
    if (secret == null) {
      throw VaultError.notFound();
    }
    ObjectNode versions = Wire.NODES.objectNode();
    secret.versions.forEach((number, version) -> versions.set(Long.toString(number), version.describe()));
    ObjectNode data = Wire.NODES.objectNode();
    data.put("cas_required", secret.casRequired);
    data.put("created_time", Wire.time(secret.createdTime));
    data.put("current_version", secret.currentVersion);
    data.set("custom_metadata", Wire.stringMap(secret.customMetadata));
    data.put("delete_version_after", Wire.goDuration(secret.deleteVersionAfterSeconds));
    data.put("max_versions", secret.maxVersions);
    data.put("oldest_version", secret.oldestVersion);
    data.put("updated_time", Wire.time(secret.updatedTime));
    data.set("versions", versions);
    return ok(data, null);
  }

  /**
   * Sets {@code max_versions}, {@code cas_required}, {@code delete_version_after} and
   * {@code custom_metadata} on a key, creating its metadata if needed; a body with none of them changes
   * nothing. Answers 204, or 200 with a warning when it sets {@code cas_required} false against the engine.
   */
  Reply writeMetadata(String key, JsonNode body, Instant now) {
    JsonNode max = present(body, "max_versions");
    JsonNode cas = present(body, "cas_required");
    JsonNode after = present(body, "delete_version_after");
    JsonNode custom = present(body, "custom_metadata");
    if (max == null && cas == null && after == null && custom == null) {
      return Reply.noContent();
    }
    Map<String, String> customMetadata = custom == null ? null : customMetadata(custom);
    long maxValue = max == null ? 0 : Wire.integer(max, "max_versions");
    boolean casValue = cas != null && Wire.bool(cas, "cas_required");
    long afterValue = after == null ? 0 : Wire.durationSeconds(after, "delete_version_after");
    if (maxValue < 0) {
      throw VaultError.badRequest("max_versions must not be negative: " + maxValue);
    }
    if (afterValue < 0) {
      throw VaultError.badRequest("delete_version_after must not be negative: " + after);
    }
    List<String> warnings = new ArrayList<>();
    if (cas != null && casRequired && !casValue) {
      warnings.add("\"cas_required\" set to false, but is mandated by backend config. This value will be ignored.");
    }
    KvSecret secret = secrets.computeIfAbsent(key, absent -> new KvSecret(now));
    if (max != null) {
      secret.maxVersions = maxValue;
    }
    if (cas != null) {
      secret.casRequired = casValue;
    }
    if (after != null) {
      secret.deleteVersionAfterSeconds = afterValue;
    }
    if (custom != null) {
      secret.customMetadata = customMetadata;
    }
    return warnings.isEmpty() ? Reply.noContent() : ok(null, warnings);
  }

  /** Deletes a key's metadata and every version, which no undelete brings back. */
  Reply deleteMetadata(String key) {
    secrets.remove(key);
    return Reply.noContent();
  }

  // ---- config -------------------------------------------------------------------------------

  /** Reads the engine's {@code max_versions} (0: 10), {@code cas_required} and {@code delete_version_after}. */
  Reply readConfig() {
    ObjectNode data = Wire.NODES.objectNode();
    data.put("cas_required", casRequired);
    data.put("delete_version_after", Wire.goDuration(deleteVersionAfterSeconds));
    data.put("max_versions", maxVersions);
    return ok(data, null);
  }

  /**
   * Sets the engine's configuration; a negative {@code delete_version_after} disables it for every key, zero
   * clears it.
   */
  Reply writeConfig(JsonNode body) {
    JsonNode max = present(body, "max_versions");
    JsonNode cas = present(body, "cas_required");
    JsonNode after = present(body, "delete_version_after");
    long maxValue = max == null ? maxVersions : Wire.integer(max, "max_versions");
    boolean casValue = cas == null ? casRequired : Wire.bool(cas, "cas_required");
    long afterValue = after == null ? deleteVersionAfterSeconds : Wire.durationSeconds(after, "delete_version_after");
    if (maxValue < 0) {
      throw VaultError.badRequest("max_versions must not be negative: " + maxValue);
    }
    maxVersions = maxValue;
    casRequired = casValue;
    deleteVersionAfterSeconds = afterValue < 0 ? -1 : afterValue;
    return Reply.noContent();
  }

  // ---- helpers ------------------------------------------------------------------------------

  private void checkAndSet(JsonNode options, KvSecret secret) {
    JsonNode cas = options == null || options.isNull() ? null : options.get("cas");
    if (cas != null) {
      long expected;
      if (cas.isNull()) {
        expected = 0;
      } else if (cas.isNumber()) {
        expected = cas.longValue();
      } else if (cas.isBoolean()) {
        expected = cas.booleanValue() ? 1 : 0;
      } else if (cas.isTextual() && cas.asText().isEmpty()) {
        expected = 0;
      } else if (cas.isTextual() && cas.asText().matches("[-+]?\\d+")) {
        expected = Long.parseLong(cas.asText());
      } else {
        throw VaultError.badRequest("error parsing check-and-set parameter");
      }
      if (expected != secret.currentVersion) {
        throw VaultError.badRequest("check-and-set parameter did not match the current version");
      }
    } else if (casRequired || secret.casRequired) {
      throw VaultError.badRequest("check-and-set parameter required for this call");
    }
  }

  /** Vault's {@code deletionTime}: the shorter of the engine's and the key's non-zero settings, or none. */
  private static Instant deletionTime(Instant created, long engineSeconds, long keySeconds) {
    if (engineSeconds == 0 && keySeconds == 0) {
      return null;
    }
    long shortest = keySeconds;
    if (engineSeconds != 0 && (engineSeconds < shortest || shortest == 0)) {
      shortest = engineSeconds;
    }
    return created.plus(Duration.ofSeconds(shortest));
  }

  private static List<Long> versions(JsonNode body, String noneError) {
    List<Long> numbers = Wire.integers(body.get("versions"), "versions");
    if (numbers.isEmpty()) {
      throw VaultError.badRequest(noneError);
    }
    return numbers;
  }

  private static JsonNode present(JsonNode body, String field) {
    JsonNode value = body.get(field);
    return value == null || value.isNull() ? null : value;
  }

  /** Reads and checks {@code custom_metadata} as Vault does, reporting every problem in go-multierror's format. */
  private static Map<String, String> customMetadata(JsonNode custom) {
    if (!custom.isObject()) {
      throw VaultError.badRequest(CUSTOM_METADATA_FAILED + ": error converting input " + custom
          + " for field \"custom_metadata\": expected a JSON object");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : custom.properties()) {
      JsonNode value = field.getValue();
      if (value.isContainerNode()) {
        throw VaultError.badRequest(CUSTOM_METADATA_FAILED + ": '" + field.getKey()
            + "' expected type 'string', got unconvertible type '" + value.getNodeType().name().toLowerCase(Locale.ROOT) + "'");
      }
      String text = value.isNull() ? "" : value.isBoolean() ? (value.booleanValue() ? "1" : "0") : value.asText();
      values.put(field.getKey(), text);
    }
    List<String> problems = new ArrayList<>();
    if (values.size() > MAX_CUSTOM_METADATA_KEYS) {
      problems.add(CUSTOM_METADATA_FAILED + ": payload must contain at most " + MAX_CUSTOM_METADATA_KEYS
          + " keys, provided " + values.size());
    } else {
      values.forEach((key, value) -> {
        if (key.isEmpty() || key.length() > MAX_CUSTOM_METADATA_KEY_LENGTH) {
          problems.add(CUSTOM_METADATA_FAILED + ": length of key \"" + key + "\" is " + key.length()
              + " but must be 0 < len(key) <= " + MAX_CUSTOM_METADATA_KEY_LENGTH);
        }
        if (value.isEmpty() || value.length() > MAX_CUSTOM_METADATA_VALUE_LENGTH) {
          problems.add(CUSTOM_METADATA_FAILED + ": length of value for key \"" + key + "\" is " + value.length()
              + " but must be 0 < len(value) <= " + MAX_CUSTOM_METADATA_VALUE_LENGTH);
        }
        if (!printable(key)) {
          problems.add(CUSTOM_METADATA_FAILED + ": key \"" + key + "\" contains unprintable characters");
        }
        if (!printable(value)) {
          problems.add(CUSTOM_METADATA_FAILED + ": value for key \"" + key + "\" contains unprintable characters");
        }
      });
    }
    if (!problems.isEmpty()) {
      throw VaultError.badRequest(multiError(problems));
    }
    return values;
  }

  /** Go's {@code unicode.IsPrint} of every character: letters, marks, numbers, punctuation, symbols, ASCII space. */
  private static boolean printable(String text) {
    return text.codePoints().allMatch(c -> c == ' ' || switch (Character.getType(c)) {
      case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.CONTROL,
          Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE, Character.UNASSIGNED -> false;
      default -> true;
    });
  }

  /** Formats {@code problems} as go-multierror does: "1 error occurred:\n\t* ...\n\n". */
  private static String multiError(List<String> problems) {
    StringBuilder text = new StringBuilder();
    text.append(problems.size()).append(problems.size() == 1 ? " error occurred:\n" : " errors occurred:\n");
    problems.forEach(problem -> text.append("\t* ").append(problem).append('\n'));
    return text.append('\n').toString();
  }

  private static Reply ok(JsonNode data, List<String> warnings) {
    return Reply.ok(Wire.envelope(data, warnings, MOUNT_TYPE));
  }
}
