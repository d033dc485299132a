package dev.secretkit.emulator.vault;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A refusal the emulator answers as Vault does, usually {@code {"errors":[...]}} with a status; thrown
 * anywhere while a request is handled.
 */
final class VaultError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient List<String> errors;
  private final transient JsonNode body;
  private final transient Map<String, String> headers = new LinkedHashMap<>();

  private VaultError(int status, List<String> errors, JsonNode body) {
    super(status + " " + errors, null, false, false);
    this.status = status;
    this.errors = errors;
    this.body = body;
  }

  /** Returns an error answered with {@code status} and {@code {"errors": errors}}. */
  static VaultError of(int status, String... errors) {
    return new VaultError(status, List.of(errors), null);
  }

  /** Returns an error answered with {@code status} and the whole of {@code body}, as a 404 of a deleted version is. */
  static VaultError withBody(int status, JsonNode body) {
    return new VaultError(status, List.of(), body);
  }

  /** Returns a 400 with one error. */
  static VaultError badRequest(String error) {
    return of(400, error);
  }

  /** Returns the 404 with {@code {"errors":[]}} that a missing key or an empty list gets. */
  static VaultError notFound() {
    return of(404);
  }

  /** Returns the 403 {@code permission denied} of a request its token's policies do not allow. */
  static VaultError permissionDenied() {
    return of(403, "permission denied");
  }

  /** Returns the 405 that an operation a path does not support gets. */
  static VaultError unsupportedOperation() {
    return of(405, "unsupported operation");
  }

  /** Returns the 404 that a path inside a mount that matches no route gets. */
  static VaultError unsupportedPath() {
    return of(404, "unsupported path");
  }

  /** Adds a response header and returns this error. */
  VaultError withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** Returns the answer: the status, the errors or whole body, and any headers. */
  Reply reply() {
    JsonNode answer = body;
    if (answer == null) {
      answer = Wire.NODES.objectNode().set("errors", Wire.strings(errors));
    }
    return new Reply(status, answer, Map.copyOf(headers));
  }
}
