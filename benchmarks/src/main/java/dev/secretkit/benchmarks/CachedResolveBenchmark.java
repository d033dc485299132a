package dev.secretkit.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
 * What a cache hit costs: {@code resolve} on a client with the default {@link CachePolicy}, beside the baseline of
 * issue 14's targets, a {@link ConcurrentHashMap#get} of an equivalent key (the same {@link SecretRef}) that returns
 * a value as a hit does, without the copy. Scores are average times per call on each calling thread, so the
 * two-thread run scales perfectly when its score equals the one-thread one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CachedResolveBenchmark {
  private final Map<SecretRef, byte[]> map = new ConcurrentHashMap<>();
  private final Map<String, byte[]> textMap = new ConcurrentHashMap<>();
  private final Cache<SecretRef, byte[]> caffeine = Caffeine.newBuilder().maximumSize(10_000)
      .expireAfterWrite(Duration.ofMinutes(1)).build();
  private SecretClient client;
  private SecretRef ref;
  private String text;

  /** Applies one secret to a fresh in-memory store, resolves it once to fill the cache, and fills the baselines. */
  @Setup
  public void open() {
    client = SecretClient.builder().store("memory:").environment(Map.of()).cache(CachePolicy.defaults()).build();
    Manifests.apply(client, List.of("pg"));
    text = "public:pg#password";
    ref = SecretRef.parse(text);
    client.resolve(ref).destroy();
    byte[] value = Manifests.password("pg").getBytes(StandardCharsets.UTF_8);
    map.put(ref, value);
    map.put(SecretRef.parse("public:pg#username"), value);
    textMap.put(text, value);
    textMap.put("public:pg#username", value);
    caffeine.put(ref, value);
  }

  /** Closes the client. */
  @TearDown
  public void close() {
    client.close();
  }

  /** The baseline: a hash-map look-up by the same reference. */
  @Benchmark
  public byte[] mapGet() {
    return map.get(ref);
  }

  /** A hash-map look-up by the reference's text, for comparison with {@link #cachedResolveString()}. */
  @Benchmark
  public byte[] mapGetText() {
    return textMap.get(text);
  }

  /** The baseline with the copy every hit makes, since a caller owns (and may destroy) what it gets. */
  @Benchmark
  public byte[] mapGetCopy() {
    return map.get(ref).clone();
  }

  /**
   * A hit of a Caffeine cache bounded and expiring as the default policy is, with the same copy: what the client's
   * cache would cost with Caffeine for its map.
   */
  @Benchmark
  public byte[] caffeineGetCopy() {
    return caffeine.getIfPresent(ref).clone();
  }

  /** A cache hit of a parsed reference. */
  @Benchmark
  public SecretValue cachedResolveRef() {
    return client.resolve(ref);
  }

  /** The same hit on two threads at once. */
  @Benchmark
  @Threads(2)
  public SecretValue cachedResolveRefTwoThreads() {
    return client.resolve(ref);
  }

  /** A cache hit of a reference given as text. */
  @Benchmark
  public SecretValue cachedResolveString() {
    return client.resolve(text);
  }

  /** A hit whose value is destroyed after use, as a careful caller would: destroy's volatile write is the caller's. */
  @Benchmark
  public int cachedResolveRefAndDestroy() {
    SecretValue value = client.resolve(ref);
    int length = value.length();
    value.destroy();
    return length;
  }
}
