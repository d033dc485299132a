package dev.secretkit.backend.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.secretkit.SecretValue;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a secret's values into the {@code SecretString} AWS keeps, and back: a flat JSON object
 * of the keys, which is what the AWS console, the CLI and the rotation Lambda templates expect.
 *
 * <p>A value that is valid UTF-8 is stored as its text. A value that is not, or whose text begins
 * with {@value #BINARY_PREFIX}, is stored as that prefix followed by its Base64, so every value
 * comes back byte for byte. Reading also accepts what other tools write into a flat object:
 * numbers, booleans and nulls come back as their JSON text; nested objects and arrays are refused.
 */
final class SecretStringCodec {
  /** The prefix that marks a value stored as Base64. */
  static final String BINARY_PREFIX = "secretkit:base64:";

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private SecretStringCodec() {
  }

  /** Returns the flat JSON object holding {@code values}, in their order. */
  static String encode(Map<String, SecretValue> values) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      for (Map.Entry<String, SecretValue> entry : values.entrySet()) {
        json.writeStringField(entry.getKey(), text(entry.getValue()));
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
    return out.toString();
  }

  /**
   * Returns the values a {@code SecretString} holds, in its order.
   *
   * @throws IllegalArgumentException if it is not a flat JSON object, or a marked value is not
   *     Base64; the message never quotes the content
   */
  static Map<String, SecretValue> decode(String secretString) {
    Map<String, SecretValue> values = new LinkedHashMap<>();
    try (JsonParser json = JSON.createParser(secretString)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw notFlat();
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String key = json.currentName();
        JsonToken token = json.nextToken();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          throw notFlat();
        }
        String text = token == JsonToken.VALUE_STRING ? json.getText() : json.getValueAsString("null");
        if (values.put(key, value(text)) != null) {
          throw new IllegalArgumentException("the SecretString holds key " + key + " twice");
        }
      }
      if (json.currentToken() != JsonToken.END_OBJECT || json.nextToken() != null) {
        throw notFlat();
      }
    } catch (IOException e) {
      // Jackson's messages quote the input, which holds values: never pass them on.
      throw notFlat();
    }
    return values;
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
      return SecretValue.ofBytes(Base64.getDecoder().decode(text.substring(BINARY_PREFIX.length())));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a value marked " + BINARY_PREFIX + " is not valid Base64");
    }
  }

  private static IllegalArgumentException notFlat() {
    return new IllegalArgumentException("the SecretString is not a flat JSON object of keys and values");
  }
}
