package dev.secretkit.emulator.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.secretkit.emulator.support.CallFault;
import dev.secretkit.emulator.support.FaultSwitches;
import dev.secretkit.emulator.support.LoopbackHttpServer;
import dev.secretkit.emulator.support.RandomFaults;
import dev.secretkit.emulator.support.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
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
 * its outcome, so {@link #calls(String)} counts the SDK's retries too. The switches, their order and the call
 * counters are those every SecretKit emulator has ({@link FaultSwitches}).
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

  /** What a {@link #beforeNext} hook sees of a call: its operation and its request body, parsed on demand. */
  private record Call(String operation, byte[] body) {
  }

  private final Clock clock;
  private final FaultSwitches<String, Call> switches;
  private final Faults faults = new Faults();
  private final Map<String, RegionState> regions = new ConcurrentHashMap<>();
  private final LoopbackHttpServer server = new LoopbackHttpServer("secrets-manager-emulator", this::serve);

  /**
   * Creates a stopped emulator whose timestamps and recovery windows follow {@code clock}, and
   * whose injected latency, if any, really sleeps.
   */
  public SecretsManagerEmulator(Clock clock) {
    this(clock, Sleeper.REAL);
  }

  /**
   * Creates a stopped emulator whose timestamps follow {@code clock} and whose injected latency
   * is waited out by {@code sleeper}.
   */
  public SecretsManagerEmulator(Clock clock, Sleeper sleeper) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.switches = new FaultSwitches<>(sleeper);
  }

  /**
   * Binds 127.0.0.1 on an ephemeral port and starts serving; returns this emulator.
   *
   * @throws IllegalStateException if already started
   * @throws UncheckedIOException if the port cannot be bound
   */
  public SecretsManagerEmulator start() {
    server.start();
    return this;
  }

  /**
   * Returns the URI to give the SDK's {@code endpointOverride}, such as
   * {@code http://127.0.0.1:54321}.
   *
   * @throws IllegalStateException if the emulator is not started
   */
  public URI endpoint() {
    return server.uri();
  }

  /** Stops serving at once and frees the port; closing a stopped emulator does nothing. */
  @Override
  public void close() {
    server.close();
  }

  /**
   * Starts serving again after {@link #close()}, on the same port and with the secrets it held, as a service that
   * restarts does; returns this emulator.
   *
   * @throws IllegalStateException if it is serving, or was never started
   * @throws UncheckedIOException if the port cannot be bound again
   */
  public SecretsManagerEmulator restart() {
    server.restart();
    return this;
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
    switches.loseResponses(operation, count);
  }

  /**
   * Runs {@code action} once, on the thread serving the request, just before the emulator handles
   * the next call of an operation that {@code operation} accepts, whose JSON request
   * {@code matches}: a test can make another writer act at an exact point of a write. Other calls,
   * including those {@code action} makes, are served meanwhile. Arming another hook, or
   * {@link #clearFaults()}, replaces it.
   */
  public void beforeNext(Predicate<String> operation, Predicate<JsonNode> matches, Runnable action) {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(matches, "matches");
    switches.beforeNext(call -> operation.test(call.operation()) && matches.test(parse(call.body())), action);
  }

  /**
   * Makes the {@code k}-th request from now, counting every operation, fail as {@code fault}
   * says: before it is carried out (a 500 InternalServiceError, or ThrottlingException "Rate
   * exceeded"), or after (a 500, or the connection closed without a response). One such fault is
   * armed at a time; arming another, or {@link #clearFaults()}, replaces it.
   *
   * @throws IllegalArgumentException if {@code k} is less than 1
   */
  public void failCall(int k, CallFault fault) {
    switches.failCall(k, fault);
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
    switches.latency(perCall);
  }

  /**
   * Fails and delays calls by chance from now on, as {@code faults} says, until {@link #clearFaults()}: a failure
   * before the call is an InternalServiceError (500) or a ThrottlingException, a lost answer an
   * InternalServiceError or a dropped connection after the call was carried out.
   */
  public void failRandomly(RandomFaults faults) {
    switches.failRandomly(faults);
  }

  /** Turns every switch off; secrets and call counts are kept. */
  public void clearFaults() {
    faults.clear();
    switches.clear();
  }

  // ---- counters ---------------------------------------------------------------------------

  /** Returns how many requests named {@code operation}, such as "BatchGetSecretValue", so far. */
  public int calls(String operation) {
    return switches.calls(operation);
  }

  /** Returns how many requests named any operation so far. */
  public int totalCalls() {
    return switches.totalCalls();
  }

  /** Returns how many calls {@link #failCall} and {@link #failRandomly} failed since the last {@link #resetCalls()}. */
  public int faultsInjected() {
    return switches.faultsInjected();
  }

  /** Sets every call count back to zero. */
  public void resetCalls() {
    switches.resetCalls();
  }

  // ---- serving ----------------------------------------------------------------------------

  private void serve(HttpExchange exchange) throws IOException {
    int status = 200;
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(dispatch(exchange));
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
    CallFault callFault = switches.begin(operation, new Call(operation, request));
    if (callFault == CallFault.ERROR_BEFORE) {
      throw new ServiceError("InternalServiceError", 500, "An error occurred on the server side.");
    }
    if (callFault == CallFault.THROTTLE_BEFORE) {
      throw ServiceError.client("ThrottlingException", "Rate exceeded");
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
      // AWS names the caller by its ARN (an IAM user name), never by its access key id, which the SDK would log.
      throw ServiceError.client(ServiceError.ACCESS_DENIED, "User: arn:aws:iam::" + ACCOUNT_ID
          + ":user/emulator-user is not authorized to perform: secretsmanager:" + operation);
    }
    RegionState region = regions.computeIfAbsent(scope.group(2),
        name -> new RegionState(name, ACCOUNT_ID, clock, faults));
    ObjectNode response = region.handle(operation, parse(request));
    if (callFault == CallFault.DROP_AFTER) {
      throw new LoopbackHttpServer.ConnectionDropped();
    }
    if (callFault == CallFault.ERROR_AFTER || switches.takeLostResponse(operation)) {
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
