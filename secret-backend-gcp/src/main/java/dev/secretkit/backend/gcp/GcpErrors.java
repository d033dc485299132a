package dev.secretkit.backend.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import dev.secretkit.AccessDeniedException;
import dev.secretkit.ConfigurationException;
import dev.secretkit.CredentialsException;
import dev.secretkit.SecretException;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.spi.support.RedactedCause;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * Turns what the Secret Manager client throws into SecretKit's exceptions by the gRPC status code and the types in
 * the cause chain, never from message text: {@code UNAVAILABLE}, {@code DEADLINE_EXCEEDED}, {@code INTERNAL},
 * {@code UNKNOWN} and {@code ABORTED} are retryable {@link StoreUnavailableException}s, {@code RESOURCE_EXHAUSTED} a
 * throttled one; {@code PERMISSION_DENIED} and {@code UNAUTHENTICATED} are {@link AccessDeniedException}s naming the
 * IAM permission the call needs and where the credentials came from; credentials that could not be loaded are a
 * {@link CredentialsException}; anything else is permanent, a {@link ConfigurationException}. Callers handle the
 * codes whose meaning depends on the call ({@code NOT_FOUND}, {@code ALREADY_EXISTS}, {@code FAILED_PRECONDITION}).
 */
final class GcpErrors {
  private static final Set<StatusCode.Code> TRANSIENT = Set.of(StatusCode.Code.UNAVAILABLE,
      StatusCode.Code.DEADLINE_EXCEEDED, StatusCode.Code.INTERNAL, StatusCode.Code.UNKNOWN, StatusCode.Code.ABORTED,
      StatusCode.Code.RESOURCE_EXHAUSTED, StatusCode.Code.CANCELLED);
  private static final int MAX_CAUSES = 16;

  private GcpErrors() {
  }

  /** Returns the gRPC status code of {@code e}. */
  static StatusCode.Code code(ApiException e) {
    return e.getStatusCode().getCode();
  }

  /** Returns whether the same call may succeed if made again: an outage, a timeout, throttling. */
  static boolean transientFault(ApiException e) {
    return TRANSIENT.contains(code(e)) && missingCredentials(e) == null;
  }

  /** Returns the cause to keep for {@code e}: classes, stack traces and the status code, never a message. */
  static RedactedCause cause(Throwable e) {
    return RedactedCause.of(e, t -> t instanceof ApiException api ? code(api).name() : null);
  }

  /** Returns the SecretKit exception for a failure of {@code call} on {@code secret} over {@code connection}. */
  static SecretException translate(ApiException e, GcpCall call, String secret, GcpConnection connection) {
    String store = connection.store();
    StatusCode.Code code = code(e);
    GcpCredentials.Missing missing = missingCredentials(e);
    if (missing != null) {
      return new CredentialsException("cannot call Secret Manager for store " + store + ": " + missing.getMessage(),
          cause(e));
    }
    switch (code) {
      case PERMISSION_DENIED:
        return new AccessDeniedException(secret, store, "Secret Manager refused " + call.rpc() + " (PERMISSION_DENIED)"
            + " to the credentials from " + connection.credentials() + ": they lack the IAM permission "
            + call.permission() + " on it (or on project " + connection.project() + "); grant a role that has it,"
            + " such as roles/secretmanager.admin to write or roles/secretmanager.secretAccessor to read", cause(e));
      case UNAUTHENTICATED:
        return new AccessDeniedException(secret, store, "Secret Manager did not accept the credentials from "
            + connection.credentials() + " for " + call.rpc() + " (UNAUTHENTICATED): they are expired, revoked or"
            + " not Google credentials; renew them (gcloud auth application-default login) or fix credentialsFile",
            cause(e));
      case RESOURCE_EXHAUSTED:
        return new StoreUnavailableException(store, call.rpc() + " of " + secret + " was throttled"
            + " (RESOURCE_EXHAUSTED: a Secret Manager quota is used up); retry later", true, null, cause(e));
      default:
        break;
    }
    if (TRANSIENT.contains(code)) {
      return new StoreUnavailableException(store, call.rpc() + " of " + secret + " failed (" + code.name() + ")"
          + connectionFailure(e, connection.endpoint()) + "; retry later", false, null, cause(e));
    }
    return new ConfigurationException("Secret Manager refused " + call.rpc() + " of " + secret + " in store " + store
        + " (" + code.name() + "); the same call will be refused again: check the store's project and endpoint, and"
        + " the GCP secret itself", cause(e));
  }

  /** Returns the store's own "no credentials" failure in the cause chain of {@code e}, or null. */
  private static GcpCredentials.Missing missingCredentials(Throwable e) {
    Throwable t = e;
    for (int depth = 0; t != null && depth < MAX_CAUSES; t = t.getCause(), depth++) {
      if (t instanceof GcpCredentials.Missing missing) {
        return missing;
      }
    }
    return null;
  }

  /** Says why a call to {@code endpoint} failed on our side of the wire, from the cause chain's types, or nothing. */
  private static String connectionFailure(ApiException e, String endpoint) {
    Throwable t = e;
    for (int depth = 0; t != null && depth < MAX_CAUSES; t = t.getCause(), depth++) {
      if (t instanceof UnknownHostException) {
        return ": cannot connect to " + endpoint + " (unknown host)";
      } else if (t instanceof ConnectException) {
        // The JDK's type, not the transport's subclass of it (Netty's shaded AnnotatedConnectException).
        return ": cannot connect to " + endpoint + " (connection refused: ConnectException)";
      } else if (t instanceof NoRouteToHostException) {
        return ": cannot connect to " + endpoint + " (no route to host: NoRouteToHostException)";
      } else if (t instanceof SSLException) {
        return ": cannot connect to " + endpoint + " (TLS failed: " + t.getClass().getSimpleName() + "; is it a"
            + " plaintext emulator? then add tls=false)";
      }
    }
    return " at " + endpoint + (e.getStatusCode().getCode() == StatusCode.Code.DEADLINE_EXCEEDED
        ? " (no answer in time; the store's timeoutMillis sets the limit)" : "");
  }
}
