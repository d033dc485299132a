package dev.secretkit.backend.vault;

import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;
import io.github.jopenlibs.vault.json.ParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the fields of Vault's answers leniently, with the driver's own JSON parser: a field that is missing
 * or of another type reads as absent, zero, false or empty, so that the caller decides what that means.
 * Vault's documented samples leave out fields its servers send (a login's {@code auth.policies}, the top
 * level of a renewal), which the driver's response classes require.
 */
final class VaultJson {
  private VaultJson() {
  }

  /** Returns the JSON object {@code body} holds, or null when it is empty or not an object. */
  static JsonObject parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonValue value = Json.parse(body);
      return value.isObject() ? value.asObject() : null;
    } catch (ParseException | UnsupportedOperationException e) {
      return null;
    }
  }

  /** Returns the object member {@code name} of {@code parent}, or null. */
  static JsonObject object(JsonObject parent, String name) {
    JsonValue value = parent == null ? null : parent.get(name);
    return value != null && value.isObject() ? value.asObject() : null;
  }

  /** Returns the text member {@code name} of {@code object}, or "". */
  static String text(JsonObject object, String name) {
    JsonValue value = object == null ? null : object.get(name);
    return value != null && value.isString() ? value.asString() : "";
  }

  /** Returns the whole-number member {@code name} of {@code object}, or 0. */
  static long number(JsonObject object, String name) {
    JsonValue value = object == null ? null : object.get(name);
    if (value == null || !value.isNumber()) {
      return 0;
    }
    try {
      return value.asLong();
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Returns whether the member {@code name} of {@code object} is {@code true}. */
  static boolean flag(JsonObject object, String name) {
    JsonValue value = object == null ? null : object.get(name);
    return value != null && value.isTrue();
  }

  /** Returns the texts of Vault's {@code errors} array, empty when there is none. */
  static List<String> errors(JsonObject body) {
    List<String> errors = new ArrayList<>();
    JsonValue listed = body == null ? null : body.get("errors");
    if (listed != null && listed.isArray()) {
      listed.asArray().forEach(error -> errors.add(error.isString() ? error.asString() : error.toString()));
    }
    return errors;
  }
}
