package dev.secretkit.emulator.aws;

import dev.secretkit.ConfigurationException;
import dev.secretkit.access.Principal;
import dev.secretkit.client.SecretClient;
import dev.secretkit.emulator.support.FixtureExtension;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/**
 * A JUnit 5 extension that gives each test a fresh {@link SecretsManagerEmulator}, started on a free
 * loopback port, and a {@link SecretClient} on an {@code aws-sm} store that talks to it; it closes both
 * after the test.
 *
 * <p>Parameters of type {@link SecretsManagerEmulator} and {@link SecretClient} are resolved; within one
 * test, and its {@code @BeforeEach} and {@code @AfterEach} methods, they are the same instances, and the
 * next test gets a new, empty emulator on another port, so no secret, fault switch or call count carries
 * over. A class whose {@code @BeforeAll} method takes one instead gets a single emulator (and client) that
 * all its tests share, closed after the last of them. {@link #storeUri(SecretsManagerEmulator)} gives the
 * store URI, and {@link #credentials()} the variables with fake static credentials that go in its client's
 * environment (a store URI never carries credentials), for code under test that opens its own client.
 *
 * <p>The client needs the {@code aws-sm} store, {@code dev.secretkit:secret-backend-aws}, on the test's
 * class path; this module does not depend on it, and a test that asks for a client without it fails with a
 * {@link ParameterResolutionException} that says so. The client acts as the local user
 * {@value #DEFAULT_PRINCIPAL} with every right, has an environment of only {@link #credentials()}, and its
 * store makes one
 * attempt per call, so a fault switch shows at once instead of after the SDK's retries.
 * <pre>{@code
 * @RegisterExtension
 * static final AwsEmulatorExtension AWS = new AwsEmulatorExtension().withRegion("us-east-1");
 *
 * @Test
 * void resolves(SecretClient client, SecretsManagerEmulator aws) {
 *   client.apply(Path.of("secret.yaml"));
 *   aws.throttleNext("GetSecretValue", 1);
 *   ...
 * }
 * }</pre>
 * Each {@code with} method returns a new extension; instances are immutable and thread-safe.
 */
public final class AwsEmulatorExtension extends FixtureExtension {
  /** The region the store URI names unless {@link #withRegion} says otherwise. */
  public static final String DEFAULT_REGION = "eu-west-1";
  /** The fake access key id of {@link #credentials()}; requests signed with it are accepted. */
  public static final String ACCESS_KEY_ID = "AKIDEMULATOR";
  /** The id of the local user a client acts as unless {@link #withPrincipal} says otherwise. */
  public static final String DEFAULT_PRINCIPAL = "test-user";

  private static final String SECRET_ACCESS_KEY = "fake-emulator-secret-key";
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

  private final String region;
  private final Clock clock;
  private final Principal principal;
  private final Map<String, String> environment;

  /** Creates the extension with the defaults above and the UTC system clock. */
  public AwsEmulatorExtension() {
    this(DEFAULT_REGION, Clock.systemUTC(), Principal.localUser(DEFAULT_PRINCIPAL), Map.of());
  }

  private AwsEmulatorExtension(String region, Clock clock, Principal principal, Map<String, String> environment) {
    super(SecretsManagerEmulator.class, SecretClient.class);
    this.region = region;
    this.clock = clock;
    this.principal = principal;
    this.environment = environment;
  }

  /**
   * Returns an extension whose store URIs name {@code awsRegion}, such as {@code us-east-1}.
   *
   * @throws IllegalArgumentException if {@code awsRegion} is not shaped like an AWS region
   */
  public AwsEmulatorExtension withRegion(String awsRegion) {
    if (awsRegion == null || !REGION.matcher(awsRegion).matches()) {
      throw new IllegalArgumentException("not an AWS region: '" + awsRegion
          + "'; expected a region such as us-east-1 or eu-west-1");
    }
    return new AwsEmulatorExtension(awsRegion, clock, principal, environment);
  }

  /**
   * Returns an extension whose emulators and clients take their time from {@code time}: pass a manual
   * clock to move recovery windows along without waiting.
   */
  public AwsEmulatorExtension withClock(Clock time) {
    return new AwsEmulatorExtension(region, Objects.requireNonNull(time, "clock"), principal, environment);
  }

  /** Returns an extension whose clients act as {@code actingPrincipal}. */
  public AwsEmulatorExtension withPrincipal(Principal actingPrincipal) {
    return new AwsEmulatorExtension(region, clock, Objects.requireNonNull(actingPrincipal, "principal"),
        environment);
  }

  /**
   * Returns an extension whose clients interpolate manifests from {@code variables} instead of nothing; the
   * clients' environment holds {@link #credentials()} too, unless {@code variables} sets them.
   */
  public AwsEmulatorExtension withEnvironment(Map<String, String> variables) {
    return new AwsEmulatorExtension(region, clock, principal, Map.copyOf(variables));
  }

  /**
   * Returns the {@code aws-sm} store URI of {@code emulator} in this extension's region, with one attempt per
   * call ({@code maxAttempts=1}), such as {@code aws-sm://eu-west-1?endpoint=http://127.0.0.1:54321&maxAttempts=1};
   * its client needs {@link #credentials()} in its environment.
   *
   * @throws IllegalStateException if {@code emulator} is not started
   */
  public String storeUri(SecretsManagerEmulator emulator) {
    return "aws-sm://" + region + "?endpoint=" + emulator.endpoint() + "&maxAttempts=1";
  }

  /**
   * Returns the fake static credentials the emulator accepts, as the variables a client's environment (or a
   * {@code secretctl} process's) holds them in: {@code AWS_ACCESS_KEY_ID} ({@value #ACCESS_KEY_ID}) and
   * {@code AWS_SECRET_ACCESS_KEY}.
   */
  public static Map<String, String> credentials() {
    return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
  }

  /** Starts a test's emulator; its client is opened when first asked for. */
  @Override
  protected Fixture open() {
    return new EmulatorAndClient(new SecretsManagerEmulator(clock).start());
  }

  /** Returns the region, clock and principal, such as {@code AwsEmulatorExtension[eu-west-1, ...]}. */
  @Override
  public String toString() {
    return "AwsEmulatorExtension[" + region + ", " + clock + ", " + principal + "]";
  }

  private SecretClient openClient(SecretsManagerEmulator emulator) {
    try {
      Map<String, String> variables = new HashMap<>(credentials());
      variables.putAll(environment);
      return SecretClient.builder().store(storeUri(emulator)).clock(clock).principal(principal)
          .environment(variables).build();
    } catch (ConfigurationException e) {
      throw new ParameterResolutionException("cannot open a SecretClient on the AWS Secrets Manager emulator: "
          + e.getMessage() + "; the aws-sm store in dev.secretkit:secret-backend-aws must be on the test's class path",
          e);
    }
  }

  /** One test's emulator and, once asked for, its client. */
  private final class EmulatorAndClient implements Fixture {
    private final SecretsManagerEmulator emulator;
    private SecretClient client;

    EmulatorAndClient(SecretsManagerEmulator emulator) {
      this.emulator = emulator;
    }

    @Override
    public synchronized Object part(Class<?> type) {
      if (type == SecretsManagerEmulator.class) {
        return emulator;
      }
      if (client == null) {
        client = openClient(emulator);
      }
      return client;
    }

    @Override
    public synchronized void close() {
      try {
        if (client != null) {
          client.close();
        }
      } finally {
        emulator.close();
      }
    }
  }
}
