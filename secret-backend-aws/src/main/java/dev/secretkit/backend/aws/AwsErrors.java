package dev.secretkit.backend.aws;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.ConfigurationException;
import dev.secretkit.SecretException;
import dev.secretkit.StoreUnavailableException;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.model.DecryptionFailureException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Turns what the AWS SDK throws into SecretKit's exceptions by how a caller reacts, from the
 * error code AWS sent and never from its message text: throttling, 5xx and network failures are
 * retryable {@link StoreUnavailableException}s; refusals of our credentials and KMS decryption
 * failures are {@link AccessDeniedException}s; any other refusal is permanent, a
 * {@link ConfigurationException}. Callers handle the codes that mean "not found", "exists" or
 * "changed" themselves, since their meaning depends on the call.
 */
final class AwsErrors {
  /** The codes AWS uses when a secret is gone, scheduled for deletion, or a label is not where a call said. */
  private static final Set<String> GONE_OR_MOVED = Set.of("ResourceNotFoundException", "InvalidRequestException",
      "InvalidParameterException");
  private static final Set<String> GONE = Set.of("ResourceNotFoundException", "InvalidRequestException");
  private static final Set<String> CREDENTIALS_REFUSED = Set.of("AccessDeniedException",
      "UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException",
      "IncompleteSignatureException", "MissingAuthenticationTokenException", "InvalidClientTokenId");

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

  /**
   * Returns whether AWS refused a stage move because the secret is gone or scheduled for deletion,
   * or the label is not on the version the call named: someone else changed it first.
   */
  static boolean goneOrMoved(SdkException e) {
    return GONE_OR_MOVED.contains(code(e));
  }

  /**
   * Returns whether AWS refused a call other than a stage move because the secret is gone or
   * scheduled for deletion; an invalid parameter there is not another writer's doing.
   */
  static boolean gone(SdkException e) {
    return GONE.contains(code(e));
  }

  /** Returns what a message may say of {@code e}: AWS's error code, or the SDK exception's class. */
  static String said(SdkException e) {
    String code = code(e);
    return code.isEmpty() ? e.getClass().getSimpleName() : code;
  }

  /**
   * Returns the cause to keep for {@code e}: its class, error code, HTTP status and stack trace,
   * without AWS's message text.
   */
  static AwsError cause(SdkException e) {
    String status = e instanceof SecretsManagerException aws ? ", HTTP " + aws.statusCode() : "";
    return new AwsError(e.getClass().getName() + " (" + said(e) + status + ")", e.getStackTrace());
  }

  /** Returns whether the same call may succeed if made again: throttling, a 5xx, or a failure of the network. */
  static boolean transientFault(SdkException e) {
    return e instanceof SdkClientException
        || e instanceof SecretsManagerException aws && (aws.isThrottlingException() || aws.statusCode() >= 500);
  }

  /** Returns whether AWS refused the call because the secret is scheduled for deletion. */
  static boolean markedForDeletion(SdkException e) {
    return "InvalidRequestException".equals(code(e));
  }

  /** Returns the SecretKit exception for a failure of {@code operation} on {@code secret}. */
  static SecretException translate(SdkException e, String operation, String secret, String store) {
    String code = code(e);
    if (e instanceof DecryptionFailureException) {
      return new AccessDeniedException(secret, store, "AWS KMS could not decrypt it (" + code + "): the credentials"
          + " need kms:Decrypt on the secret's KMS key", cause(e));
    }
    if (e instanceof SecretsManagerException aws && aws.isThrottlingException()) {
      return new StoreUnavailableException(store, operation + " of " + secret + " was throttled (" + code
          + "); retry later", true, null, cause(e));
    }
    if (CREDENTIALS_REFUSED.contains(code)) {
      return new AccessDeniedException(secret, store, operation + " was refused (" + code + "): check the AWS"
          + " credentials and that their IAM policy allows secretsmanager:" + operation, cause(e));
    }
    if (code.equals("LimitExceededException")) {
      return new StoreUnavailableException(store, operation + " of " + secret + " was refused: a Secrets Manager"
          + " quota is reached (" + code + "), such as the versions of one secret, which AWS frees as it removes"
          + " unlabelled versions once they are 24 hours old: retry later, or ask AWS for a higher quota", false,
          null, cause(e));
    }
    if (e instanceof SdkClientException) {
      // No cause: a response the SDK could not parse may be quoted in it, and a response may hold values.
      return new StoreUnavailableException(store, operation + " of " + secret + " failed on the client side ("
          + e.getClass().getSimpleName() + "); check the endpoint and the network", false, null, null);
    }
    if (e instanceof SecretsManagerException aws && aws.statusCode() >= 500) {
      return new StoreUnavailableException(store, operation + " of " + secret + " failed (" + code + ", HTTP "
          + aws.statusCode() + "); retry later", false, null, cause(e));
    }
    return new ConfigurationException("AWS refused " + operation + " of " + secret + " in store " + store + " ("
        + said(e) + "); the same call will be refused again: check the store's region, endpoint and kmsKeyId, and"
        + " the AWS secret itself", cause(e));
  }
}
