package dev.secretkit.benchmarks;

import dev.secretkit.SecretRef;
import dev.secretkit.SecretValue;
import dev.secretkit.client.SecretClient;
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

/**
 * What one {@code resolve} of a secret's key costs on the in-memory store, beside the baseline issue 14 measures it
 * against: a {@link ConcurrentHashMap#get} of an equivalent key. {@link BenchmarkTable} prints each as a ratio to
 * the baseline of the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ResolveBenchmark {
  private final Map<String, String> map = new ConcurrentHashMap<>();
  private SecretClient client;
  private SecretRef ref;
  private String text;
  private String key;

  /** Applies one secret to a fresh in-memory store and fills the baseline map with as many entries. */
  @Setup
  public void open() {
    client = SecretClient.builder().store("memory:").environment(Map.of()).build();
    Manifests.apply(client, List.of("pg"));
    text = "public:pg#password";
    ref = SecretRef.parse(text);
    key = new String(text);
    map.put(text, Manifests.password("pg"));
    map.put("public:pg#username", "bench-user");
  }

  /** Closes the client. */
  @TearDown
  public void close() {
    client.close();
  }

  /** The baseline: a hash-map look-up of a key as long as the reference. */
  @Benchmark
  public String mapGet() {
    return map.get(key);
  }

  /** A resolve of a parsed reference; the value is destroyed after use, as a careful caller would. */
  @Benchmark
  public int resolveRef() {
    SecretValue value = client.resolve(ref);
    int length = value.length();
    value.destroy();
    return length;
  }

  /** A resolve of a reference given as text, parsed on each call. */
  @Benchmark
  public int resolveString() {
    SecretValue value = client.resolve(text);
    int length = value.length();
    value.destroy();
    return length;
  }
}
