package dev.secretkit.benchmarks;

import dev.secretkit.SecretRef;
import dev.secretkit.SecretValue;
import dev.secretkit.client.SecretClient;
import dev.secretkit.client.StoreRegistry;
import dev.secretkit.spi.SecretStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * 100 distinct secrets resolved at once with {@code resolveAll}, beside the baseline of resolving them one by one
 * ({@code oneByOne}), on a store without bulk reads that takes 20 ms more for each read ({@link SlowStore}), through a
 * client without a cache, so that every call reads the store. Each score is the wall time of one whole call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BulkResolveBenchmark {
  static final int SECRETS = 100;
  static final Duration LATENCY = Duration.ofMillis(20);

  private SecretStore store;
  private SecretClient client;
  private List<SecretRef> refs;

  /** Writes the secrets to an in-memory store, then opens the uncached client on it through the latency. */
  @Setup
  public void open() {
    store = StoreRegistry.builder().build().open("memory:", Map.of(), Clock.systemUTC());
    List<String> names = new ArrayList<>();
    refs = new ArrayList<>();
    for (int i = 0; i < SECRETS; i++) {
      names.add("bulk-" + i);
      refs.add(SecretRef.parse("public:bulk-" + i + "#password"));
    }
    try (SecretClient writer = SecretClient.builder().store(store).environment(Map.of()).build()) {
      Manifests.apply(writer, names);
    }
    client = SecretClient.builder().store(new SlowStore(store, LATENCY)).environment(Map.of()).build();
  }

  /** Closes the client and the store. */
  @TearDown
  public void close() {
    client.close();
    store.close();
  }

  /** The baseline: the references resolved one after another. */
  @Benchmark
  public int oneByOne() {
    int length = 0;
    for (SecretRef ref : refs) {
      SecretValue value = client.resolve(ref);
      length += value.length();
      value.destroy();
    }
    return length;
  }

  /** The references resolved with one call. */
  @Benchmark
  public int resolveAll() {
    int length = 0;
    for (SecretValue value : client.resolveAll(refs).values()) {
      length += value.length();
      value.destroy();
    }
    return length;
  }
}
