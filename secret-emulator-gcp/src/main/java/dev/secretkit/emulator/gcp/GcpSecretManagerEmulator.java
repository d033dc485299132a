package dev.secretkit.emulator.gcp;

import dev.secretkit.emulator.support.CallFault;
import dev.secretkit.emulator.support.FaultSwitches;
import dev.secretkit.emulator.support.RandomFaults;
import dev.secretkit.emulator.support.Sleeper;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Serves Google Cloud Secret Manager's gRPC API ({@code google.cloud.secretmanager.v1.SecretManagerService}) in
 * process, and on request on a plaintext loopback port, so that the real {@code SecretManagerServiceClient} (or any
 * Secret Manager client) pointed at it behaves as it would against Secret Manager.
 *
 * <p>It serves every RPC of the service but the IAM ones (answered {@code UNIMPLEMENTED}) with Secret Manager's
 * documented semantics: secrets with automatic or user-managed replication, labels, annotations and version aliases
 * (validated as the {@code Secret} resource documents them), versions numbered from 1 and never reused, the
 * ENABLED / DISABLED / DESTROYED state machine (DESTROYED is terminal and wipes the data), {@code latest} as the most
 * recently created version whatever its state, payloads of at most 65,536 bytes with their CRC32C checked when sent
 * and computed when not, etags that change on every change and fail a stale request with
 * {@code FAILED_PRECONDITION}, update masks, paging, and list filters on names, labels and version states. Answers
 * name projects by number, as Secret Manager's do, whatever the request named: {@link #projectNumber} gives the
 * number of an ID. Status codes and, where the real text is on record, messages are Secret Manager's. Time comes from
 * the {@link Clock} given at construction. Not emulated: regional secrets ({@code projects/P/locations/L/...}, answered
 * {@code UNIMPLEMENTED}), IAM, expiry, rotation, Pub/Sub topics, delayed destruction, customer-managed encryption and
 * tags (refused with {@code INVALID_ARGUMENT} when set), and filters on other fields.
 *
 * <p>{@link #start()} serves in process only: {@link #openChannel()} gives a channel for the client's
 * {@code FixedTransportChannelProvider}, and calls run on the caller's thread. {@link #startTcp()} also listens on
 * {@code 127.0.0.1} (plaintext HTTP/2, for a client in another process): {@link #endpoint()} is the client's endpoint.
 *
 * <p>Switches inject faults before a call is carried out: {@link #failNext} ({@code UNAVAILABLE},
 * {@code RESOURCE_EXHAUSTED}, {@code INTERNAL}, {@code DEADLINE_EXCEEDED}, {@code UNAUTHENTICATED},
 * {@code PERMISSION_DENIED}), {@link #deny}, {@link #latency}, and {@link #failCall} (the k-th call fails before, or
 * after it took effect); {@link #loseResponses} carries a call out and then answers {@code DEADLINE_EXCEEDED}, as a
 * client sees an answer that never came, and {@link #beforeNext} lets another writer act at an exact point. Every call
 * is counted first, by its {@link GcpOperation}, whatever its outcome, so {@link #calls} counts a client's retries
 * too. The switches, their order and the call counters are those every SecretKit emulator has
 * ({@link FaultSwitches}).
 *
 * <pre>{@code
 * try (GcpSecretManagerEmulator gcp = new GcpSecretManagerEmulator(new ManualClock()).start()) {
 *   SecretManagerServiceSettings.Builder settings = SecretManagerServiceSettings.newBuilder()
 *       .setTransportChannelProvider(FixedTransportChannelProvider.create(
 *           GrpcTransportChannel.create(gcp.openChannel())))
 *       .setCredentialsProvider(NoCredentialsProvider.create());
 *   try (SecretManagerServiceClient client = SecretManagerServiceClient.create(settings.build())) {
 *     gcp.failNext(GcpOperation.ACCESS_SECRET_VERSION, 1, GcpSecretManagerEmulator.Failure.UNAVAILABLE);
 *     ...
 *     assertThat(gcp.calls(GcpOperation.ACCESS_SECRET_VERSION)).isEqualTo(2);
 *   }
 * }
 * }</pre>
 *
 * <p>Instances are thread-safe: switches may be flipped while calls are served. Each call is atomic.
 */
public final class GcpSecretManagerEmulator implements AutoCloseable {
  /** The largest payload {@code AddSecretVersion} takes: 65,536 bytes ("Must be no larger than 64KiB"). */
  public static final int MAX_PAYLOAD_BYTES = SecretManagerState.MAX_PAYLOAD_BYTES;

  /** How {@link #failNext} fails a call, before it is carried out; each answers Google's text for the status. */
  public enum Failure {
    /** {@code UNAVAILABLE} "The service is currently unavailable.", which the client retries on access. */
    UNAVAILABLE,
    /**
     * {@code RESOURCE_EXHAUSTED} "Quota exceeded for quota metric 'Access requests' ...", naming the access, read or
     * write quota the call counts against and the project number.
     */
    RESOURCE_EXHAUSTED,
    /** {@code INTERNAL} "Internal error encountered." */
    INTERNAL,
    /** {@code DEADLINE_EXCEEDED} "Deadline expired before operation could complete." */
    DEADLINE_EXCEEDED,
    /** {@code UNAUTHENTICATED} "Request had invalid authentication credentials. ...", as for an expired token. */
    UNAUTHENTICATED,
    /**
     * {@code PERMISSION_DENIED} "Permission 'secretmanager.versions.access' denied for resource '...' (or it may not
     * exist).", naming the operation's {@linkplain GcpOperation#permission() permission} and the resource as sent.
     */
    PERMISSION_DENIED
  }

  private static final long SHUTDOWN_SECONDS = 5;

  private final SecretManagerState state;
  private final FaultSwitches<GcpOperation, GcpRequest> switches;
  private final Faults faults = new Faults();
  private final ServerServiceDefinition service;
  private final List<ManagedChannel> channels = new ArrayList<>();
  private String inProcessName;
  private Server inProcess;
  private Server tcp;
  private int stoppedPort;
  private boolean closed;

  /** Creates a stopped emulator whose timestamps follow {@code clock}, and whose injected latency really sleeps. */
  public GcpSecretManagerEmulator(Clock clock) {
    this(clock, Sleeper.REAL);
  }

  /** Creates a stopped emulator whose timestamps follow {@code clock} and whose latency {@code sleeper} waits out. */
  public GcpSecretManagerEmulator(Clock clock, Sleeper sleeper) {
    this.state = new SecretManagerState(Objects.requireNonNull(clock, "clock"));
    this.switches = new FaultSwitches<>(sleeper);
    this.service = new SecretManagerService(state, switches, faults).definition();
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  /**
   * Starts serving in process, under a fresh {@linkplain #inProcessName() name}, with calls run on the caller's
   * thread; returns this emulator.
   *
   * @throws IllegalStateException if already started, or closed
   */
  public synchronized GcpSecretManagerEmulator start() {
    if (closed || inProcess != null) {
      throw new IllegalStateException(closed ? "the emulator is closed" : "the emulator is already started");
    }
    String name = InProcessServerBuilder.generateName();
    inProcess = startServer(InProcessServerBuilder.forName(name).directExecutor().addService(service));
    inProcessName = name;
    return this;
  }

  /**
   * Starts serving in process, as {@link #start()} does, and on {@code 127.0.0.1} on an ephemeral port, plaintext,
   * for clients in other processes; returns this emulator.
   *
   * @throws IllegalStateException if already started, or closed
   * @throws UncheckedIOException if the port cannot be bound
   */
  public synchronized GcpSecretManagerEmulator startTcp() {
    start();
    tcp = startServer(NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        InsecureServerCredentials.create()).addService(service));
    return this;
  }

  /**
   * Returns the in-process server's name, for a channel of one's own ({@code InProcessChannelBuilder.forName}).
   *
   * @throws IllegalStateException if the emulator is not started
   */
  public synchronized String inProcessName() {
    checkServing();
    return inProcessName;
  }

  /**
   * Opens a new in-process channel to the emulator, which runs calls on the caller's thread; give it to the client
   * as {@code FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel))}. A client shuts its channel
   * down when it is closed, so each client needs its own; the emulator shuts down every channel it opened when it is
   * closed.
   *
   * @throws IllegalStateException if the emulator is not started
   */
  public synchronized ManagedChannel openChannel() {
    checkServing();
    ManagedChannel channel = InProcessChannelBuilder.forName(inProcessName).directExecutor().build();
    channels.add(channel);
    return channel;
  }

  /**
   * Returns the endpoint to give a client in another process, {@code 127.0.0.1:PORT}, as
   * {@code SecretManagerServiceSettings.newBuilder().setEndpoint(endpoint)} with a plaintext channel.
   *
   * @throws IllegalStateException if the emulator was not started with {@link #startTcp()}
   */
  public String endpoint() {
    return InetAddress.getLoopbackAddress().getHostAddress() + ":" + port();
  }

  /**
   * Returns the loopback port the emulator listens on.
   *
   * @throws IllegalStateException if the emulator was not started with {@link #startTcp()}
   */
  public synchronized int port() {
    checkServing();
    if (tcp == null) {
      throw new IllegalStateException("the emulator serves in process only; start it with startTcp() for a port");
    }
    return ((InetSocketAddress) tcp.getListenSockets().get(0)).getPort();
  }

  /**
   * Stops serving at once: shuts down every channel it opened and both servers, and frees the port; closing a
   * closed or never started emulator does nothing.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    channels.forEach(ManagedChannel::shutdownNow);
    channels.clear();
    shutDownServers();
  }

  /**
   * Stops serving at once, as a service that goes down does, and frees the port, but keeps the secrets and leaves
   * the channels it opened open, so that their clients find it again after {@link #restart()}; calls meanwhile fail
   * with {@code UNAVAILABLE}.
   *
   * @throws IllegalStateException if the emulator is not serving
   */
  public synchronized void stop() {
    checkServing();
    stoppedPort = tcp == null ? 0 : port();
    shutDownServers();
    inProcess = null;
    tcp = null;
  }

  /**
   * Starts serving again after {@link #stop()}, in process under the same name and, if it served on a port, on the
   * same port, with the secrets it held; returns this emulator.
   *
   * @throws IllegalStateException if it is serving, closed, or was never started
   * @throws UncheckedIOException if the port cannot be bound again
   */
  public synchronized GcpSecretManagerEmulator restart() {
    if (closed || inProcess != null || inProcessName == null) {
      throw new IllegalStateException(closed ? "the emulator is closed" : inProcess != null
          ? "the emulator is serving; stop() it first" : "the emulator was never started");
    }
    inProcess = startServer(InProcessServerBuilder.forName(inProcessName).directExecutor().addService(service));
    if (stoppedPort != 0) {
      tcp = startServer(NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(),
          stoppedPort), InsecureServerCredentials.create()).addService(service));
    }
    return this;
  }

  private void shutDownServers() {
    for (Server server : new Server[] {tcp, inProcess}) {
      if (server != null) {
        server.shutdownNow();
        try {
          server.awaitTermination(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  // ---- state ----------------------------------------------------------------------------------

  /**
   * Returns the project number that names {@code projectId}'s resources in answers, such as {@code 100123456789}:
   * {@code 100000000000} plus the CRC32C of the ID, the same in every emulator (unless two IDs of one emulator
   * collide); a number is returned as it is. A request may name the project either way.
   *
   * @throws IllegalArgumentException if {@code projectId} is not a project ID (6 to 30 lowercase letters, digits and
   *     hyphens, starting with a letter) or number
   */
  public String projectNumber(String projectId) {
    Objects.requireNonNull(projectId, "projectId");
    try {
      return state.projectNumber(Names.project("projects/" + projectId));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a project ID or number: '" + projectId + "'", e);
    }
  }

  /**
   * Flips one bit of the stored data of the version {@code versionName} (such as
   * {@code projects/my-project/secrets/db/versions/2}) and keeps its stored CRC32C, as corruption at rest would:
   * AccessSecretVersion then returns data whose {@code data_crc32c} does not match, which a client must detect, as
   * the real client does not.
   *
   * @throws IllegalArgumentException if the name is malformed, not by number, or the version has no data
   * @throws io.grpc.StatusRuntimeException {@code NOT_FOUND} if there is no such secret or version
   */
  public void corruptPayload(String versionName) {
    state.corruptPayload(Objects.requireNonNull(versionName, "versionName"));
  }

  // ---- switches -------------------------------------------------------------------------------

  /**
   * Fails the next {@code count} calls of any operation as {@code failure} says, before they are carried out.
   *
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public void failNext(int count, Failure failure) {
    faults.failNext(count, failure);
  }

  /**
   * Fails the next {@code count} calls of {@code operation} as {@code failure} says, before they are carried out.
   *
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public void failNext(GcpOperation operation, int count, Failure failure) {
    faults.failNext(Objects.requireNonNull(operation, "operation"), count, failure);
  }

  /**
   * Answers every call of {@code operation} with {@code PERMISSION_DENIED} naming its IAM permission, until
   * {@link #clearFaults()}, as when the caller's role lacks it.
   */
  public void deny(GcpOperation operation) {
    faults.deny(operation);
  }

  /**
   * Carries out the next {@code count} calls of {@code operation}, then answers each with {@code DEADLINE_EXCEEDED},
   * as a client sees an answer that never came: the call took effect although the client saw it fail.
   *
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public void loseResponses(GcpOperation operation, int count) {
    switches.loseResponses(Objects.requireNonNull(operation, "operation"), count);
  }

  /**
   * Makes the {@code k}-th call from now, counting every operation, fail as {@code fault} says: before it is carried
   * out ({@code UNAVAILABLE}, or {@code RESOURCE_EXHAUSTED} for a throttle), or after ({@code UNAVAILABLE}, or
   * {@code DEADLINE_EXCEEDED} for a dropped answer). One such fault is armed at a time; arming another, or
   * {@link #clearFaults()}, replaces it.
   *
   * @throws IllegalArgumentException if {@code k} is less than 1
   */
  public void failCall(int k, CallFault fault) {
    switches.failCall(k, fault);
  }

  /**
   * Runs {@code action} once, on the thread serving the call, just before the emulator handles the next call that
   * {@code matches}: a test can make another writer act at an exact point of a write. Other calls, including those
   * {@code action} makes, are served meanwhile. Arming another hook, or {@link #clearFaults()}, replaces it.
   */
  public void beforeNext(Predicate<GcpRequest> matches, Runnable action) {
    switches.beforeNext(matches, action);
  }

  /**
   * Delays every later call by {@code perCall} through the {@link Sleeper}; zero, the default, adds none.
   *
   * @throws IllegalArgumentException if {@code perCall} is negative
   */
  public void latency(Duration perCall) {
    switches.latency(perCall);
  }

  /**
   * Fails and delays calls by chance from now on, as {@code faults} says, until {@link #clearFaults()}: a failure
   * before the call is carried out is {@code UNAVAILABLE} or {@code RESOURCE_EXHAUSTED}, a lost answer
   * {@code UNAVAILABLE} or {@code DEADLINE_EXCEEDED} after it was carried out.
   */
  public void failRandomly(RandomFaults faults) {
    switches.failRandomly(faults);
  }

  /** Turns every switch off and disarms the hook; secrets and call counts are kept. */
  public void clearFaults() {
    faults.clear();
    switches.clear();
  }

  // ---- counters -------------------------------------------------------------------------------

  /** Returns how many calls of {@code operation} the emulator received so far, refused ones included. */
  public int calls(GcpOperation operation) {
    return switches.calls(operation);
  }

  /** Returns how many calls the emulator received so far, of every operation. */
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

  /**
   * Returns how it serves, such as {@code GcpSecretManagerEmulator[in-process 3f2a..., 127.0.0.1:54321]}, or that it
   * is stopped.
   */
  @Override
  public synchronized String toString() {
    if (closed || inProcess == null) {
      return "GcpSecretManagerEmulator[" + (closed ? "closed" : inProcessName != null ? "stopped" : "not started")
          + "]";
    }
    return "GcpSecretManagerEmulator[in-process " + inProcessName
        + (tcp == null ? "" : ", " + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port()) + "]";
  }

  private void checkServing() {
    if (closed || inProcess == null) {
      throw new IllegalStateException("the emulator is " + (closed ? "closed" : inProcessName != null
          ? "stopped; call restart()" : "not started; call start()"));
    }
  }

  private static Server startServer(ServerBuilder<?> builder) {
    try {
      return builder.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Secret Manager emulator's server", e);
    }
  }
}
