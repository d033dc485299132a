package dev.secretkit.backend.aws;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.ConfigurationException;
import dev.secretkit.SecretException;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.spi.support.RedactedCause;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Set;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.model.DecryptionFailureException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Turns what the AWS SDK throws into SecretKit's exceptions by how a caller reacts, from the
 * error code AWS sent and the types in a failure's cause chain, never from message text:
 * throttling, 5xx and network failures are retryable {@link StoreUnavailableException}s that name
 * the endpoint; refusals of our credentials and KMS decryption failures are
 * {@link AccessDeniedException}s that name AWS's code and where the credentials came from; any
 * other refusal is permanent, a {@link ConfigurationException}. Finding no credentials at all is
 * the {@link CredentialChain}'s to report, before any call. Callers handle the codes that mean
 * "not found", "exists" or "changed" themselves, since their meaning depends on the call.
 */
final class AwsErrors {
  /** The codes AWS uses when a secret is gone, scheduled for deletion, or a label is not where a call said. */
  private static final Set<String> GONE_OR_MOVED = Set.of("ResourceNotFoundException", "InvalidRequestException",
      "InvalidParameterException");
  private static final Set<String> GONE = Set.of("ResourceNotFoundException", "InvalidRequestException");
  private static final Set<String> CREDENTIALS_REFUSED = Set.of("AccessDeniedException",
      "UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException",
      "IncompleteSignatureException", "MissingAuthenticationTokenException", "InvalidClientTokenId");

  /** How deep {@link #connectionFailure} looks into a cause chain. */
  private static final int MAX_CAUSES = 16;

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
   * Returns the cause to keep for {@code e}: the class and stack trace of it and of each of its
   * causes, with AWS's error code and HTTP status, and without any message text.
   */
  static RedactedCause cause(SdkException e) {
    return RedactedCause.of(e, t -> t instanceof SecretsManagerException aws && !code(aws).isEmpty()
        ? code(aws) + ", HTTP " + aws.statusCode() : null);
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

  /** Returns the SecretKit exception for a failure of {@code operation} on {@code secret} over {@code connection}. */
  static SecretException translate(SdkException e, String operation, String secret, AwsConnection connection) {
    String store = connection.store();
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
      return new AccessDeniedException(secret, store, "AWS refused " + operation + " (" + code + ") to the credentials"
          + " from " + connection.credentials().source() + ": " + refusal(code, operation), cause(e));
    }
    if (code.equals("LimitExceededException")) {
      return new StoreUnavailableException(store, operation + " of " + secret + " was refused: a Secrets Manager"
          + " quota is reached (" + code + "), such as the versions of one secret, which AWS frees as it removes"
          + " unlabelled versions once they are 24 hours old: retry later, or ask AWS for a higher quota", false,
          null, cause(e));
    }
    if (e instanceof SdkClientException) {
      return new StoreUnavailableException(store, connectionFailure(e, connection.endpoint()) + " during " + operation
          + " of " + secret + "; check the endpoint and the network, then retry", false, null, cause(e));
    }
    if (e instanceof SecretsManagerException aws && aws.statusCode() >= 500) {
      return new StoreUnavailableException(store, operation + " of " + secret + " failed (" + code + ", HTTP "
          + aws.statusCode() + "); retry later", false, null, cause(e));
    }
    return new ConfigurationException("AWS refused " + operation + " of " + secret + " in store " + store + " ("
        + said(e) + "); the same call will be refused again: check the store's region, endpoint and kmsKeyId, and"
        + " the AWS secret itself", cause(e));
  }

  /** Says what is wrong with the credentials when AWS refused them with {@code code}, and what to fix. */
  private static String refusal(String code, String operation) {
    return switch (code) {
      case "AccessDeniedException" -> "their IAM policy does not allow secretsmanager:" + operation + " here; fix the"
          + " IAM policy, or use other credentials";
      case "ExpiredTokenException" -> "their session token has expired; renew the credentials";
      case "InvalidSignatureException", "IncompleteSignatureException" -> "the request's signature does not match:"
          + " the secret access key is not the access key's, or this machine's clock is off; fix the credentials";
      case "UnrecognizedClientException", "InvalidClientTokenId" -> "AWS does not know their access key or"
          + " session token; fix the credentials";
      default -> "AWS found no credentials in the request; fix the credentials";
    };
  }

  /**
   * Says why a call to {@code endpoint} failed on our side of the wire, from the types in the
   * cause chain of {@code e} (a refused connection, a host that does not resolve, a timeout, a TLS
   * failure), never from their messages.
   */
  private static String connectionFailure(SdkException e, URI endpoint) {
    Throwable t = e;
    for (int depth = 0; t != null && depth < MAX_CAUSES; t = t.getCause(), depth++) {
      if (t instanceof UnknownHostException) {
        return "cannot connect to " + endpoint + " (unknown host " + endpoint.getHost() + ")";
      } else if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
        return "cannot connect to " + endpoint + " (" + (t instanceof ConnectException ? "connection refused"
            : "no route to host") + ": " + t.getClass().getSimpleName() + ")";
      } else if (t instanceof SocketTimeoutException || t instanceof ApiCallTimeoutException
          || t instanceof ApiCallAttemptTimeoutException) {
        return endpoint + " did not answer in time (" + t.getClass().getSimpleName() + "; timeoutMillis sets the"
            + " limit)";
      } else if (t instanceof SSLException) {
        return "cannot connect to " + endpoint + " (TLS failed: " + t.getClass().getSimpleName() + ")";
      }
    }
    return "a call to " + endpoint + " failed on the client side (" + e.getClass().getSimpleName() + ")";
  }
}
