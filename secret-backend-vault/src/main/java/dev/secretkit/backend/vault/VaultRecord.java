package dev.secretkit.backend.vault;

import dev.secretkit.SecretValue;
import dev.secretkit.spi.SecretEnvelope;
import dev.secretkit.spi.SecretPayload;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonArray;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One KV version's data map as the store writes it: the user's keys as top-level string fields, which
 * {@code vault kv get} shows as they are, and the one reserved field {@value SecretPayload#RESERVED_KEY}:
 * <pre>{@code {"password": "...", "username": "app",
 *  "_secretkit": {"keys": ["username", "password"], "envelope": {SecretKit's envelope}}}}</pre>
 * Values follow {@link SecretPayload}: valid UTF-8 is stored as its text, anything else as
 * {@value SecretPayload#BINARY_PREFIX} and its Base64. {@code keys} keeps the order the keys were written in,
 * since Vault returns a data map sorted by key; {@code envelope} is core's {@link SecretEnvelope}, opaque
 * here. Reading refuses a map whose keys are not those {@code keys} lists. No message quotes the map, which
 * holds values. Holds the decoded values; the caller owns and destroys them.
 */
final class VaultRecord {
  static final String RESERVED = SecretPayload.RESERVED_KEY;
  private static final String KEYS = "keys";
  private static final String ENVELOPE = "envelope";

  private final Map<String, SecretValue> values;
  private final SecretEnvelope envelope;

  private VaultRecord(Map<String, SecretValue> values, SecretEnvelope envelope) {
    this.values = values;
    this.envelope = envelope;
  }

  /** Returns the data map to write for {@code values}, in their order, and {@code envelope}. */
  static Map<String, Object> encode(Map<String, SecretValue> values, SecretEnvelope envelope) {
    JsonObject document = Json.parse(SecretPayload.encode(values, envelope)).asObject();
    Map<String, Object> data = new LinkedHashMap<>();
    JsonArray keys = new JsonArray();
    for (JsonObject.Member member : document) {
      if (member.getName().equals(RESERVED)) {
        continue;
      }
      keys.add(member.getName());
      data.put(member.getName(), member.getValue());
    }
    data.put(RESERVED, new JsonObject().add(KEYS, keys).add(ENVELOPE, document.get(RESERVED)));
    return data;
  }

  /** Returns the bytes of the JSON request body {@link #encode}'s map makes. */
  static int size(Map<String, SecretValue> values, SecretEnvelope envelope) {
    JsonObject body = new JsonObject();
    encode(values, envelope).forEach((key, value) -> body.add(key, (JsonValue) value));
    return new JsonObject().add("data", body).toString().getBytes(StandardCharsets.UTF_8).length;
  }

  /** Returns whether {@code data} holds the reserved field: SecretKit wrote it, or copied it. */
  static boolean reserved(JsonObject data) {
    return data.get(RESERVED) != null;
  }

  /**
   * Reads a KV version's data map.
   *
   * @throws IllegalArgumentException if it has no reserved field, or it or a value is malformed; the message
   *     says what, never quoting the map
   */
  static VaultRecord decode(JsonObject data) {
    JsonValue reserved = data.get(RESERVED);
    if (reserved == null) {
      throw new IllegalArgumentException("it has no " + RESERVED + " field");
    }
    JsonValue keys = reserved.isObject() ? reserved.asObject().get(KEYS) : null;
    JsonValue envelope = reserved.isObject() ? reserved.asObject().get(ENVELOPE) : null;
    if (keys == null || !keys.isArray() || envelope == null || !envelope.isObject()) {
      throw new IllegalArgumentException("its " + RESERVED + " field is not SecretKit's (it needs keys and envelope)");
    }
    List<String> order = new ArrayList<>();
    for (JsonValue key : keys.asArray()) {
      if (!key.isString()) {
        throw new IllegalArgumentException("its " + RESERVED + " field lists a key that is not text");
      }
      order.add(key.asString());
    }
    JsonObject document = new JsonObject();
    for (JsonObject.Member member : data) {
      if (!member.getName().equals(RESERVED)) {
        document.add(member.getName(), member.getValue());
      }
    }
    document.add(RESERVED, envelope);
    SecretPayload payload = SecretPayload.decode(document.toString());
    Map<String, SecretValue> decoded = payload.values();
    if (order.size() != decoded.size() || !new HashSet<>(order).equals(decoded.keySet())) {
      decoded.values().forEach(SecretValue::destroy);
      throw new IllegalArgumentException("its keys are not those its " + RESERVED + " field lists: another tool"
          + " changed them");
    }
    Map<String, SecretValue> ordered = new LinkedHashMap<>();
    order.forEach(key -> ordered.put(key, decoded.get(key)));
    return new VaultRecord(ordered, payload.envelope().orElseThrow());
  }

  /** Returns the values, in the order they were written; the caller owns them. */
  Map<String, SecretValue> values() {
    return values;
  }

  /** Returns the envelope. */
  SecretEnvelope envelope() {
    return envelope;
  }

  /** Returns the envelope's current entry's place, the KV version it names as its own, if it names one. */
  Optional<Long> ownVersion() {
    return envelope.current().ref().filter(ref -> ref.matches("[0-9]{1,18}")).map(Long::parseLong);
  }

  /**
   * Returns whether this record holds {@code expectedValues}, in their order, and the metadata and history of
   * {@code expectedEnvelope}: what one writer wrote. Fields of the envelope this SecretKit does not know are
   * left out, since Vault reorders the members of the objects in them.
   */
  boolean sameAs(Map<String, SecretValue> expectedValues, SecretEnvelope expectedEnvelope) {
    return values.equals(expectedValues) && List.copyOf(values.keySet()).equals(List.copyOf(expectedValues.keySet()))
        && envelope.metadata().equals(expectedEnvelope.metadata())
        && envelope.history().equals(expectedEnvelope.history());
  }

  /** Destroys the values. */
  void wipe() {
    values.values().forEach(SecretValue::destroy);
  }

  /** Returns the keys only; never a value. */
  @Override
  public String toString() {
    return "VaultRecord[keys=" + values.keySet() + "]";
  }
}
