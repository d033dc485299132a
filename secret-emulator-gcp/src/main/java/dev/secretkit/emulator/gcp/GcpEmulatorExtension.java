package dev.secretkit.emulator.gcp;

import dev.secretkit.emulator.support.FixtureExtension;
import io.grpc.ManagedChannel;
import java.time.Clock;
import java.util.Objects;

/**
 * A JUnit 5 extension that gives each test a fresh, started {@link GcpSecretManagerEmulator}, and an in-process
 * channel to it, and closes both after the test.
 *
 * <p>Parameters of type {@link GcpSecretManagerEmulator} and {@link ManagedChannel} are resolved; within one test,
 * its {@code @BeforeEach} and {@code @AfterEach} methods and its constructor, they are the same instances, and the
 * next test gets a new, empty emulator, so no secret, fault switch or call count carries over. A class whose
 * {@code @BeforeAll} method takes one instead gets a single emulator (and channel) that all its tests share, closed
 * after the last of them. The channel is opened when first asked for; give it to a {@code SecretManagerServiceClient}
 * through {@code FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel))}, and open more with
 * {@link GcpSecretManagerEmulator#openChannel()}, since a client shuts its channel down when closed. An extension
 * made {@link #withTcp()} also serves each emulator on a loopback port, for code under test in another process
 * ({@link GcpSecretManagerEmulator#endpoint()}).
 * <pre>{@code
 * @RegisterExtension
 * static final GcpEmulatorExtension GCP = new GcpEmulatorExtension().withClock(clock);
 *
 * @Test
 * void readsTheSecret(GcpSecretManagerEmulator gcp, ManagedChannel channel) {
 *   gcp.failNext(GcpOperation.ACCESS_SECRET_VERSION, 1, GcpSecretManagerEmulator.Failure.UNAVAILABLE);
 *   ...
 * }
 * }</pre>
 *
 * <p>It does not resolve a {@code SecretClient}: SecretKit's {@code gcp-sm} store lives in another module and this
 * one does not depend on it. Instances are immutable and thread-safe; each {@code with} method returns a new one.
 */
public final class GcpEmulatorExtension extends FixtureExtension {
  private final Clock clock;
  private final boolean tcp;

  /** Creates the extension with the UTC system clock, serving in process only. */
  public GcpEmulatorExtension() {
    this(Clock.systemUTC(), false);
  }

  private GcpEmulatorExtension(Clock clock, boolean tcp) {
    super(GcpSecretManagerEmulator.class, ManagedChannel.class);
    this.clock = clock;
    this.tcp = tcp;
  }

  /**
   * Returns an extension whose emulators take their time from {@code time}: pass a manual clock for exact
   * {@code create_time} and {@code destroy_time} values.
   */
  public GcpEmulatorExtension withClock(Clock time) {
    return new GcpEmulatorExtension(Objects.requireNonNull(time, "clock"), tcp);
  }

  /** Returns an extension whose emulators also listen on a loopback port ({@link GcpSecretManagerEmulator#startTcp()}). */
  public GcpEmulatorExtension withTcp() {
    return new GcpEmulatorExtension(clock, true);
  }

  /** Starts a test's emulator; its channel is opened when first asked for. */
  @Override
  protected Fixture open() {
    GcpSecretManagerEmulator emulator = new GcpSecretManagerEmulator(clock);
    return new EmulatorAndChannel(tcp ? emulator.startTcp() : emulator.start());
  }

  /** Returns the clock and whether it serves on a port, such as {@code GcpEmulatorExtension[SystemClock[Z], tcp]}. */
  @Override
  public String toString() {
    return "GcpEmulatorExtension[" + clock + (tcp ? ", tcp" : ", in-process") + "]";
  }

  /** One test's emulator and, once asked for, its channel; closing the emulator shuts the channel down. */
  private static final class EmulatorAndChannel implements Fixture {
    private final GcpSecretManagerEmulator emulator;
    private ManagedChannel channel;

    EmulatorAndChannel(GcpSecretManagerEmulator emulator) {
      this.emulator = emulator;
    }

    @Override
    public synchronized Object part(Class<?> type) {
      if (type == GcpSecretManagerEmulator.class) {
        return emulator;
      }
      if (channel == null) {
        channel = emulator.openChannel();
      }
      return channel;
    }

    @Override
    public void close() {
      emulator.close();
    }
  }
}
