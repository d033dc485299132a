package dev.secretkit.backend.aws;

import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.SecretStoreProvider;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.spi.StoreLimits;
import dev.secretkit.spi.StoreParameters;
import dev.secretkit.spi.support.Backoff;
import dev.secretkit.spi.support.Suggestions;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.endpoints.SecretsManagerEndpointProvider;

/**
 * Opens AWS Secrets Manager stores, type {@code aws-sm}:
 * {@code aws-sm://REGION?endpoint=URL&profile=NAME&prefix=secretkit&kmsKeyId=ID&versionsRetained=N}
 * {@code &timeoutMillis=N&maxAttempts=N&retryDelayMillis=N}.
 *
 * <p>The region must be one the AWS SDK knows, unless {@code endpoint} points the SDK at a
 * compatible endpoint (a local emulator, a VPC endpoint). Credentials come, in order, from
 * {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} (and {@code AWS_SESSION_TOKEN}) in
 * the client's environment, from the named {@code profile}, and otherwise from where the SDK's
 * default chain looks, all read from the store's environment ({@link StoreConfig#environment()});
 * when they find none, the first call throws a {@link dev.secretkit.CredentialsException} that
 * says where it looked. Never from the URI, which shell history and process lists see: a
 * parameter such as {@code accessKeyId}, {@code secretAccessKey} or {@code sessionToken}, or user
 * information before the region, is refused by {@link #validate} with a message saying where
 * credentials go instead ({@link #CREDENTIALS}).
 * {@code maxAttempts} (default 3) sets the SDK's standard retry strategy, with backoff, for
 * throttling and server errors, and the store's own retries of the calls it sends once (a create,
 * the commit's move); {@code retryDelayMillis} sets their base delay (0 retries at once; when it is
 * absent, the SDK keeps its defaults and the store's own retries start from 100).
 * {@code versionsRetained} (default 10, at most 16 so that the labels keeping them stay within
 * AWS's 20 staging labels per secret) sets how many versions of each secret can be read by number.
 * The provider is immutable and thread-safe; {@link #open} builds one SDK client per store.
 */
public final class AwsSecretsManagerStoreProvider implements SecretStoreProvider {
  /**
   * The limits of one AWS secret: 60 KiB per value and 61 KiB of keys and values, so that a value
   * at the limit fits with its JSON quoting and SecretKit's metadata in the SecretString, whose
   * whole size AWS caps at 65,536 bytes, of which 2,048 are kept for the version history; the
   * store checks that exact size besides these (values that JSON must escape heavily hit it first).
   */
  public static final StoreLimits DEFAULT_LIMITS = StoreLimits.of(61_440, 1_000, 62_464).withMaxMetadataBytes(
      AwsSecretsManagerStore.MAX_SECRET_STRING_BYTES - AwsSecretsManagerStore.HISTORY_RESERVE_BYTES);

  /** Where an {@code aws-sm} store reads credentials, for the message that refuses them in the URI. */
  static final String CREDENTIALS = "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) in the"
      + " environment, or name a profile with AWS_PROFILE or profile=NAME ('aws configure --profile NAME' writes"
      + " one to ~/.aws/credentials)";
  /** The base delay, in milliseconds, of the store's own retries when the URI sets none. */
  private static final String DEFAULT_RETRY_DELAY_MILLIS = "100";
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]+)+");
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_+=.@-]+(/[A-Za-z0-9_+=.@-]+)*");
  private static final List<String> PARAMETERS = List.of("endpoint", "profile", "prefix", "kmsKeyId",
      "timeoutMillis", "maxAttempts", "retryDelayMillis", "maxValueBytes", "maxKeys", "maxSecretBytes",
      "versionsRetained");

  private final Backoff.Sleeper sleeper;
  private final DoubleSupplier random;

  /** Creates the provider; it does no work until {@link #open}. */
  public AwsSecretsManagerStoreProvider() {
    this(Backoff.Sleeper.real(), () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * Creates a provider whose stores wait between their own retries through {@code sleeper} and jitter with
   * {@code random}, for tests.
   */
  AwsSecretsManagerStoreProvider(Backoff.Sleeper sleeper, DoubleSupplier random) {
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.random = Objects.requireNonNull(random, "random");
  }

  @Override
  public String type() {
    return "aws-sm";
  }

  @Override
  public List<String> uriForms() {
    return List.of("aws-sm://REGION", "aws-sm://REGION?endpoint=URL&prefix=secretkit&kmsKeyId=ID",
        "aws-sm://REGION?profile=NAME (credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, else AWS_PROFILE,"
            + " else the SDK's default chain; never in the URI)",
        "aws-sm://REGION?timeoutMillis=N&maxAttempts=N&retryDelayMillis=N",
        "aws-sm://REGION?versionsRetained=N",
        "aws-sm://REGION?maxValueBytes=N&maxKeys=N&maxSecretBytes=N");
  }

  @Override
  public List<String> validate(StoreConfig config) {
    List<String> problems = new ArrayList<>();
    Map<String, String> p = config.parameters();
    regionProblem(region(config), p.containsKey("endpoint"), config.environment()).ifPresent(problems::add);
    StoreParameters.checkKnown(config, PARAMETERS, CREDENTIALS, problems::add);
    if (p.containsKey("endpoint")) {
      try {
        URI endpoint = new URI(p.get("endpoint"));
        if (endpoint.getHost() == null || endpoint.getScheme() == null
            || !List.of("http", "https").contains(endpoint.getScheme())) {
          problems.add("parameter endpoint must be an http:// or https:// URL with a host");
        } else if (endpoint.getRawUserInfo() != null) {
          problems.add("parameter endpoint holds user information (USER:PASSWORD@), which AWS does not use and a"
              + " store URI must not carry: remove it");
        }
      } catch (URISyntaxException e) {
        problems.add("parameter endpoint is not a valid URL");
      }
    }
    if (!PREFIX.matcher(p.getOrDefault("prefix", "secretkit")).matches()) {
      problems.add("parameter prefix must be letters, digits and _+=.@- in parts separated by single '/'");
    }
    StoreParameters.checkNumber(config, "timeoutMillis", 1, Integer.MAX_VALUE, problems::add);
    StoreParameters.checkNumber(config, "maxAttempts", 1, 10, problems::add);
    StoreParameters.checkNumber(config, "retryDelayMillis", 0, 60_000, problems::add);
    StoreParameters.checkNumber(config, "maxValueBytes", 1, Integer.MAX_VALUE, problems::add);
    StoreParameters.checkNumber(config, "maxKeys", 1, Integer.MAX_VALUE, problems::add);
    StoreParameters.checkNumber(config, "maxSecretBytes", 1, Integer.MAX_VALUE, problems::add);
    StoreParameters.checkNumber(config, "versionsRetained", 1, AwsSecretsManagerStore.MAX_VERSIONS_RETAINED,
        problems::add);
    return problems;
  }

  @Override
  public SecretStore open(StoreConfig config) {
    StoreParameters.requireValid(config, validate(config));
    Map<String, String> p = config.parameters();
    Region region = Region.of(region(config));
    URI endpoint = p.containsKey("endpoint") ? URI.create(p.get("endpoint")) : SecretsManagerEndpointProvider
        .defaultProvider().resolveEndpoint(e -> e.region(region)).join().endpointUrl().toUri();
    CredentialChain credentials = new CredentialChain(config.describe(), p, config.environment());
    Duration timeout = Duration.ofMillis(Long.parseLong(p.getOrDefault("timeoutMillis", "10000")));
    int attempts = Integer.parseInt(p.getOrDefault("maxAttempts", "3"));
    SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
        .region(region)
        .credentialsProvider(credentials)
        .overrideConfiguration(o -> o.apiCallTimeout(timeout.multipliedBy(attempts))
            .retryStrategy(retryStrategy(attempts, p.get("retryDelayMillis"))));
    PlainHttpClient.forEndpoint(endpoint, timeout).ifPresentOrElse(builder::httpClient, () -> builder
        .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout)));
    if (p.containsKey("endpoint")) {
      builder.endpointOverride(URI.create(p.get("endpoint")));
    }
    StoreLimits limits = StoreParameters.limits(config, DEFAULT_LIMITS);
    int retained = StoreParameters.number(config, StoreParameters.VERSIONS_RETAINED,
        AwsSecretsManagerStore.DEFAULT_VERSIONS_RETAINED);
    Backoff backoff = new Backoff(attempts, Duration.ofMillis(Long.parseLong(p.getOrDefault("retryDelayMillis",
        DEFAULT_RETRY_DELAY_MILLIS))), sleeper, random);
    return new AwsSecretsManagerStore(builder.build(), new AwsConnection(config.describe(), endpoint, credentials),
        p.getOrDefault("prefix", "secretkit"), p.get("kmsKeyId"), limits, retained, backoff);
  }

  /**
   * Returns the SDK's standard strategy (throttling and 5xx retried, with exponential backoff and
   * full jitter) with {@code attempts} attempts, and base delays of {@code delayMillis} when given
   * (0 retries at once, which tests use).
   */
  private static RetryStrategy retryStrategy(int attempts, String delayMillis) {
    StandardRetryStrategy.Builder strategy = AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(attempts);
    if (delayMillis != null) {
      long millis = Long.parseLong(delayMillis);
      BackoffStrategy backoff = millis == 0 ? BackoffStrategy.retryImmediately()
          : BackoffStrategy.exponentialDelay(Duration.ofMillis(millis), Duration.ofMillis(millis * 20));
      strategy.backoffStrategy(backoff).throttlingBackoffStrategy(backoff);
    }
    return strategy.build();
  }

  private static String region(StoreConfig config) {
    String location = config.location();
    if (location.startsWith("//")) {
      location = location.substring(2);
    }
    return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
  }

  /**
   * Returns what is wrong with {@code region}, if anything: missing, not shaped like a region, or
   * unknown to the AWS SDK when no {@code endpoint} says where to go instead. The region is
   * echoed only once it has a region's shape, which no credential has.
   */
  private static Optional<String> regionProblem(String region, boolean endpoint, Map<String, String> environment) {
    if (region.contains("@")) {
      return Optional.of("the store URI holds user information (USER:PASSWORD@) before the region, which would put a"
          + " credential where shell history, process lists and logs see it: write aws-sm://REGION and "
          + CREDENTIALS);
    }
    if (region.isEmpty()) {
      String set = Objects.requireNonNullElse(environment.get("AWS_REGION"), "");
      return Optional.of("the store URI names no region: write it as aws-sm://REGION, such as aws-sm://eu-west-1"
          + (REGION.matcher(set).matches() ? " (AWS_REGION is " + set + ": aws-sm://" + set + ")" : ""));
    }
    if (!REGION.matcher(region).matches()) {
      return Optional.of("the location must be //REGION, such as aws-sm://eu-west-1");
    }
    if (endpoint || Region.regions().contains(Region.of(region))) {
      return Optional.empty();
    }
    String near = String.join(" or ", Suggestions.nearest(region, Region.regions().stream().map(Region::id).toList()));
    return Optional.of("region " + region + " is not one the AWS SDK knows" + (near.isEmpty() ? "."
        : "; did you mean " + near + "?") + " Write it as aws-sm://REGION, such as aws-sm://eu-west-1; for a region"
        + " newer than this SDK, add endpoint=https://secretsmanager." + region + ".amazonaws.com");
  }
}
