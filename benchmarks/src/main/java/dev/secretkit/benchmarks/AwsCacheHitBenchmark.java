package dev.secretkit.benchmarks;

import com.amazonaws.secretsmanager.caching.SecretCache;
import dev.secretkit.SecretRef;
import dev.secretkit.SecretValue;
import dev.secretkit.client.CachePolicy;
import dev.secretkit.client.SecretClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * A cache hit of SecretKit's client on the {@code aws-sm} store beside one of the AWS caching client
 * ({@code aws-secretsmanager-caching-java} 1.0.2) on the same emulator and secret, both with a one-hour TTL (the
 * caching client's default), so that every measured call is a hit. SecretKit's {@code resolve} returns a copy of one
 * key's value; the caching client's {@code getSecretString} returns the whole secret's JSON text, which an
 * application would still have to parse for the key. Scores are average times per call on each calling thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AwsCacheHitBenchmark {
  private static final Duration TTL = Duration.ofHours(1);
  private static final String NAME = "pg";

  private final Map<SecretRef, byte[]> map = new ConcurrentHashMap<>();
  private EmulatedAws aws;
  private SecretClient client;
  private SecretCache cachingClient;
  private SecretRef ref;
  private String awsName;

  /** Starts the emulator, writes the secret through SecretKit, and fills both caches and the baseline. */
  @Setup
  public void open() {
    aws = EmulatedAws.start();
    client = aws.secretKit(CachePolicy.defaults().withTtl(TTL));
    Manifests.apply(client, List.of(NAME));
    ref = SecretRef.parse("public:" + NAME + "#password");
    client.resolve(ref).destroy();
    cachingClient = aws.cachingClient(TTL);
    awsName = EmulatedAws.awsName(NAME);
    if (!cachingClient.getSecretString(awsName).contains(Manifests.password(NAME))) {
      throw new IllegalStateException("the caching client read another secret than SecretKit wrote");
    }
    map.put(ref, Manifests.password(NAME).getBytes(StandardCharsets.UTF_8));
  }

  /** Closes both clients and the emulator. */
  @TearDown
  public void close() {
    cachingClient.close();
    client.close();
    aws.close();
  }

  /** The baseline: a hash-map look-up by the same reference. */
  @Benchmark
  public byte[] mapGet() {
    return map.get(ref);
  }

  /** A hit of SecretKit's client: a copy of the key's value. */
  @Benchmark
  public SecretValue secretKitResolve() {
    return client.resolve(ref);
  }

  /** A hit of the AWS caching client: the secret's text. */
  @Benchmark
  public String awsCachingGetSecretString() {
    return cachingClient.getSecretString(awsName);
  }

  /** SecretKit's hit on two threads at once. */
  @Benchmark
  @Threads(2)
  public SecretValue secretKitResolveTwoThreads() {
    return client.resolve(ref);
  }

  /** The caching client's hit on two threads at once; it takes a lock per secret on every call. */
  @Benchmark
  @Threads(2)
  public String awsCachingGetSecretStringTwoThreads() {
    return cachingClient.getSecretString(awsName);
  }
}
