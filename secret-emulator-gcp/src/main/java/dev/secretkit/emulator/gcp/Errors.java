package dev.secretkit.emulator.gcp;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The errors the emulator answers, as gRPC statuses with Secret Manager's codes and, where the real service's text
 * is on record, its message shape.
 */
final class Errors {
  private Errors() {
  }

  static StatusRuntimeException invalid(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }

  /** {@code Secret [projects/N/secrets/S] not found.}, the text of a recorded real answer. */
  static StatusRuntimeException secretNotFound(String secretName) {
    return Status.NOT_FOUND.withDescription("Secret [" + secretName + "] not found.").asRuntimeException();
  }

  static StatusRuntimeException versionNotFound(String versionName) {
    return Status.NOT_FOUND.withDescription("Secret Version [" + versionName + "] not found.").asRuntimeException();
  }

  static StatusRuntimeException alreadyExists(String secretName) {
    return Status.ALREADY_EXISTS.withDescription("Secret [" + secretName + "] already exists.").asRuntimeException();
  }

  /**
   * {@code Secret Version [projects/N/secrets/S/versions/V] is in DISABLED state.}: the text Secret Manager answers an
   * access to a version that is not enabled with (quoted in external-secrets issues #1951 and #4042).
   */
  static StatusRuntimeException notEnabled(String versionName, String state) {
    return Status.FAILED_PRECONDITION.withDescription("Secret Version [" + versionName + "] is in " + state
        + " state.").asRuntimeException();
  }

  /**
   * The answer to a stale etag: {@code FAILED_PRECONDITION}, as Secret Manager's etag page says ("If an ETag is
   * provided and matches the current resource ETag, the request succeeds; otherwise, it fails with a
   * FAILED_PRECONDITION error and an HTTP status code 400", cloud.google.com/secret-manager/docs/etags), which is
   * also what AIP-154 prescribes rather than {@code ABORTED}.
   */
  static StatusRuntimeException staleEtag(String resourceName, String sent) {
    return Status.FAILED_PRECONDITION.withDescription("The etag " + sent + " does not match the current etag of ["
        + resourceName + "]; read the resource again and retry with its etag.").asRuntimeException();
  }

  static StatusRuntimeException unimplemented(String message) {
    return Status.UNIMPLEMENTED.withDescription(message).asRuntimeException();
  }
}
