package dev.secretkit.emulator.aws;

import dev.secretkit.ConfigurationException;
import dev.secretkit.access.Principal;
import dev.secretkit.client.SecretClient;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstantiationAwareExtension;

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
 * store URI, with fake static credentials, for code under test that opens its own client.
 *
 * <p>The client needs the {@code aws-sm} store, {@code dev.secretkit:secret-backend-aws}, on the test's
 * class path; this module does not depend on it. The client acts as the local user
 * {@value #DEFAULT_PRINCIPAL} with every right, has an empty environment, and its store makes one
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
public final class AwsEmulatorExtension implements ParameterResolver, AfterEachCallback, AfterAllCallback,
    TestInstantiationAwareExtension {
  /** The region the store URI names unless {@link #withRegion} says otherwise. */
  public static final String DEFAULT_REGION = "eu-west-1";
  /** The fake access key id in every store URI; requests signed with it are accepted. */
  public static final String ACCESS_KEY_ID = "AKIDEMULATOR";
  /** The id of the local user a client acts as unless {@link #withPrincipal} says otherwise. */
  public static final String DEFAULT_PRINCIPAL = "test-user";

  private static final String SECRET_ACCESS_KEY = "fake-emulator-secret-key";
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(AwsEmulatorExtension.class);
  private static final String FIXTURE = "fixture";

  private final String region;
  private final Clock clock;
  private final Principal principal;
  private final Map<String, String> environment;

  /** Creates the extension with the defaults above and the UTC system clock. */
  public AwsEmulatorExtension() {
    this(DEFAULT_REGION, Clock.systemUTC(), Principal.localUser(DEFAULT_PRINCIPAL), Map.of());
  }

  private AwsEmulatorExtension(String region, Clock clock, Principal principal, Map<String, String> environment) {
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

  /** Returns an extension whose clients interpolate manifests from {@code variables} instead of nothing. */
  public AwsEmulatorExtension withEnvironment(Map<String, String> variables) {
    return new AwsEmulatorExtension(region, clock, principal, Map.copyOf(variables));
  }

  /**
   * Returns the {@code aws-sm} store URI of {@code emulator} in this extension's region, with fake static
   * credentials and one attempt per call ({@code maxAttempts=1}), such as
   * {@code aws-sm://eu-west-1?endpoint=http://127.0.0.1:54321&accessKeyId=AKIDEMULATOR&...}.
   *
   * @throws IllegalStateException if {@code emulator} is not started
   */
  public String storeUri(SecretsManagerEmulator emulator) {
    return "aws-sm://" + region + "?endpoint=" + emulator.endpoint() + "&accessKeyId=" + ACCESS_KEY_ID
        + "&secretAccessKey=" + SECRET_ACCESS_KEY + "&maxAttempts=1";
  }

  /**
   * Resolves a test constructor's parameters in the test's own context, so a test that takes the
   * emulator in its constructor gets its own, as one that takes it in the test method does.
   */
  @Override
  public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
    return ExtensionContextScope.TEST_METHOD;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == SecretsManagerEmulator.class || type == SecretClient.class;
  }

  /**
   * Returns the test's emulator or client, starting them on first use.
   *
   * @throws ParameterResolutionException if a client is asked for and cannot be opened, as when the
   *     {@code aws-sm} store is not on the class path; the message says why
   */
  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Fixture fixture = context.getStore(NAMESPACE).getOrComputeIfAbsent(FIXTURE, key -> new Fixture(
        new SecretsManagerEmulator(clock).start()), Fixture.class);
    if (parameter.getParameter().getType() == SecretsManagerEmulator.class) {
      return fixture.emulator;
    }
    return fixture.client(this);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close(context);
  }

  /** Returns the region, clock and principal, such as {@code AwsEmulatorExtension[eu-west-1, ...]}. */
  @Override
  public String toString() {
    return "AwsEmulatorExtension[" + region + ", " + clock + ", " + principal + "]";
  }

  private SecretClient openClient(SecretsManagerEmulator emulator) {
    try {
      return SecretClient.builder().store(storeUri(emulator)).clock(clock).principal(principal)
          .environment(environment).build();
    } catch (ConfigurationException e) {
      throw new ParameterResolutionException("cannot open a SecretClient on the AWS Secrets Manager emulator: "
          + e.getMessage() + "; the aws-sm store in dev.secretkit:secret-backend-aws must be on the test's class path",
          e);
    }
  }

  private static void close(ExtensionContext context) {
    Fixture fixture = context.getStore(NAMESPACE).remove(FIXTURE, Fixture.class);
    if (fixture != null) {
      fixture.close();
    }
  }

  /** One test's emulator and, once asked for, its client; not AutoCloseable, so only this extension closes it. */
  private static final class Fixture {
    private final SecretsManagerEmulator emulator;
    private SecretClient client;

    Fixture(SecretsManagerEmulator emulator) {
      this.emulator = emulator;
    }

    synchronized SecretClient client(AwsEmulatorExtension extension) {
      if (client == null) {
        client = extension.openClient(emulator);
      }
      return client;
    }

    synchronized void close() {
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
