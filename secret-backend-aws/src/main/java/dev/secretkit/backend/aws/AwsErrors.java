package dev.secretkit.backend.aws;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.SecretException;
import dev.secretkit.StoreUnavailableException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.model.DecryptionFailureException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Turns what the AWS SDK throws into SecretKit's exceptions, by the error code AWS sent:
 * throttling and 5xx are retryable {@link StoreUnavailableException}s, refusals of our
 * credentials and KMS decryption failures are {@link AccessDeniedException}s. Callers handle the
 * codes that mean "not found", "exists" or "changed" themselves, since their meaning depends on
 * the call.
 */
final class AwsErrors {
  private AwsErrors() {
  }

  /** Returns the error code AWS sent, or empty for a failure on our side of the wire. */
  static String code(SdkException e) {
    if (e instanceof SecretsManagerException aws && aws.awsErrorDetails() != null
        && aws.awsErrorDetails().errorCode() != null) {
      return aws.awsErrorDetails().errorCode();
    }
    return "";
  }

  /** Returns whether AWS said the secret is scheduled for deletion. */
  static boolean markedForDeletion(SdkException e) {
    String message = String.valueOf(e.getMessage());
    return "InvalidRequestException".equals(code(e))
        && (message.contains("marked for deletion") || message.contains("scheduled for deletion"));
  }

  /** Returns the SecretKit exception for a failure of {@code operation} on {@code secret}. */
  static SecretException translate(SdkException e, String operation, String secret, String store) {
    String code = code(e);
    String said = code.isEmpty() ? e.getClass().getSimpleName() : code;
    if (e instanceof DecryptionFailureException) {
      return new AccessDeniedException(secret, store, "AWS KMS could not decrypt it (" + said + "): the credentials"
          + " need kms:Decrypt on the secret's KMS key", e);
    }
    if (e instanceof SecretsManagerException aws && aws.isThrottlingException()) {
      return new StoreUnavailableException(store, operation + " of " + secret + " was throttled (" + said
          + "); retry later", true, null, e);
    }
    if (code.equals("AccessDeniedException") || code.equals("UnrecognizedClientException")
        || code.equals("InvalidSignatureException") || code.equals("ExpiredTokenException")) {
      return new AccessDeniedException(secret, store, operation + " was refused (" + said + "): check the AWS"
          + " credentials and that their IAM policy allows secretsmanager:" + operation, e);
    }
    if (e instanceof SdkClientException) {
      // No cause: a response the SDK could not parse may be quoted in it, and a response may hold values.
      return new StoreUnavailableException(store, operation + " of " + secret + " failed on the client side ("
          + e.getClass().getSimpleName() + "); check the endpoint and the network", false, null, null);
    }
    if (e instanceof SecretsManagerException aws && aws.statusCode() >= 500) {
      return new StoreUnavailableException(store, operation + " of " + secret + " failed (" + said + ", HTTP "
          + aws.statusCode() + "); retry later", false, null, e);
    }
    return new SecretException(operation + " of " + secret + " in store " + store + " failed: AWS said " + said
        + ": " + e.getMessage(), e);
  }
}
