package dev.secretkit.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.secretkit.SecretRef;
import dev.secretkit.SecretValue;
import dev.secretkit.client.CachePolicy;
import dev.secretkit.client.SecretClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
  private static final String PASSWORD = "fake-bench-password-0123456789ab";
  private static final String MANIFEST = """
      name: pg
      version: v1
      type: secret
      secret:
        type: key-value-properties
        acl: r
        data:
          username: bench-user
          password: %s
      """.formatted(PASSWORD);

  private final Map<SecretRef, byte[]> map = new ConcurrentHashMap<>();
  private final Map<String, byte[]> textMap = new ConcurrentHashMap<>();
  private final Cache<SecretRef, byte[]> caffeine = Caffeine.newBuilder().maximumSize(10_000)
      .expireAfterWrite(Duration.ofMinutes(1)).build();
  private SecretClient client;
  private SecretRef ref;
  private String text;
  private Path directory;

  /** Applies one secret to a fresh in-memory store, resolves it once to fill the cache, and fills the baselines. */
  @Setup
  public void open() throws IOException {
    directory = Files.createTempDirectory("secretkit-bench");
    Path manifest = Files.writeString(directory.resolve("pg.yaml"), MANIFEST);
    client = SecretClient.builder().store("memory:").environment(Map.of()).cache(CachePolicy.defaults()).build();
    client.apply(manifest);
    text = "public:pg#password";
    ref = SecretRef.parse(text);
    client.resolve(ref).destroy();
    byte[] value = PASSWORD.getBytes(StandardCharsets.UTF_8);
    map.put(ref, value);
    map.put(SecretRef.parse("public:pg#username"), value);
    textMap.put(text, value);
    textMap.put("public:pg#username", value);
    caffeine.put(ref, value);
  }

  /** Closes the client and removes the manifest. */
  @TearDown
  public void close() throws IOException {
    client.close();
    Files.deleteIfExists(directory.resolve("pg.yaml"));
    Files.deleteIfExists(directory);
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
