package dev.secretkit.micrometer;

import dev.secretkit.SecretException;
import dev.secretkit.SecretId;
import dev.secretkit.client.ResolveObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Reports a SecretKit client's resolves to a Micrometer {@link MeterRegistry}, with no secret id,
 * key or value in any meter name or tag (ids would make one time series per secret):
 *
 * <ul>
 *   <li>{@value #HITS}, {@value #MISSES}, {@value #STALE} and {@value #EVICTIONS}: counters;
 *   <li>{@value #STORE_CALLS}: a timer per {@code call} ({@code read}, {@code read_version},
 *       {@code read_all}, {@code probe}, {@code head}) and {@code outcome} ({@code ok}, or the simple
 *       name of the exception, such as {@code StoreUnavailableException}).
 * </ul>
 * Every meter also carries the tags given to the constructor (a store name, say). Register it with
 * {@code SecretClient.builder().observer(new MicrometerResolveObserver(registry))}. Thread-safe; a
 * hit costs one counter increment.
 */
public final class MicrometerResolveObserver implements ResolveObserver {
  /** Resolves served from the cache without a store call. */
  public static final String HITS = "secretkit.cache.hits";
  /** Resolves that found nothing fresh in the cache. */
  public static final String MISSES = "secretkit.cache.misses";
  /** Resolves served a value past its time-to-live during a transient store failure. */
  public static final String STALE = "secretkit.cache.stale";
  /** Secrets dropped to keep the cache within its maximum size. */
  public static final String EVICTIONS = "secretkit.cache.evictions";
  /** Store calls the cache made, timed. */
  public static final String STORE_CALLS = "secretkit.store.calls";

  private final MeterRegistry registry;
  private final Tags tags;
  private final Counter hits;
  private final Counter misses;
  private final Counter stale;
  private final Counter evictions;

  /** Reports to {@code registry}, with no extra tags. */
  public MicrometerResolveObserver(MeterRegistry registry) {
    this(registry, Tags.empty());
  }

  /** Reports to {@code registry}, adding {@code tags} to every meter. */
  public MicrometerResolveObserver(MeterRegistry registry, Iterable<Tag> tags) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    hits = Counter.builder(HITS).description("resolves served from the cache").tags(this.tags).register(registry);
    misses = Counter.builder(MISSES).description("resolves that found nothing fresh in the cache").tags(this.tags)
        .register(registry);
    stale = Counter.builder(STALE).description("resolves served stale during a transient store failure")
        .tags(this.tags).register(registry);
    evictions = Counter.builder(EVICTIONS).description("secrets dropped to keep the cache within its size")
        .tags(this.tags).register(registry);
  }

  @Override
  public void hit(SecretId id) {
    hits.increment();
  }

  @Override
  public void miss(SecretId id) {
    misses.increment();
  }

  @Override
  public void staleServed(SecretId id, SecretException cause) {
    stale.increment();
  }

  @Override
  public void evicted(SecretId id) {
    evictions.increment();
  }

  @Override
  public void storeCalled(StoreCall call, SecretId id, long nanos, SecretException error) {
    Timer.builder(STORE_CALLS).description("store calls the SecretKit cache made").tags(tags)
        .tag("call", call.name().toLowerCase(Locale.ROOT))
        .tag("outcome", error == null ? "ok" : error.getClass().getSimpleName())
        .register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }
}
