package dev.secretkit.client;

import dev.secretkit.SecretException;
import dev.secretkit.SecretId;
import dev.secretkit.spi.Capability;
import dev.secretkit.spi.ForwardingSecretStore;
import dev.secretkit.spi.SecretHead;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreCapabilities;
import dev.secretkit.spi.StoredSecret;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A fake store over a real one that counts the reads a cache makes, fails the next calls of a kind
 * with a scripted exception, and can hold reads at a gate.
 */
final class CountingStore extends ForwardingSecretStore {
  enum Call { READ, READ_VERSION, READ_ALL, HEAD, PROBE }

  private final Map<Call, AtomicLong> counts = new EnumMap<>(Call.class);
  private final Map<Call, Deque<Supplier<SecretException>>> failures = new EnumMap<>(Call.class);
  private volatile CountDownLatch gate;
  private volatile boolean bulk = true;
  private final AtomicInteger inside = new AtomicInteger();
  private final AtomicInteger mostInside = new AtomicInteger();

  CountingStore(SecretStore delegate) {
    super(delegate);
    for (Call call : Call.values()) {
      counts.put(call, new AtomicLong());
      failures.put(call, new ArrayDeque<>());
    }
  }

  /** Makes the next {@code times} calls of {@code call} throw what {@code error} makes. */
  synchronized CountingStore fail(Call call, int times, Supplier<SecretException> error) {
    for (int i = 0; i < times; i++) {
      failures.get(call).add(error);
    }
    return this;
  }

  /**
   * Holds every read of the latest version until {@code open} counts down to zero; each read counts
   * it down once as it arrives, so a gate of n opens when n reads are in.
   */
  void holdReads(CountDownLatch open) {
    gate = open;
  }

  /** Makes the store say it cannot read in bulk, so that a client reads secret by secret. */
  CountingStore withoutBulkReads() {
    bulk = false;
    return this;
  }

  /** Returns the most reads of the latest version that were running at once. */
  int mostConcurrentReads() {
    return mostInside.get();
  }

  @Override
  public StoreCapabilities capabilities() {
    StoreCapabilities all = super.capabilities();
    if (bulk) {
      return all;
    }
    return StoreCapabilities.of(all.versionsRetained(), all.all().stream()
        .filter(capability -> capability != Capability.BULK_READ).toArray(Capability[]::new));
  }

  @Override
  public Map<SecretId, StoredSecret> readAll(Collection<SecretId> ids) {
    count(Call.READ_ALL);
    return super.readAll(ids);
  }

  long calls(Call call) {
    return counts.get(call).get();
  }

  /** Returns every call counted so far, of any kind. */
  long total() {
    return counts.values().stream().mapToLong(AtomicLong::get).sum();
  }

  void resetCounts() {
    counts.values().forEach(count -> count.set(0));
  }

  @Override
  public Optional<StoredSecret> read(SecretId id) {
    count(Call.READ);
    mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
    try {
      CountDownLatch held = gate;
      if (held != null) {
        held.countDown();
        if (!held.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the gate did not open");
        }
      }
      return super.read(id);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      inside.decrementAndGet();
    }
  }

  @Override
  public Optional<StoredSecret> read(SecretId id, long version) {
    count(Call.READ_VERSION);
    return super.read(id, version);
  }

  @Override
  public Optional<SecretHead> head(SecretId id) {
    count(Call.HEAD);
    return super.head(id);
  }

  @Override
  public Optional<String> probe(SecretId id) {
    count(Call.PROBE);
    return super.probe(id);
  }

  private void count(Call call) {
    counts.get(call).incrementAndGet();
    Supplier<SecretException> error;
    synchronized (this) {
      error = failures.get(call).poll();
    }
    if (error != null) {
      throw error.get();
    }
  }
}
