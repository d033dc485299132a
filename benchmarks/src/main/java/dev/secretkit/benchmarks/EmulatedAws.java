package dev.secretkit.benchmarks;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.secretsmanager.caching.SecretCache;
import com.amazonaws.secretsmanager.caching.SecretCacheConfiguration;
import com.amazonaws.services.secretsmanager.AWSSecretsManager;
import com.amazonaws.services.secretsmanager.AWSSecretsManagerClientBuilder;
import dev.secretkit.client.CachePolicy;
import dev.secretkit.client.SecretClient;
import dev.secretkit.emulator.aws.SecretsManagerEmulator;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The in-repo AWS Secrets Manager emulator on a loopback port, with the two clients the AWS figures compare on it:
 * SecretKit's {@code aws-sm} store and the AWS caching client (whose 1.0.2 is built on the AWS SDK v1). Both sign
 * with the same fake credentials; the emulator counts every call either makes.
 */
final class EmulatedAws implements AutoCloseable {
  static final String REGION = "eu-west-1";
  private static final String ACCESS_KEY_ID = "AKIDFAKE";
  private static final String SECRET_ACCESS_KEY = "fake-secret-key";

  private final SecretsManagerEmulator emulator;
  private final AWSSecretsManager awsClient;

  private EmulatedAws(SecretsManagerEmulator emulator) {
    this.emulator = emulator;
    this.awsClient = AWSSecretsManagerClientBuilder.standard()
        .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(emulator.endpoint().toString(), REGION))
        .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY)))
        .build();
  }

  /** Starts an emulator on the system clock. */
  static EmulatedAws start() {
    return new EmulatedAws(new SecretsManagerEmulator(Clock.systemUTC()).start());
  }

  /** Returns the emulator, for its call counts. */
  SecretsManagerEmulator emulator() {
    return emulator;
  }

  /** Returns a SecretKit client on an {@code aws-sm} store of the emulator, caching under {@code policy} unless null. */
  SecretClient secretKit(CachePolicy policy) {
    var builder = SecretClient.builder().environment(Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID,
        "AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY)).store("aws-sm://" + REGION + "?endpoint=" + emulator.endpoint());
    return (policy == null ? builder : builder.cache(policy)).build();
  }

  /** Returns a new AWS caching client whose entries live {@code ttl}, as SecretKit's of the same TTL do. */
  SecretCache cachingClient(Duration ttl) {
    return new SecretCache(new SecretCacheConfiguration().withClient(awsClient).withCacheItemTTL(ttl.toMillis()));
  }

  /** Returns the AWS name SecretKit's store gives secret {@code name} of scope {@code public}: the default prefix's. */
  static String awsName(String name) {
    return "secretkit/public/" + name;
  }

  @Override
  public void close() {
    awsClient.shutdown();
    emulator.close();
  }
}
