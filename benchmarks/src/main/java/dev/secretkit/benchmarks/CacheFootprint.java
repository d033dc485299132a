package dev.secretkit.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secretkit.SecretRef;
import dev.secretkit.client.CachePolicy;
import dev.secretkit.client.SecretClient;
import dev.secretkit.client.StoreRegistry;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How much heap 100,000 cached single-key secrets with 32-byte values take: a client caching up to that many, filled
 * from a {@link SyntheticStore} (which holds nothing itself), in a JVM that {@code benchmarks/run.sh} starts with
 * {@code -Xmx64m}. Writes the heap used after a full GC before the fill and every {@value #STEP} secrets, the bytes
 * per entry, whether the JVM ran out of memory and how many secrets it had cached then, and how many reads a second
 * pass over every reference made (0: all were cached), as JSON to the file {@code args[0]}. The references the cache keeps to find its
 * entries (parsed anew for each call, as from an application's configuration) count in its footprint.
 */
public final class CacheFootprint {
  static final int ENTRIES = 100_000;
  /** How many secrets are cached between two heap figures. */
  static final int STEP = 10_000;

  private CacheFootprint() {
  }

  /** Fills the cache and writes the figures to {@code args[0]}. */
  public static void main(String[] args) throws IOException, InterruptedException {
    SyntheticStore store = new SyntheticStore(StoreRegistry.builder().build().open("memory:", Map.of(),
        Clock.systemUTC()));
    CachePolicy policy = CachePolicy.defaults().withTtl(Duration.ofHours(1)).withMaxEntries(ENTRIES);
    ObjectNode result = new ObjectMapper().createObjectNode();
    result.put("entries", ENTRIES);
    result.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    result.put("collector", ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(", ")));
    Fill fill = fill(store, policy);
    int measured = fill.measured();
    result.put("filled", fill.filled());
    result.put("outOfMemory", fill.outOfMemory());
    result.put("usedBeforeBytes", fill.used()[0]);
    result.put("measuredEntries", measured);
    result.put("usedAfterBytes", fill.used()[measured / STEP]);
    result.put("bytesPerEntry", measured == 0 ? 0 : (fill.used()[measured / STEP] - fill.used()[0]) / measured);
    result.put("secondPassReads", fill.rereads());
    ArrayNode curve = result.putArray("usedBytesEvery" + STEP);
    for (long bytes : fill.used()) {
      curve.add(bytes);
    }
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(Path.of(args[0]).toFile(), result);
  }

  /**
   * What a fill measured.
   *
   * @param filled how many secrets were cached
   * @param outOfMemory whether the fill ran out of memory before caching them all
   * @param used heap used after a full GC with {@code k × STEP} secrets cached, for each k reached
   * @param rereads how many reads a second pass over every reference made, or -1 when there was none
   */
  private record Fill(int filled, boolean outOfMemory, long[] used, long rereads) {
    /** Returns how many secrets the last heap figure was taken with. */
    int measured() {
      int k = 0;
      while (k + 1 < used.length && used[k + 1] > 0) {
        k++;
      }
      return k * STEP;
    }
  }

  /**
   * Fills a client's cache, taking the heap used after a full GC every {@value #STEP} secrets, and returns the figures;
   * after an out-of-memory error it allocates nothing until the client and its cache are out of reach.
   */
  private static Fill fill(SyntheticStore store, CachePolicy policy) throws InterruptedException {
    long[] used = new long[ENTRIES / STEP + 1];
    int filled = 0;
    boolean outOfMemory = false;
    long rereads = -1;
    SecretClient client = SecretClient.builder().store(store).environment(Map.of()).cache(policy).build();
    try {
      SecretRef warm = ref(-1);
      client.resolve(warm).destroy();
      client.invalidate(warm);
      used[0] = usedAfterFullGc();
      for (; filled < ENTRIES; filled++) {
        client.resolve(ref(filled)).destroy();
        if ((filled + 1) % STEP == 0) {
          used[(filled + 1) / STEP] = usedAfterFullGc();
        }
      }
      long reads = store.reads();
      for (int i = 0; i < filled; i++) {
        client.resolve(ref(i)).destroy();
      }
      rereads = store.reads() - reads;
    } catch (OutOfMemoryError e) {
      outOfMemory = true;
    } finally {
      try {
        client.close();
      } catch (OutOfMemoryError e) {
        // Its ticker is a daemon thread; the figures matter more than stopping it.
      }
      // Lets the cache go before the figures are allocated.
      client = null;
    }
    return new Fill(filled, outOfMemory, used, rereads);
  }

  /** Returns a reference to secret number {@code i}'s key, parsed anew, as an application would from its configuration. */
  private static SecretRef ref(int i) {
    return SecretRef.parse("public:s" + (i + 1_000_000) + "#" + SyntheticStore.KEY);
  }

  /** Returns the heap in use after collecting everything collectable. */
  private static long usedAfterFullGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
