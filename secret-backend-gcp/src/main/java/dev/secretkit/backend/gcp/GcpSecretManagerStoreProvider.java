package dev.secretkit.backend.gcp;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.StatusCode;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.api.gax.rpc.UnaryCallSettings;
import com.google.cloud.secretmanager.v1.Replication;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretManagerServiceSettings;
import dev.secretkit.ConfigurationException;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.SecretStoreProvider;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.spi.StoreLimits;
import dev.secretkit.spi.StoreParameters;
import dev.secretkit.spi.support.Backoff;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Opens Google Cloud Secret Manager stores, type {@code gcp-sm}:
 * {@code gcp-sm://PROJECT?endpoint=HOST:PORT&tls=false&credentialsFile=PATH&prefix=secretkit-&locations=L1,L2}
 * {@code &timeoutMillis=N&maxAttempts=N&retryDelayMillis=N&versionsRetained=N}.
 *
 * <p>The project is a GCP project id (or number). Calls go to {@code secretmanager.googleapis.com:443} over TLS,
 * or to {@code endpoint}; {@code tls=false} talks plaintext to an emulator and then sends no credentials at all, so
 * that no token ever crosses the wire in the clear. Credentials are Google's: the service-account key file
 * {@code credentialsFile} names, else the one {@code GOOGLE_APPLICATION_CREDENTIALS} in the store's environment
 * names, else Application Default Credentials; they are loaded on the first call, and key material is never taken
 * from the URI: a parameter that sounds like a credential ({@code accessToken}, {@code apiKey}, {@code credentials},
 * ...) or user information before the project is refused by {@link #validate}, saying where credentials go.
 * New GCP secrets replicate automatically, or to the user-managed {@code locations}. Secret ids
 * start with {@code prefix} (default {@code secretkit-}; {@code [A-Za-z0-9_-]}, at most 164 characters).
 *
 * <p>Retries are set deliberately, not left at the client's 60-second defaults: reads ({@code AccessSecretVersion},
 * {@code GetSecret}, the lists) are tried {@code maxAttempts} times (default 3) on {@code UNAVAILABLE},
 * {@code RESOURCE_EXHAUSTED} and {@code DEADLINE_EXCEEDED}, waiting from {@code retryDelayMillis} (default 100,
 * doubling, at most 20 times that), each attempt bounded by {@code timeoutMillis} (default 10,000); writes are sent
 * once each and the store decides a failed one itself (see the store). So a failing call gives up after at most
 * {@code maxAttempts} times {@code timeoutMillis} plus the waits. The provider is immutable and thread-safe;
 * {@link #open} builds one client per store.
 */
public final class GcpSecretManagerStoreProvider implements SecretStoreProvider {
  /**
   * The limits of one GCP secret: 60 KiB per value and 61 KiB of keys and values, so that a value at the limit
   * fits with its JSON quoting and SecretKit's metadata in the payload, which Secret Manager caps at 65,536 bytes,
   * of which 2,048 are kept for the version history; the store checks that exact size besides these.
   */
  public static final StoreLimits DEFAULT_LIMITS = StoreLimits.of(61_440, 1_000, 62_464).withMaxMetadataBytes(
      GcpSecretStore.MAX_PAYLOAD_BYTES - GcpSecretStore.HISTORY_RESERVE_BYTES);

  /** Where a {@code gcp-sm} store reads credentials, for the message that refuses them in the URI. */
  static final String CREDENTIALS = "name a service-account key file with GOOGLE_APPLICATION_CREDENTIALS or"
      + " credentialsFile=PATH, or use Application Default Credentials ('gcloud auth application-default login')";
  /** How long a closed store waits for its network threads to end. */
  private static final long STOP_MILLIS = 1_000;
  private static final String DEFAULT_ENDPOINT = "secretmanager.googleapis.com:443";
  private static final String DEFAULT_PREFIX = "secretkit-";
  private static final Pattern PROJECT = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]|[0-9]{1,20}");
  private static final Pattern ENDPOINT = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+):[0-9]{1,5}");
  private static final Pattern LOCATION = Pattern.compile("[a-z]+-[a-z]+[0-9]+");
  private static final List<String> PARAMETERS = List.of("endpoint", "tls", "credentialsFile", "prefix", "locations",
      "timeoutMillis", "maxAttempts", "retryDelayMillis");

  private final Supplier<ManagedChannel> channels;
  private final Backoff.Sleeper sleeper;
  private final DoubleSupplier random;

  /** Creates the provider; it does no work until {@link #open}. */
  public GcpSecretManagerStoreProvider() {
    this(null, Backoff.Sleeper.real(), () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * Creates a provider whose stores talk over channels from {@code channels} (an emulator's in-process channels,
   * for tests; null for the endpoint's), and wait between their own retries through {@code sleeper}, jittered with
   * {@code random}.
   */
  GcpSecretManagerStoreProvider(Supplier<ManagedChannel> channels, Backoff.Sleeper sleeper, DoubleSupplier random) {
    this.channels = channels;
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.random = Objects.requireNonNull(random, "random");
  }

  @Override
  public String type() {
    return "gcp-sm";
  }

  @Override
  public List<String> uriForms() {
    return List.of("gcp-sm://PROJECT", "gcp-sm://PROJECT?credentialsFile=PATH&prefix=secretkit-",
        "gcp-sm://PROJECT?endpoint=127.0.0.1:PORT&tls=false", "gcp-sm://PROJECT?locations=us-east1,europe-west1",
        "gcp-sm://PROJECT?timeoutMillis=N&maxAttempts=N&retryDelayMillis=N",
        "gcp-sm://PROJECT?versionsRetained=N", "gcp-sm://PROJECT?maxValueBytes=N&maxKeys=N&maxSecretBytes=N");
  }

  @Override
  public List<String> validate(StoreConfig config) {
    List<String> problems = new ArrayList<>();
    Map<String, String> p = config.parameters();
    String project = project(config);
    if (project.contains("@")) {
      problems.add("the store URI holds user information (USER:PASSWORD@) before the project, which would put a"
          + " credential where shell history, process lists and logs see it: write gcp-sm://PROJECT and "
          + CREDENTIALS);
    } else if (project.isEmpty()) {
      problems.add("the store URI names no project: write it as gcp-sm://PROJECT, such as gcp-sm://my-project");
    } else if (!PROJECT.matcher(project).matches()) {
      problems.add("the location must be //PROJECT, a GCP project id (6 to 30 lower-case letters, digits and"
          + " hyphens, starting with a letter) or number, such as gcp-sm://my-project");
    }
    StoreParameters.checkParameters(config, PARAMETERS, GcpSecretStore.MAX_VERSIONS_RETAINED, CREDENTIALS,
        problems::add);
    if (p.containsKey("endpoint") && !ENDPOINT.matcher(p.get("endpoint")).matches()) {
      problems.add("parameter endpoint must be HOST:PORT, such as 127.0.0.1:8085, without a scheme");
    } else if (p.containsKey("endpoint") && !validPort(p.get("endpoint"))) {
      problems.add("parameter endpoint must end in a port from 1 to 65535");
    }
    if (p.containsKey("tls") && !List.of("true", "false").contains(p.get("tls"))) {
      problems.add("parameter tls must be true or false");
    }
    if ("false".equals(p.get("tls")) && !p.containsKey("endpoint")) {
      problems.add("tls=false needs an endpoint (an emulator's HOST:PORT): Google's endpoint takes TLS only");
    }
    if ("false".equals(p.get("tls")) && p.containsKey("credentialsFile")) {
      problems.add("tls=false sends no credentials (they would cross the wire in the clear): drop credentialsFile"
          + " or tls=false");
    }
    if (p.containsKey("credentialsFile") && p.get("credentialsFile").isBlank()) {
      problems.add("parameter credentialsFile must be the path of a key file");
    }
    if (!GcpSecretIds.validPrefix(p.getOrDefault("prefix", DEFAULT_PREFIX))) {
      problems.add("parameter prefix must be letters, digits, _ and -, at most " + GcpSecretIds.MAX_PREFIX
          + " characters");
    }
    if (p.containsKey("locations")) {
      List<String> locations = List.of(p.get("locations").split(",", -1));
      if (!locations.stream().allMatch(location -> LOCATION.matcher(location).matches())) {
        problems.add("parameter locations must be GCP regions separated by commas, such as us-east1,europe-west1");
      } else if (locations.stream().distinct().count() < locations.size()) {
        // Secret Manager refuses a replica location named twice (INVALID_ARGUMENT), at the first write.
        problems.add("parameter locations must name each region once");
      }
    }
    StoreParameters.checkNumber(config, "timeoutMillis", 1, 600_000, problems::add);
    StoreParameters.checkNumber(config, "maxAttempts", 1, 10, problems::add);
    StoreParameters.checkNumber(config, "retryDelayMillis", 0, 60_000, problems::add);
    return problems;
  }

  @Override
  public SecretStore open(StoreConfig config) {
    StoreParameters.requireValid(config, validate(config));
    Map<String, String> p = config.parameters();
    String endpoint = p.getOrDefault("endpoint", DEFAULT_ENDPOINT);
    boolean tls = !"false".equals(p.get("tls"));
    int attempts = Integer.parseInt(p.getOrDefault("maxAttempts", "3"));
    Duration timeout = Duration.ofMillis(Long.parseLong(p.getOrDefault("timeoutMillis", "10000")));
    Duration delay = Duration.ofMillis(Long.parseLong(p.getOrDefault("retryDelayMillis", "100")));
    GcpCredentials credentials = tls ? GcpCredentials.of(p.get("credentialsFile"), config.environment()) : null;
    CredentialsProvider credentialsProvider = tls ? FixedCredentialsProvider.create(credentials)
        : NoCredentialsProvider.create();
    NioEventLoopGroup network = channels == null ? new NioEventLoopGroup(1, new DefaultThreadFactory("secretkit-gcp",
        true)) : null;
    SecretManagerServiceSettings.Builder settings = SecretManagerServiceSettings.newBuilder()
        .setEndpoint(endpoint)
        .setCredentialsProvider(credentialsProvider)
        .setTransportChannelProvider(transport(endpoint, tls, network));
    RetrySettings reads = retrySettings(attempts, timeout, delay);
    RetrySettings once = retrySettings(1, timeout, delay);
    for (UnaryCallSettings.Builder<?, ?> read : List.of(settings.accessSecretVersionSettings(),
        settings.getSecretSettings(), settings.getSecretVersionSettings(), settings.listSecretsSettings(),
        settings.listSecretVersionsSettings())) {
      read.setRetryableCodes(StatusCode.Code.UNAVAILABLE, StatusCode.Code.RESOURCE_EXHAUSTED,
          StatusCode.Code.DEADLINE_EXCEEDED).setRetrySettings(reads);
    }
    for (UnaryCallSettings.Builder<?, ?> write : List.of(settings.createSecretSettings(),
        settings.updateSecretSettings(), settings.deleteSecretSettings(), settings.addSecretVersionSettings(),
        settings.destroySecretVersionSettings(), settings.disableSecretVersionSettings(),
        settings.enableSecretVersionSettings())) {
      write.setRetryableCodes().setRetrySettings(once);
    }
    SecretManagerServiceClient client;
    try {
      client = SecretManagerServiceClient.create(settings.build());
    } catch (IOException e) {
      if (network != null) {
        network.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      }
      throw new ConfigurationException("cannot open store " + config.describe() + ": the Secret Manager client could"
          + " not be built (" + e.getClass().getSimpleName() + ")", GcpErrors.cause(e));
    }
    GcpConnection connection = new GcpConnection(config.describe(), project(config), endpoint,
        tls ? credentials.source() : "nowhere (tls=false sends none)");
    StoreLimits limits = StoreParameters.limits(config, DEFAULT_LIMITS);
    int retained = StoreParameters.number(config, StoreParameters.VERSIONS_RETAINED,
        GcpSecretStore.DEFAULT_VERSIONS_RETAINED);
    return new GcpSecretStore(client, network == null ? () -> { } : () -> stop(network), connection,
        p.getOrDefault("prefix", DEFAULT_PREFIX), replication(p), limits, retained,
        new Backoff(attempts, delay, sleeper, random));
  }

  /** Returns whether {@code endpoint}, which matches {@link #ENDPOINT}, ends in a TCP port, 1 to 65535. */
  private static boolean validPort(String endpoint) {
    int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    return port >= 1 && port <= 65_535;
  }

  /**
   * Returns the transport: the test's channels, else gRPC over TLS, or plaintext for {@code tls=false}, on the
   * store's own {@code network} threads.
   */
  @SuppressWarnings("rawtypes") // gax configures channels through the raw ManagedChannelBuilder
  private TransportChannelProvider transport(String endpoint, boolean tls, NioEventLoopGroup network) {
    if (channels != null) {
      return FixedTransportChannelProvider.create(GrpcTransportChannel.create(channels.get()));
    }
    return SecretManagerServiceSettings.defaultGrpcTransportProviderBuilder().setEndpoint(endpoint)
        .setChannelConfigurator(builder -> {
          ManagedChannelBuilder configured = tls ? builder : builder.usePlaintext();
          if (configured instanceof NettyChannelBuilder netty) {
            netty.eventLoopGroup(network).channelType(NioSocketChannel.class);
          }
          return configured;
        }).build();
  }

  /**
   * Stops a closed store's network threads and waits a little for them to end. gRPC's shared threads would outlive
   * the store by a second, in native code, where the JVM's exit waits up to 300 ms for them: a command-line run that
   * closes its store then exits at once.
   */
  private static void stop(NioEventLoopGroup network) {
    network.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly(STOP_MILLIS);
  }

  /** Returns retries of {@code attempts} attempts, each bounded by {@code timeout}, waiting from {@code delay}. */
  private static RetrySettings retrySettings(int attempts, Duration timeout, Duration delay) {
    Duration maxDelay = delay.multipliedBy(20);
    return RetrySettings.newBuilder()
        .setMaxAttempts(attempts)
        .setInitialRetryDelayDuration(delay)
        .setRetryDelayMultiplier(2)
        .setMaxRetryDelayDuration(maxDelay)
        .setInitialRpcTimeoutDuration(timeout)
        .setRpcTimeoutMultiplier(1)
        .setMaxRpcTimeoutDuration(timeout)
        .setTotalTimeoutDuration(timeout.multipliedBy(attempts).plus(maxDelay.multipliedBy(attempts)))
        .build();
  }

  private static Replication replication(Map<String, String> p) {
    if (!p.containsKey("locations")) {
      return Replication.newBuilder().setAutomatic(Replication.Automatic.getDefaultInstance()).build();
    }
    Replication.UserManaged.Builder managed = Replication.UserManaged.newBuilder();
    for (String location : p.get("locations").split(",")) {
      managed.addReplicas(Replication.UserManaged.Replica.newBuilder().setLocation(location));
    }
    return Replication.newBuilder().setUserManaged(managed).build();
  }

  private static String project(StoreConfig config) {
    String location = config.location();
    if (location.startsWith("//")) {
      location = location.substring(2);
    }
    return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
  }
}
