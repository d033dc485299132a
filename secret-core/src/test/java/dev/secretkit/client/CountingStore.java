package dev.secretkit.client;

import dev.secretkit.SecretException;
import dev.secretkit.SecretId;
import dev.secretkit.spi.ForwardingSecretStore;
import dev.secretkit.spi.SecretHead;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A fake store over a real one that counts the reads a cache makes, fails the next calls of a kind
 * with a scripted exception, and can hold reads at a gate.
 */
final class CountingStore extends ForwardingSecretStore {
  enum Call { READ, READ_VERSION, HEAD, PROBE }

  private final Map<Call, AtomicLong> counts = new EnumMap<>(Call.class);
  private final Map<Call, Deque<Supplier<SecretException>>> failures = new EnumMap<>(Call.class);
  private volatile CountDownLatch gate;

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

  /** Holds every read of the latest version until {@code open} counts down. */
  void holdReads(CountDownLatch open) {
    gate = open;
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
    CountDownLatch held = gate;
    if (held != null) {
      try {
        held.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return super.read(id);
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
