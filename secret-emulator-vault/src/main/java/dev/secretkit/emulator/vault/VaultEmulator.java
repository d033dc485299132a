package dev.secretkit.emulator.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.secretkit.emulator.support.CallFault;
import dev.secretkit.emulator.support.FaultSwitches;
import dev.secretkit.emulator.support.LoopbackHttpServer;
import dev.secretkit.emulator.support.RandomFaults;
import dev.secretkit.emulator.support.Sleeper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * Serves HashiCorp Vault's HTTP API on {@code http://127.0.0.1:<ephemeral port>/v1/} so that
 * vault-java-driver (or any Vault client), pointed at {@link #address()} with {@link #rootToken()} or a
 * token it issued, behaves as it would against Vault.
 *
 * <p>It serves the KV version 2 secrets engine on {@code secret/} and on any mount {@link #mountKv} adds:
 * data reads ({@code ?version=}), writes with {@code options.cas}, {@code cas_required},
 * {@code max_versions}, {@code delete_version_after}, soft delete, delete, undelete and destroy of versions,
 * metadata reads, writes and deletes, {@code custom_metadata}, {@code LIST} and {@code GET ?list=true}, and
 * engine configuration; {@code sys/mounts} and {@code sys/health}; service and batch tokens with lookup-self,
 * renew-self and revoke-self; AppRole and Kubernetes logins; namespaces ({@code X-Vault-Namespace}, or a path
 * prefix) with their own mounts, policies and auth roles; and ACL policies with capabilities and
 * {@code +}/{@code *} globs. Status codes, bodies ({@code {"errors":[...]}}, the 404 with metadata of a deleted version, 204 with
 * no body) and the exact {@code Content-Type: application/json} are Vault's. Every request but a login or
 * {@code sys/health} needs a valid token in {@code X-Vault-Token} or {@code Authorization: Bearer}. Time
 * comes from the {@link Clock} given at construction: advance a manual clock to expire tokens and
 * versions. Not emulated: KV version 1, {@code PATCH}, {@code subkeys}, response wrapping, leases,
 * {@code sys/} endpoints other than those two, other auth methods, and policy parameter constraints.
 *
 * <p>{@link #start()} serves plain HTTP; {@link #start(SSLContext, boolean)} serves HTTPS with a test's own key
 * and certificate, and can require client certificates.
 *
 * <p>Switches inject faults before a request is carried out: {@link #failNext} (429 rate limit, 500, 503
 * sealed, 503 standby), {@link #latency}, and {@link #failCall} (the k-th call fails before, or after it
 * took effect); {@link #loseResponses} carries a request out and drops the connection before answering,
 * and {@link #beforeNext} lets another writer act at an exact point. Every request is counted first, by
 * its {@link VaultOperation}, whatever its outcome, so {@link #calls} counts a client's retries too, and
 * {@link #serviceTokens} counts the tokens a client's logins left valid. The switches, their order and the call
 * counters are those every SecretKit emulator has ({@link FaultSwitches}).
 *
 * <pre>{@code
 * try (VaultEmulator vault = new VaultEmulator(new ManualClock()).start()) {
 *   Vault client = Vault.create(new VaultConfig().address(vault.address().toString())
 *       .token(vault.rootToken()).engineVersion(2).build(), 2);
 *   client.logical().write("secret/app", Map.of("password", "fake"));
 *   vault.failNext(VaultOperation.READ_DATA, 1, VaultEmulator.Failure.SEALED);
 *   ...
 *   assertThat(vault.calls(VaultOperation.WRITE_DATA)).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>Instances are thread-safe: switches may be flipped and state configured while requests are served.
 * Each request is atomic.
 */
public final class VaultEmulator implements AutoCloseable {
  /** The KV version 2 mount every emulator starts with, as {@code vault server -dev} does. */
  public static final String DEFAULT_KV_MOUNT = "secret";
  /** The mount of the AppRole auth method unless {@link #appRole(String, String, TokenSpec)} names another. */
  public static final String DEFAULT_APPROLE_MOUNT = "approle";
  /** The mount of the Kubernetes auth method unless a {@code kubernetesRole} overload names another. */
  public static final String DEFAULT_KUBERNETES_MOUNT = "kubernetes";

  /** Vault's default limit on a request body, 32 MiB. */
  static final int MAX_REQUEST_BYTES = 32 * 1024 * 1024;

  /** How {@link #failNext} fails a request, before it is carried out. */
  public enum Failure {
    /** 503 {@code {"errors":["Vault is sealed"]}}; {@code sys/health} answers 503 with {@code "sealed": true}. */
    SEALED,
    /**
     * 503 {@code {"errors":["no active Vault instance found"]}}, as a standby node answers when it cannot
     * forward to an active one; {@code sys/health} answers 429 with {@code "standby": true}.
     */
    STANDBY,
    /**
     * 429 {@code request path "...": rate limit quota exceeded}, as a rate limit quota answers; with
     * {@code Retry-After} once {@link #retryAfter} sets one.
     */
    THROTTLED,
    /** 500 {@code {"errors":["internal error"]}}. */
    INTERNAL_ERROR
  }

  private final VaultCore core;
  private final FaultSwitches<VaultOperation, VaultRequest> switches;
  private final Faults faults = new Faults();
  private final LoopbackHttpServer server = new LoopbackHttpServer("vault-emulator", this::serve);

  /**
   * Creates a stopped emulator whose token TTLs and timestamps follow {@code clock}, and whose injected
   * latency, if any, really sleeps.
   */
  public VaultEmulator(Clock clock) {
    this(clock, Sleeper.REAL);
  }

  /** Creates a stopped emulator whose time follows {@code clock} and whose injected latency {@code sleeper} waits. */
  public VaultEmulator(Clock clock, Sleeper sleeper) {
    this.core = new VaultCore(Objects.requireNonNull(clock, "clock"));
    this.switches = new FaultSwitches<>(sleeper);
  }

  /**
   * Binds 127.0.0.1 on an ephemeral port and starts serving plain HTTP, as {@code vault server -dev} does;
   * returns this emulator.
   *
   * @throws IllegalStateException if already started
   * @throws UncheckedIOException if the port cannot be bound
   */
  public VaultEmulator start() {
    server.start();
    return this;
  }

  /**
   * Binds 127.0.0.1 on an ephemeral port and starts serving HTTPS with {@code tls}, whose key and
   * certificate the test made (for {@code 127.0.0.1}); with {@code requireClientCertificate} the handshake
   * also demands a client certificate that {@code tls}'s trust managers accept, as a listener with
   * {@code tls_require_and_verify_client_cert} does. Returns this emulator.
   *
   * @throws IllegalStateException if already started
   * @throws UncheckedIOException if the port cannot be bound
   */
  public VaultEmulator start(SSLContext tls, boolean requireClientCertificate) {
    server.start(tls, requireClientCertificate);
    return this;
  }

  /**
   * Returns the address to give a Vault client, as {@code VAULT_ADDR}: {@code http://127.0.0.1:54321}, or
   * {@code https://...} when started with TLS.
   *
   * @throws IllegalStateException if the emulator is not started
   */
  public URI address() {
    return server.uri();
  }

  /**
   * Returns the root token, which may do anything in every namespace and never expires (a fake value such
   * as {@code hvs.} and 24 letters, only this emulator accepts it).
   */
  public String rootToken() {
    return core.rootToken();
  }

  /** Stops serving at once and frees the port; closing a stopped emulator does nothing. */
  @Override
  public void close() {
    server.close();
  }

  /**
   * Starts serving again after {@link #close()}, on the same port (with the same TLS) and with the mounts, secrets
   * and tokens it held, as a Vault node that restarts unsealed does; returns this emulator.
   *
   * @throws IllegalStateException if it is serving, or was never started
   * @throws UncheckedIOException if the port cannot be bound again
   */
  public VaultEmulator restart() {
    server.restart();
    return this;
  }

  // ---- state ----------------------------------------------------------------------------------

  /**
   * Enables a KV version 2 engine at {@code path}, such as {@code "kv"} or {@code "team/kv"}, in the root
   * namespace; returns this emulator.
   *
   * @throws IllegalArgumentException if the path is reserved ({@code sys}, {@code auth}, ...) or overlaps a
   *     mount
   */
  public VaultEmulator mountKv(String path) {
    return mountKv("", path);
  }

  /**
   * Enables a KV version 2 engine at {@code path} in {@code namespace} (such as {@code "team-a"}), creating
   * the namespace if needed; a new namespace has no KV mount until one is enabled. Returns this emulator.
   *
   * @throws IllegalArgumentException if the path is reserved or overlaps a mount, or a path is malformed
   */
  public VaultEmulator mountKv(String namespace, String path) {
    core.mountKv(namespace, path);
    return this;
  }

  /**
   * Creates or replaces the ACL policy {@code name} in the root namespace from its HCL (or JSON) text, such
   * as {@code path "secret/data/app/*" { capabilities = ["read"] }}; returns this emulator.
   *
   * @throws IllegalArgumentException if the text is malformed, names an unknown capability or a rule the
   *     emulator does not enforce (parameter constraints), or {@code name} is {@code root}
   */
  public VaultEmulator policy(String name, String hcl) {
    return policy("", name, hcl);
  }

  /**
   * Creates or replaces the ACL policy {@code name} in {@code namespace}, whose tokens may use it; paths in
   * it are relative to that namespace. Returns this emulator.
   *
   * @throws IllegalArgumentException as {@link #policy(String, String)}
   */
  public VaultEmulator policy(String namespace, String name, String hcl) {
    core.policy(namespace, Objects.requireNonNull(name, "name"), Objects.requireNonNull(hcl, "hcl"));
    return this;
  }

  /** Issues a token as {@code spec} says, as {@code auth/token/create} would, and returns its id. */
  public String createToken(TokenSpec spec) {
    return core.createToken(Objects.requireNonNull(spec, "spec"));
  }

  /**
   * Sets how a request with an expired, revoked or unknown token is refused: with {@code on} (the default), 403
   * {@code {"errors":["permission denied","invalid token"]}}, as Vault 1.17 and later answer (the "Error
   * Responses" of Vault's token concepts page); without, 403 {@code {"errors":["permission denied"]}} only, the
   * same answer as a policy refusal, as OpenBao and Vault before 1.17 give, and {@code sys/health} then reports
   * version 1.16.3 instead of 1.17.0. Returns this emulator.
   */
  public VaultEmulator invalidTokenError(boolean on) {
    core.invalidTokenError(on);
    return this;
  }

  /** Revokes {@code token}, as an operator would behind a client's back; revoking an unknown token does nothing. */
  public void revokeToken(String token) {
    core.revokeToken(Objects.requireNonNull(token, "token"));
  }

  /**
   * Returns how many service tokens of {@code namespace} ({@code ""} or {@code "root"} for the root namespace, else
   * a path such as {@code "team-a"}) are valid at the emulator's clock now, the root token excepted: the tokens
   * Vault keeps in its storage until they expire or are revoked, whose build-up its operators watch. A test
   * counts with it the tokens a client's logins left behind.
   *
   * @throws IllegalArgumentException if {@code namespace} is not a namespace path
   */
  public int serviceTokens(String namespace) {
    return core.serviceTokens(Objects.requireNonNull(namespace, "namespace"));
  }

  /**
   * Creates the AppRole role {@code role} at {@link #DEFAULT_APPROLE_MOUNT} in {@code tokens}' namespace, or
   * updates it, and issues it a new secret id; its logins issue tokens as {@code tokens} says.
   */
  public AppRoleCredentials appRole(String role, TokenSpec tokens) {
    return appRole(DEFAULT_APPROLE_MOUNT, role, tokens);
  }

  /**
   * Creates or updates the AppRole role {@code role} at {@code auth/{mount}} in {@code tokens}' namespace,
   * enabling the mount if needed, and issues it a new secret id.
   *
   * @throws IllegalArgumentException if another auth method is mounted at {@code mount}
   */
  public AppRoleCredentials appRole(String mount, String role, TokenSpec tokens) {
    return core.appRole(mount, Objects.requireNonNull(role, "role"), Objects.requireNonNull(tokens, "tokens"));
  }

  /**
   * Creates or replaces the Kubernetes auth role {@code role} at {@link #DEFAULT_KUBERNETES_MOUNT} in
   * {@code tokens}' namespace: it admits the service account {@code serviceAccountName} in the Kubernetes
   * namespace {@code serviceAccountNamespace} ({@code "*"} admits any) and issues tokens as {@code tokens}
   * says.
   */
  public void kubernetesRole(String role, String serviceAccountNamespace, String serviceAccountName,
      TokenSpec tokens) {
    kubernetesRole(DEFAULT_KUBERNETES_MOUNT, role, serviceAccountNamespace, serviceAccountName, tokens);
  }

  /**
   * Creates or replaces the Kubernetes auth role {@code role} at {@code auth/{mount}}, enabling the mount if
   * needed; as {@link #kubernetesRole(String, String, String, TokenSpec)} otherwise.
   *
   * @throws IllegalArgumentException if another auth method is mounted at {@code mount}
   */
  public void kubernetesRole(String mount, String role, String serviceAccountNamespace, String serviceAccountName,
      TokenSpec tokens) {
    core.kubernetesRole(mount, Objects.requireNonNull(role, "role"),
        Objects.requireNonNull(serviceAccountNamespace, "serviceAccountNamespace"),
        Objects.requireNonNull(serviceAccountName, "serviceAccountName"), Objects.requireNonNull(tokens, "tokens"));
  }

  /**
   * Returns a new service account JWT for {@code serviceAccountName} in the Kubernetes namespace
   * {@code serviceAccountNamespace}, which every Kubernetes role that admits that account accepts at login.
   * It has a real token's shape and claims but no valid signature; a JWT the emulator did not mint is
   * refused with 403, as Kubernetes' TokenReview would refuse it.
   */
  public String kubernetesServiceAccountJwt(String serviceAccountNamespace, String serviceAccountName) {
    return core.serviceAccountJwt(Objects.requireNonNull(serviceAccountNamespace, "serviceAccountNamespace"),
        Objects.requireNonNull(serviceAccountName, "serviceAccountName"));
  }

  // ---- switches -------------------------------------------------------------------------------

  /**
   * Fails the next {@code count} requests of any operation as {@code failure} says, before they are carried
   * out.
   *
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public void failNext(int count, Failure failure) {
    faults.failNext(count, failure);
  }

  /**
   * Fails the next {@code count} requests of {@code operation} as {@code failure} says, before they are
   * carried out.
   *
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public void failNext(VaultOperation operation, int count, Failure failure) {
    faults.failNext(Objects.requireNonNull(operation, "operation"), count, failure);
  }

  /**
   * Makes every later 429 carry {@code Retry-After} with {@code delay} in whole seconds, as Vault does when
   * a quota's {@code enable_rate_limit_response_headers} is on; by default a 429 carries none.
   *
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public void retryAfter(Duration delay) {
    faults.retryAfter(delay);
  }

  /**
   * Carries out the next {@code count} requests of {@code operation}, then closes each connection without an
   * answer, as when the response is lost on the way back: the client sees an I/O error for a request that
   * took effect.
   *
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public void loseResponses(VaultOperation operation, int count) {
    switches.loseResponses(operation, count);
  }

  /**
   * Makes the {@code k}-th request from now, counting every operation, fail as {@code fault} says: before it
   * is carried out (a 500, or a 429 rate limit), or after (a 500, or the connection closed without a response).
   * One such fault is armed at a time; arming another, or {@link #clearFaults()}, replaces it.
   *
   * @throws IllegalArgumentException if {@code k} is less than 1
   */
  public void failCall(int k, CallFault fault) {
    switches.failCall(k, fault);
  }

  /**
   * Runs {@code action} once, on the thread serving the request, just before the emulator handles the next
   * request that {@code matches}: a test can make another writer act at an exact point of a write. Other
   * requests, including those {@code action} makes, are served meanwhile. Arming another hook, or
   * {@link #clearFaults()}, replaces it.
   */
  public void beforeNext(Predicate<VaultRequest> matches, Runnable action) {
    switches.beforeNext(matches, action);
  }

  /**
   * Delays every later request by {@code perCall} through the {@link Sleeper}; zero, the default, adds none.
   *
   * @throws IllegalArgumentException if {@code perCall} is negative
   */
  public void latency(Duration perCall) {
    switches.latency(perCall);
  }

  /**
   * Fails and delays requests by chance from now on, as {@code faults} says, until {@link #clearFaults()}: a
   * failure before the request is carried out is a 500 or a 429, a lost answer a 500 or a dropped connection after
   * it was carried out.
   */
  public void failRandomly(RandomFaults faults) {
    switches.failRandomly(faults);
  }

  /** Turns every switch off and disarms the hook; secrets, tokens and call counts are kept. */
  public void clearFaults() {
    faults.clear();
    switches.clear();
  }

  // ---- counters -------------------------------------------------------------------------------

  /** Returns how many requests named {@code operation} so far, refused ones included. */
  public int calls(VaultOperation operation) {
    return switches.calls(operation);
  }

  /** Returns how many requests the emulator received so far. */
  public int totalCalls() {
    return switches.totalCalls();
  }

  /** Returns how many requests {@link #failCall} and {@link #failRandomly} failed since the last {@link #resetCalls()}. */
  public int faultsInjected() {
    return switches.faultsInjected();
  }

  /** Sets every call count back to zero. */
  public void resetCalls() {
    switches.resetCalls();
  }

  /** Returns the address, or that it is stopped, such as {@code VaultEmulator[http://127.0.0.1:54321]}. */
  @Override
  public String toString() {
    return "VaultEmulator[" + server + "]";
  }

  // ---- serving --------------------------------------------------------------------------------

  private void serve(HttpExchange exchange) throws IOException {
    Reply reply;
    try {
      reply = dispatch(exchange);
    } catch (VaultError error) {
      reply = error.reply();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reply = VaultError.of(500, "internal error").reply();
    } catch (RuntimeException e) {
      reply = VaultError.of(500, "internal error: " + e).reply();
    }
    respond(exchange, reply);
  }

  private Reply dispatch(HttpExchange exchange) throws IOException, InterruptedException {
    byte[] body;
    try {
      body = readBody(exchange);
    } catch (VaultError tooLarge) {
      switches.recordCall(VaultOperation.OTHER);
      throw tooLarge;
    }
    URI uri = exchange.getRequestURI();
    String path = uri.getPath();
    if (!path.startsWith("/v1/")) {
      switches.recordCall(VaultOperation.OTHER);
      throw VaultError.notFound();
    }
    Headers headers = exchange.getRequestHeaders();
    Call call = core.classify(exchange.getRequestMethod(), path.substring("/v1/".length()), uri.getRawQuery(),
        headers.getFirst("X-Vault-Namespace"), token(headers), headers.getFirst("X-Vault-Wrap-TTL"), body);
    VaultOperation operation = call.operation();
    CallFault callFault = switches.begin(operation, call.request());
    if (callFault == CallFault.ERROR_BEFORE) {
      throw VaultError.of(500, "internal error");
    }
    if (callFault == CallFault.THROTTLE_BEFORE) {
      throw throttled(call);
    }
    Failure failure = faults.takeFailure(operation);
    if (failure != null) {
      return fail(call, failure);
    }
    Reply reply = core.handle(call);
    if (callFault == CallFault.DROP_AFTER || switches.takeLostResponse(operation)) {
      throw new LoopbackHttpServer.ConnectionDropped();
    }
    if (callFault == CallFault.ERROR_AFTER) {
      throw VaultError.of(500, "internal error");
    }
    return reply;
  }

  private Reply fail(Call call, Failure failure) {
    return switch (failure) {
      case SEALED -> call.operation() == VaultOperation.HEALTH ? core.health(call, true, false)
          : VaultError.of(503, "Vault is sealed").reply();
      case STANDBY -> call.operation() == VaultOperation.HEALTH ? core.health(call, false, true)
          : VaultError.of(503, "no active Vault instance found").reply();
      case THROTTLED -> throttled(call).reply();
      case INTERNAL_ERROR -> VaultError.of(500, "internal error").reply();
    };
  }

  private VaultError throttled(Call call) {
    VaultError error = VaultError.of(429, "request path \"" + call.request().path() + "\": rate limit quota exceeded");
    Duration retryAfter = faults.retryAfter();
    if (retryAfter != null) {
      error.withHeader("Retry-After", Long.toString(retryAfter.toSeconds()));
    }
    return error;
  }

  /** Returns the request's token: {@code X-Vault-Token}, else an {@code Authorization: Bearer} one, else null. */
  private static String token(Headers headers) {
    String token = headers.getFirst("X-Vault-Token");
    if (token != null && !token.isEmpty()) {
      return token;
    }
    String authorization = headers.getFirst("Authorization");
    if (authorization != null && authorization.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
      return authorization.substring("bearer ".length()).strip();
    }
    return null;
  }

  private static byte[] readBody(HttpExchange exchange) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try (InputStream in = exchange.getRequestBody()) {
      byte[] buffer = new byte[8192];
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        body.write(buffer, 0, read);
        if (body.size() > MAX_REQUEST_BYTES) {
          in.transferTo(OutputStream.nullOutputStream());
          throw VaultError.of(413, "http: request body too large");
        }
      }
    }
    return body.toByteArray();
  }

  private static void respond(HttpExchange exchange, Reply reply) throws IOException {
    Headers headers = exchange.getResponseHeaders();
    headers.set("Cache-Control", "no-store");
    reply.headers().forEach(headers::set);
    byte[] bytes = null;
    if (reply.body() != null) {
      headers.set("Content-Type", "application/json");
      try {
        bytes = (Wire.JSON.writeValueAsString(reply.body()) + "\n").getBytes(StandardCharsets.UTF_8);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write a response body", e);
      }
    }
    // A HEAD answer, a 204 and a 304 carry no body, whatever sys/health's status parameters ask.
    boolean bodiless = "HEAD".equals(exchange.getRequestMethod()) || reply.status() == 204 || reply.status() == 304;
    exchange.sendResponseHeaders(reply.status(), bytes == null || bodiless ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (bytes != null && !bodiless) {
        out.write(bytes);
      }
    } finally {
      exchange.close();
    }
  }
}
