package dev.secretkit.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.secretkit.SecretValue;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One secret as one JSON document: a flat object of the user's keys, which every other tool
 * reads as it is, plus one reserved member, {@value #RESERVED_KEY}, holding the
 * {@link SecretEnvelope}. AWS's {@code SecretString} and GCP's payload are such documents.
 *
 * <p>A value that is valid UTF-8 is stored as its text. A value that is not, or whose text begins
 * with {@value #BINARY_PREFIX}, is stored as that prefix followed by its Base64, so every value
 * comes back byte for byte. Reading also accepts what other tools write into a flat object:
 * numbers, booleans and nulls come back as their JSON text; nested objects and arrays are refused.
 * No message quotes the document, which holds values.
 */
public final class SecretPayload {
  /** The member that holds the envelope; no user key may have this name. */
  public static final String RESERVED_KEY = "_secretkit";
  /** The prefix that marks a value stored as Base64. */
  public static final String BINARY_PREFIX = "secretkit:base64:";

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final Map<String, SecretValue> values;
  private final SecretEnvelope envelope;

  private SecretPayload(Map<String, SecretValue> values, SecretEnvelope envelope) {
    this.values = values;
    this.envelope = envelope;
  }

  /**
   * Returns the JSON document holding {@code values}, in their order, and {@code envelope}.
   *
   * @throws IllegalArgumentException if a key is {@value #RESERVED_KEY}
   */
  public static String encode(Map<String, SecretValue> values, SecretEnvelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, SecretValue> entry : values.entrySet()) {
      if (entry.getKey().equals(RESERVED_KEY)) {
        throw new IllegalArgumentException("key " + RESERVED_KEY + " is reserved for SecretKit's metadata");
      }
      node.put(entry.getKey(), text(entry.getValue()));
    }
    node.putRawValue(RESERVED_KEY, new RawValue(envelope.toJson()));
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("writing JSON to memory failed", e);
    }
  }

  /** Returns the number of UTF-8 bytes of {@link #encode}'s document. */
  public static int size(Map<String, SecretValue> values, SecretEnvelope envelope) {
    return encode(values, envelope).getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * Reads a document.
   *
   * @throws IllegalArgumentException if it is not a flat JSON object of keys, a marked value is
   *     not Base64, or the envelope is malformed; the message never quotes the document
   */
  public static SecretPayload decode(String document) {
    JsonNode node;
    try {
      node = JSON.readTree(document);
    } catch (JsonProcessingException e) {
      throw notFlat();
    }
    if (node == null || !node.isObject()) {
      throw notFlat();
    }
    Map<String, SecretValue> values = new LinkedHashMap<>();
    SecretEnvelope envelope = null;
    try {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (field.getKey().equals(RESERVED_KEY)) {
          envelope = SecretEnvelope.fromNode(field.getValue());
          continue;
        }
        JsonNode value = field.getValue();
        if (value.isContainerNode()) {
          throw notFlat();
        }
        values.put(field.getKey(), value(value.isTextual() ? value.textValue() : value.asText("null")));
      }
    } catch (IllegalArgumentException e) {
      values.values().forEach(SecretValue::destroy);
      throw e;
    }
    return new SecretPayload(values, envelope);
  }

  /** Returns the values, in the document's order; the caller owns them. */
  public Map<String, SecretValue> values() {
    return values;
  }

  /** Returns the envelope, or empty for a document another tool wrote without one. */
  public Optional<SecretEnvelope> envelope() {
    return Optional.ofNullable(envelope);
  }

  /** Returns the keys only; never a value. */
  @Override
  public String toString() {
    return "SecretPayload[keys=" + values.keySet() + "]";
  }

  private static String text(SecretValue value) {
    byte[] bytes = value.bytes();
    try {
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      if (!text.startsWith(BINARY_PREFIX)) {
        return text;
      }
    } catch (CharacterCodingException e) {
      // Not text: stored as Base64 below.
    }
    return BINARY_PREFIX + Base64.getEncoder().encodeToString(bytes);
  }

  private static SecretValue value(String text) {
    if (!text.startsWith(BINARY_PREFIX)) {
      return SecretValue.ofString(text);
    }
    try {
      byte[] bytes = Base64.getDecoder().decode(text.substring(BINARY_PREFIX.length()));
      SecretValue value = SecretValue.ofBytes(bytes);
      Arrays.fill(bytes, (byte) 0);
      return value;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a value marked " + BINARY_PREFIX + " is not valid Base64");
    }
  }

  private static IllegalArgumentException notFlat() {
    return new IllegalArgumentException("the document is not a flat JSON object of keys and values");
  }
}
