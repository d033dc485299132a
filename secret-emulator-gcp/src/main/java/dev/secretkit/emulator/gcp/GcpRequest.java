package dev.secretkit.emulator.gcp;

import com.google.protobuf.Message;
import java.util.Objects;

/**
 * One call as the emulator received it, given to a {@link GcpSecretManagerEmulator#beforeNext hook}'s predicate:
 * the {@code operation} it names, the {@code resource} it addresses as the caller wrote it (the {@code name} of a
 * secret or version, or the {@code parent} of a create, list or add, such as
 * {@code projects/my-project/secrets/db/versions/latest}; {@code ""} when the request has none), and the request
 * {@code message} itself, such as an {@code AddSecretVersionRequest}.
 *
 * @param operation the RPC the call names
 * @param resource the name or parent the request carries, as sent
 * @param message the request
 */
public record GcpRequest(GcpOperation operation, String resource, Message message) {
  /** Checks that no component is null. */
  public GcpRequest {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(message, "message");
  }
}
