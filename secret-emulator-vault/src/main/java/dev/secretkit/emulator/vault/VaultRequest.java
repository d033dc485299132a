package dev.secretkit.emulator.vault;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One request as the emulator received it, given to a {@link VaultEmulator#beforeNext hook}'s predicate:
 * the {@code operation} it was classified as, the {@code namespace} it addresses ({@code ""} for the root,
 * else a path such as {@code "team-a/"}), its {@code path} below {@code /v1/} and relative to that namespace,
 * such as {@code "secret/data/app/db"}, and its JSON {@code body} (an empty object when it has none or the
 * body is not JSON).
 *
 * @param operation the operation the request names
 * @param namespace the namespace it addresses, {@code ""} or ending in {@code /}
 * @param path its path, relative to the namespace, without {@code /v1/}
 * @param body its JSON body, never null
 */
public record VaultRequest(VaultOperation operation, String namespace, String path, JsonNode body) {
  /** Checks that no component is null. */
  public VaultRequest {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(body, "body");
  }
}
