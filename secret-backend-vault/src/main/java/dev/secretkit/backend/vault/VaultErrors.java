package dev.secretkit.backend.vault;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.ConfigurationException;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.spi.support.RedactedCause;
import io.github.jopenlibs.vault.VaultException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * Turns Vault's answers and the driver's failures into SecretKit's exceptions by how a caller reacts: by HTTP
 * status and by the types in a failure's cause chain, never by quoting Vault's text, which can echo a
 * request. 429, 412 and 5xx (sealed, standby, rate limited, internal) and network failures are retryable
 * {@link StoreUnavailableException}s that name the address; a TLS failure is a {@link ConfigurationException}
 * that says how to trust Vault's certificate; 403 is an {@link AccessDeniedException} naming the path and the
 * ACL capability the token's policies lack. Callers handle 404 and the {@code cas} refusal themselves, since
 * their meaning depends on the call.
 */
final class VaultErrors {
  /** How deep a cause chain is searched. */
  private static final int MAX_CAUSES = 16;

  private VaultErrors() {
  }

  /**
   * Returns whether a call that ended with {@code status} may succeed when made again: 0 (no answer), 412 (a
   * performance standby not yet consistent), 429 (rate limited) and 5xx.
   */
  static boolean transientStatus(int status) {
    return status == 0 || status == 412 || status == 429 || status >= 500;
  }

  /** Returns the cause to keep for the driver's {@code e}: classes, stack traces and the HTTP status, no message. */
  static RedactedCause cause(Throwable e) {
    return RedactedCause.of(e, t -> t instanceof VaultException vault && vault.getHttpStatusCode() != 0
        ? "HTTP " + vault.getHttpStatusCode() : null);
  }

  /**
   * Returns the error of a call the thread's interrupt ended, after setting the interrupt flag again: the
   * driver catches the {@link InterruptedException} of the HTTP client and wraps it, which clears the flag.
   */
  static StoreUnavailableException interrupted(String store, String path, Throwable e) {
    Thread.currentThread().interrupt();
    return new StoreUnavailableException(store, "interrupted while calling Vault (" + path + ")", false, null,
        cause(e));
  }

  /** Returns whether the thread's interrupt ended the call that failed with {@code e}. */
  static boolean interruption(Throwable e) {
    return find(e, InterruptedException.class) != null;
  }

  /** Returns whether the call that failed with {@code e} got no answer in time (connecting, or waiting for it). */
  static boolean timeout(Throwable e) {
    return find(e, HttpTimeoutException.class) != null;
  }

  /** Says why a call that failed with {@code failure} (or null) got no answer, naming no message of its causes. */
  static String noAnswer(Throwable failure, VaultSettings settings) {
    return connectionFailure(failure, settings);
  }

  /** Returns whether {@code e} failed in the TLS handshake: Vault's certificate or ours was refused. */
  static boolean tlsFailure(Throwable e) {
    return find(e, SSLException.class) != null;
  }

  /** Returns the error of a TLS handshake that failed: the certificate is not trusted, or ours was refused. */
  static ConfigurationException tls(String store, VaultSettings settings, Throwable e) {
    return new ConfigurationException("cannot connect to Vault at " + settings.address() + " for store " + store
        + ": the TLS handshake failed (" + find(e, SSLException.class).getClass().getSimpleName() + "); if Vault's"
        + " certificate comes from a private CA, set VAULT_CACERT to that CA's PEM file; if Vault asks for a client"
        + " certificate, set VAULT_CLIENT_CERT and VAULT_CLIENT_KEY", cause(e));
  }

  /**
   * Returns the error of a call that failed transiently and will not be tried again.
   *
   * @param path the Vault path called, such as {@code secret/data/secretkit/public/pg}
   * @param action what the call did, such as {@code read}, for the message
   * @param status the HTTP status, 0 when no answer came
   * @param retryAfter how long Vault asked the client to wait, or null
   * @param failure the driver's exception, or null when Vault answered
   */
  static StoreUnavailableException unavailable(String store, VaultSettings settings, String path, String action,
      int status, Duration retryAfter, Throwable failure) {
    String what = action + " " + path + " at " + settings.describeAddress();
    String detail = switch (status) {
      case 0 -> connectionFailure(failure, settings) + " during " + action + " " + path + "; check the address and"
          + " the network, then retry";
      case 429 -> "Vault is rate limiting this client (HTTP 429, a rate limit quota) at " + what + "; retry"
          + (retryAfter == null ? " later" : " after " + retryAfter.toSeconds() + " s");
      case 412 -> "a performance standby is not yet consistent (HTTP 412) at " + what + "; retry";
      case 503 -> "Vault is sealed or a standby without an active node (HTTP 503) at " + what + "; unseal it or wait"
          + " for an active node, then retry";
      default -> "Vault failed (HTTP " + status + ") at " + what + "; retry later";
    };
    return new StoreUnavailableException(store, detail, status == 429, retryAfter,
        failure == null ? null : cause(failure));
  }

  /**
   * Returns the error of a call Vault refused with 403 to a valid token: its policies lack {@code capability}
   * on {@code path}.
   *
   * @param secret the secret, or what the call concerned (such as {@code scope public})
   * @param who who the store is to Vault, from {@link VaultSession#who()}
   * @param doubt why Vault's answer may also mean a token no longer valid, or null when it does not
   */
  static AccessDeniedException denied(String secret, String store, VaultSettings settings, String path,
      String action, String capability, String who, String doubt) {
    return new AccessDeniedException(secret, store, "Vault refused to " + action + " " + path + " (HTTP 403, permission"
        + " denied) to " + who + (settings.namespace() == null ? "" : " in namespace " + settings.namespace())
        + ": its policies need the \"" + capability + "\" capability on \"" + path + "\"; add a rule such as path \""
        + policyPath(settings, path) + "\" { capabilities = [\"" + capability + "\"] } to the token's policy (the"
        + " README's Vault section has the policy the whole store needs)" + (doubt == null ? "" : ". " + doubt), null);
  }

  /**
   * Returns the error of an answer that the same call will get again: a refusal other than those the caller
   * handles, or an answer a KV version 2 mount does not give.
   *
   * @param why what is wrong with the answer beyond its status, or null
   */
  static ConfigurationException unexpected(String secret, String store, VaultSettings settings, String path,
      String action, int status, String why) {
    return new ConfigurationException("Vault answered HTTP " + status + (why == null ? "" : " " + why) + " to "
        + action + " " + path + " for " + secret + " in store " + store + "; the same call will get the same answer:"
        + " check that " + settings.mount() + " is a KV version 2 mount at " + settings.describeAddress() + " and that"
        + " nothing but SecretKit writes under " + settings.mount() + "/data/" + settings.prefix());
  }

  /** Returns the error of a call to a mount that does not exist (Vault's 404 with "no handler for route"). */
  static ConfigurationException noMount(String store, VaultSettings settings) {
    return new ConfigurationException("there is no secrets engine at " + settings.mount() + " in Vault at "
        + settings.describeAddress() + " for store " + store + ": enable a KV version 2 engine there with 'vault"
        + " secrets enable -path=" + settings.mount() + " kv-v2', or name the right mount in the store URI");
  }

  /** Returns the ACL path a rule for {@code path}, a data or metadata path of the store, would name. */
  private static String policyPath(VaultSettings settings, String path) {
    String kind = path.startsWith(settings.mount() + "/data/") ? "/data/" : "/metadata/";
    return settings.mount() + kind + settings.prefix() + "/*";
  }

  /** Says why a call got no answer, from the types in the cause chain of {@code failure}, never their messages. */
  private static String connectionFailure(Throwable failure, VaultSettings settings) {
    String address = settings.address().toString();
    if (find(failure, UnknownHostException.class) != null) {
      return "cannot connect to " + address + " (unknown host " + settings.address().getHost() + ")";
    }
    if (find(failure, HttpConnectTimeoutException.class) != null) {
      return "cannot connect to " + address + " in time (HttpConnectTimeoutException; timeoutSeconds sets the limit)";
    }
    if (find(failure, ConnectException.class) != null || find(failure, NoRouteToHostException.class) != null) {
      return "cannot connect to " + address + " (connection refused or no route to host)";
    }
    if (find(failure, HttpTimeoutException.class) != null) {
      return address + " did not answer in time (HttpTimeoutException; timeoutSeconds sets the limit)";
    }
    String closed = "the connection to " + address + " failed without an answer ("
        + (failure == null ? "no response" : innermost(failure).getClass().getSimpleName()) + ")";
    // Over TLS 1.3 a listener that requires a client certificate refuses one after the handshake, by closing
    // the connection or resetting it.
    boolean noClientCertificate = !settings.plaintext() && settings.tls().clientCert() == null;
    return closed + (noClientCertificate ? " (if Vault requires client certificates, set VAULT_CLIENT_CERT and"
        + " VAULT_CLIENT_KEY)" : "");
  }

  private static Throwable innermost(Throwable e) {
    Throwable t = e;
    for (int depth = 0; t.getCause() != null && t.getCause() != t && depth < MAX_CAUSES; depth++) {
      t = t.getCause();
    }
    return t;
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    Throwable t = e;
    for (int depth = 0; t != null && depth < MAX_CAUSES; t = t.getCause(), depth++) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
