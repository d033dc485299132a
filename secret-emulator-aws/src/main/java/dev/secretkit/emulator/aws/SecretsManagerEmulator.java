package dev.secretkit.emulator.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves AWS Secrets Manager's JSON 1.1 protocol on {@code http://127.0.0.1:<ephemeral port>/}
 * so that the real AWS SDK v2 client, pointed at {@link #endpoint()}, behaves as it would against
 * AWS.
 *
 * <p>It serves CreateSecret, GetSecretValue, PutSecretValue, UpdateSecret,
 * UpdateSecretVersionStage, DescribeSecret, ListSecrets, ListSecretVersionIds,
 * BatchGetSecretValue, DeleteSecret, RestoreSecret, TagResource and UntagResource, with AWS's
 * staging-label, recovery-window, paging, idempotency and limit semantics and its error codes.
 * Any other operation gets UnknownOperationException. SigV4 signatures are accepted unchecked,
 * but the credential scope is read: state is kept per region, and ARNs name that region and
 * account {@value #ACCOUNT_ID}. Time comes from the {@link Clock} given at construction, so a
 * test moves recovery windows along by advancing a manual clock.
 *
 * <p>Switches inject faults before an operation runs: {@link #throttleNext(int)} (ThrottlingException
 * "Rate exceeded", status 400 as AWS sends it), {@link #failNext(int)} (InternalServiceError, 500),
 * {@link #deny(String)} (AccessDeniedException), {@link #failDecryption(String)}
 * (DecryptionFailure), {@link #rejectAccessKey(String)} (UnrecognizedClientException),
 * {@link #refuseCredentials(String)} (ExpiredTokenException and the like) and
 * {@link #latency(Duration)}; {@link #loseResponses} and {@link #failCall} also fail a call after
 * carrying it out, as when its answer is lost. Every request that names an operation is counted first, whatever
 * its outcome, so {@link #calls(String)} counts the SDK's retries too.
 *
 * <pre>{@code
 * try (SecretsManagerEmulator aws = new SecretsManagerEmulator(new ManualClock()).start()) {
 *   SecretsManagerClient client = SecretsManagerClient.builder()
 *       .endpointOverride(aws.endpoint()) ... .build();
 *   aws.throttleNext("GetSecretValue", 2);
 *   ...
 *   assertThat(aws.calls("GetSecretValue")).isEqualTo(3);
 * }
 * }</pre>
 *
 * <p>Instances are thread-safe: switches may be flipped while requests are served. Each
 * operation is atomic within its region.
 */
public final class SecretsManagerEmulator implements AutoCloseable {
  /** The account id in every ARN the emulator issues. */
  public static final String ACCOUNT_ID = "123456789012";

  private static final String TARGET_PREFIX = "secretsmanager.";
  private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  private static final Pattern CREDENTIAL_SCOPE = Pattern.compile(
      "Credential=([^/,\\s]+)/\\d{8}/([^/,\\s]+)/secretsmanager/aws4_request");
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    // Without TCP_NODELAY every keep-alive request stalls ~40 ms on delayed ACKs
    // (backends.md section 3). The JDK reads this once, before the first server starts.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** Waits out injected latency; tests pass a recording fake so that nothing really sleeps. */
  @FunctionalInterface
  public interface Sleeper {
    /**
     * Blocks the request being served for {@code duration}.
     *
     * @throws InterruptedException if the serving thread is interrupted, as on {@link #close()}
     */
    void sleep(Duration duration) throws InterruptedException;
  }

  /** What {@link #failCall} does to the call it picks. */
  public enum CallFault {
    /** Answers a 500 InternalServiceError without carrying out the call. */
    ERROR_BEFORE,
    /** Answers ThrottlingException "Rate exceeded" without carrying out the call. */
    THROTTLE_BEFORE,
    /** Carries out the call, then answers a 500 as if its response were lost. */
    ERROR_AFTER,
    /** Carries out the call, then closes the connection without any response. */
    DROP_AFTER
  }

  /** Thrown inside a request's handling to close its connection without an answer. */
  private static final class Dropped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Dropped() {
      super("connection dropped", null, false, false);
    }
  }

  private final Clock clock;
  private final Sleeper sleeper;
  private final Faults faults = new Faults();
  private final Map<String, RegionState> regions = new ConcurrentHashMap<>();
  private HttpServer server;
  private ExecutorService executor;
  private final AtomicReference<Hook> hook = new AtomicReference<>();

  /** A test's action to run before one matching call. */
  private record Hook(Predicate<String> operation, Predicate<JsonNode> matches, Runnable action) {
  }

  /**
   * Creates a stopped emulator whose timestamps and recovery windows follow {@code clock}, and
   * whose injected latency, if any, really sleeps.
   */
  public SecretsManagerEmulator(Clock clock) {
    this(clock, duration -> TimeUnit.NANOSECONDS.sleep(duration.toNanos()));
  }

  /**
   * Creates a stopped emulator whose timestamps follow {@code clock} and whose injected latency
   * is waited out by {@code sleeper}.
   */
  public SecretsManagerEmulator(Clock clock, Sleeper sleeper) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /**
   * Binds 127.0.0.1 on an ephemeral port and starts serving; returns this emulator.
   *
   * @throws IllegalStateException if already started
   * @throws UncheckedIOException if the port cannot be bound
   */
  public synchronized SecretsManagerEmulator start() {
    if (server != null) {
      throw new IllegalStateException("the emulator is already started");
    }
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the Secrets Manager emulator", e);
    }
    executor = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "secrets-manager-emulator");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/", this::serve);
    server.start();
    return this;
  }

  /**
   * Returns the URI to give the SDK's {@code endpointOverride}, such as
   * {@code http://127.0.0.1:54321}.
   *
   * @throws IllegalStateException if the emulator is not started
   */
  public synchronized URI endpoint() {
    if (server == null) {
      throw new IllegalStateException("the emulator is not started");
    }
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Stops serving at once and frees the port; closing a stopped emulator does nothing. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
      executor = null;
    }
  }

  // ---- switches ---------------------------------------------------------------------------

  /** Answers the next {@code count} calls of any operation with ThrottlingException "Rate exceeded". */
  public void throttleNext(int count) {
    faults.throttleNext(count);
  }

  /** Answers the next {@code count} calls of {@code operation} with ThrottlingException. */
  public void throttleNext(String operation, int count) {
    faults.throttleNext(operation, count);
  }

  /** Answers the next {@code count} calls of any operation with a 500 InternalServiceError. */
  public void failNext(int count) {
    faults.failNext(count);
  }

  /** Answers the next {@code count} calls of {@code operation} with a 500 InternalServiceError. */
  public void failNext(String operation, int count) {
    faults.failNext(operation, count);
  }

  /**
   * Carries out the next {@code count} calls of {@code operation}, then answers each with a 500
   * as if the response were lost on the way back: a client's retry must be idempotent.
   */
  public void loseResponses(String operation, int count) {
    faults.loseResponse(operation, count);
  }

  /**
   * Runs {@code action} once, on the thread serving the request, just before the emulator handles
   * the next call of an operation that {@code operation} accepts, whose JSON request
   * {@code matches}: a test can make another writer act at an exact point of a write. Other calls,
   * including those {@code action} makes, are served meanwhile. Arming another hook, or
   * {@link #clearFaults()}, replaces it.
   */
  public void beforeNext(Predicate<String> operation, Predicate<JsonNode> matches, Runnable action) {
    hook.set(new Hook(Objects.requireNonNull(operation, "operation"), Objects.requireNonNull(matches, "matches"),
        Objects.requireNonNull(action, "action")));
  }

  /**
   * Makes the {@code k}-th request from now, counting every operation, fail as {@code fault}
   * says: before it is carried out, or after (its answer lost). One such fault is armed at a
   * time; arming another, or {@link #clearFaults()}, replaces it.
   *
   * @throws IllegalArgumentException if {@code k} is less than 1
   */
  public void failCall(int k, CallFault fault) {
    faults.failCall(k, fault);
  }

  /**
   * Answers every call of {@code operation} with AccessDeniedException until {@link #clearFaults()};
   * denying GetSecretValue also puts an AccessDeniedException entry in BatchGetSecretValue's
   * {@code Errors} for each secret, as AWS checks that permission per secret.
   */
  public void deny(String operation) {
    faults.deny(operation);
  }

  /**
   * Makes reads of the secret named {@code secretName} fail with DecryptionFailure, as when its
   * KMS key is disabled: GetSecretValue throws, BatchGetSecretValue reports it in {@code Errors}.
   */
  public void failDecryption(String secretName) {
    faults.failDecryption(secretName);
  }

  /** Answers every request signed with {@code accessKeyId} with UnrecognizedClientException. */
  public void rejectAccessKey(String accessKeyId) {
    faults.rejectAccessKey(accessKeyId);
  }

  /**
   * Answers every request with {@code errorCode} (status 400) until {@link #clearFaults()}, as AWS
   * answers when it refuses the request's credentials themselves: ExpiredTokenException,
   * InvalidSignatureException, IncompleteSignatureException, InvalidClientTokenId.
   */
  public void refuseCredentials(String errorCode) {
    faults.refuseCredentials(errorCode);
  }

  /**
   * Delays every later request by {@code perCall} through the {@link Sleeper}; zero, the
   * default, adds none.
   *
   * @throws IllegalArgumentException if {@code perCall} is negative
   */
  public void latency(Duration perCall) {
    faults.latency(perCall);
  }

  /** Turns every switch off; secrets and call counts are kept. */
  public void clearFaults() {
    faults.clear();
    hook.set(null);
  }

  // ---- counters ---------------------------------------------------------------------------

  /** Returns how many requests named {@code operation}, such as "BatchGetSecretValue", so far. */
  public int calls(String operation) {
    return faults.calls(operation);
  }

  /** Returns how many requests named any operation so far. */
  public int totalCalls() {
    return faults.totalCalls();
  }

  /** Sets every call count back to zero. */
  public void resetCalls() {
    faults.resetCalls();
  }

  // ---- serving ----------------------------------------------------------------------------

  private void serve(HttpExchange exchange) throws IOException {
    int status = 200;
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(dispatch(exchange));
    } catch (Dropped dropped) {
      exchange.close();
      return;
    } catch (ServiceError error) {
      status = error.status();
      body = errorBody(error.code(), error.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = 500;
      body = errorBody("InternalServiceError", "The request was interrupted.");
    } catch (RuntimeException e) {
      status = 500;
      body = errorBody("InternalServiceError", "An error occurred on the server side: " + e);
    }
    exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
    exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    } finally {
      exchange.close();
    }
  }

  private JsonNode dispatch(HttpExchange exchange) throws IOException, InterruptedException {
    byte[] request;
    try (InputStream in = exchange.getRequestBody()) {
      request = in.readAllBytes();
    }
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    if (!"POST".equals(exchange.getRequestMethod()) || !"/".equals(exchange.getRequestURI().getPath())
        || target == null || !target.startsWith(TARGET_PREFIX)) {
      throw ServiceError.client("UnknownOperationException", "");
    }
    String operation = target.substring(TARGET_PREFIX.length());
    faults.recordCall(operation);
    Hook armed = hook.get();
    if (armed != null && armed.operation().test(operation) && armed.matches().test(parse(request))
        && hook.compareAndSet(armed, null)) {
      armed.action().run();
    }
    CallFault callFault = faults.countTowardsCallFault();
    if (callFault == CallFault.ERROR_BEFORE) {
      throw new ServiceError("InternalServiceError", 500, "An error occurred on the server side.");
    }
    if (callFault == CallFault.THROTTLE_BEFORE) {
      throw ServiceError.client("ThrottlingException", "Rate exceeded");
    }
    Duration latency = faults.latency();
    if (!latency.isZero()) {
      sleeper.sleep(latency);
    }
    Matcher scope = CREDENTIAL_SCOPE.matcher(
        Objects.requireNonNullElse(exchange.getRequestHeaders().getFirst("Authorization"), ""));
    if (!scope.find()) {
      throw ServiceError.client("MissingAuthenticationTokenException", "Missing Authentication Token");
    }
    String accessKeyId = scope.group(1);
    if (faults.isRejected(accessKeyId)) {
      throw ServiceError.client("UnrecognizedClientException",
          "The security token included in the request is invalid.");
    }
    String refusal = faults.credentialsRefusal();
    if (refusal != null) {
      throw ServiceError.client(refusal, "The request's credentials were refused.");
    }
    if (faults.takeThrottle(operation)) {
      throw ServiceError.client("ThrottlingException", "Rate exceeded");
    }
    if (faults.takeFailure(operation)) {
      throw new ServiceError("InternalServiceError", 500, "An error occurred on the server side.");
    }
    if (faults.isDenied(operation)) {
      throw ServiceError.client(ServiceError.ACCESS_DENIED, "User: arn:aws:iam::" + ACCOUNT_ID
          + ":user/" + accessKeyId + " is not authorized to perform: secretsmanager:" + operation);
    }
    RegionState region = regions.computeIfAbsent(scope.group(2),
        name -> new RegionState(name, ACCOUNT_ID, clock, faults));
    ObjectNode response = region.handle(operation, parse(request));
    if (callFault == CallFault.DROP_AFTER) {
      throw new Dropped();
    }
    if (callFault == CallFault.ERROR_AFTER || faults.takeLostResponse(operation)) {
      throw new ServiceError("InternalServiceError", 500, "An error occurred on the server side.");
    }
    return response;
  }

  private static JsonNode parse(byte[] request) {
    try {
      JsonNode node = JSON.readTree(request.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : request);
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (IOException malformed) {
      // Reported below, as AWS reports any body it cannot read.
    }
    throw ServiceError.client("SerializationException", "The request body is not a JSON object.");
  }

  private static byte[] errorBody(String code, String message) {
    try {
      return JSON.writeValueAsBytes(JSON.createObjectNode().put("__type", code).put("message", message));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an error body", e);
    }
  }
}
