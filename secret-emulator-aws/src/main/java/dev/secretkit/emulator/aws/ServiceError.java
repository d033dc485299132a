package dev.secretkit.emulator.aws;

/**
 * An error the emulator answers with: {@code {"__type": code, "message": message}} at
 * {@code status}. Thrown from anywhere in a request's handling and rendered once by the emulator.
 */
final class ServiceError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  static final String RESOURCE_NOT_FOUND = "ResourceNotFoundException";
  static final String RESOURCE_EXISTS = "ResourceExistsException";
  static final String INVALID_REQUEST = "InvalidRequestException";
  static final String INVALID_PARAMETER = "InvalidParameterException";
  static final String INVALID_NEXT_TOKEN = "InvalidNextTokenException";
  static final String DECRYPTION_FAILURE = "DecryptionFailure";
  static final String ACCESS_DENIED = "AccessDeniedException";
  static final String VALIDATION = "ValidationException";

  static final String MARKED_FOR_DELETION =
      "You can't perform this operation on the secret because it was marked for deletion.";
  static final String SECRET_NOT_FOUND = "Secrets Manager can't find the specified secret.";

  private final String code;
  private final int status;

  ServiceError(String code, int status, String message) {
    super(message, null, false, false);
    this.code = code;
    this.status = status;
  }

  /** A modeled client error: AWS answers all of them with 400. */
  static ServiceError client(String code, String message) {
    return new ServiceError(code, 400, message);
  }

  static ServiceError notFound() {
    return client(RESOURCE_NOT_FOUND, SECRET_NOT_FOUND);
  }

  static ServiceError invalidParameter(String message) {
    return client(INVALID_PARAMETER, message);
  }

  static ServiceError invalidRequest(String message) {
    return client(INVALID_REQUEST, message);
  }

  /**
   * A model-constraint violation, worded as AWS's request validator words it, for example
   * {@code Value at 'secretString' failed to satisfy constraint: Member must have length less
   * than or equal to 65536}.
   */
  static ServiceError validation(String detail) {
    return client(VALIDATION, "1 validation error detected: " + detail);
  }

  String code() {
    return code;
  }

  int status() {
    return status;
  }
}
