package dev.secretkit.backend.aws;

/**
 * What SecretKit keeps of an AWS SDK failure as an exception's cause: the SDK exception's class,
 * AWS's error code and HTTP status, and its stack trace, but not AWS's message text, which is
 * another party's words in a channel that must never carry a value.
 */
final class AwsError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  AwsError(String summary, StackTraceElement[] trace) {
    super(summary, null, false, true);
    setStackTrace(trace);
  }
}
