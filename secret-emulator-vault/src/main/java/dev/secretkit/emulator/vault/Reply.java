package dev.secretkit.emulator.vault;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * What the emulator answers one request: a status, a JSON body or none (a 204), and extra headers.
 *
 * @param status the HTTP status
 * @param body the JSON body, or null for none
 * @param headers headers besides Content-Type and Cache-Control
 */
record Reply(int status, JsonNode body, Map<String, String> headers) {
  /** Returns a 200 with {@code body}. */
  static Reply ok(JsonNode body) {
    return new Reply(200, body, Map.of());
  }

  /** Returns a 204 with no body, as Vault answers a request with nothing to return. */
  static Reply noContent() {
    return new Reply(204, null, Map.of());
  }
}
