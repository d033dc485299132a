package dev.secretkit.client;

import dev.secretkit.SecretException;
import dev.secretkit.SecretId;

/**
 * Hears what a client's resolves cost, for metrics: cache hits and misses, stale serves, evictions,
 * and every store call they make, timed, with its error. It is told secret ids and error types,
 * never a value. Register one with {@link SecretClientBuilder#observer}; every method does nothing
 * by default.
 *
 * <p>Only a client's own cache is observed: a client without a {@link CachePolicy} reports
 * nothing. Methods are called on the thread that resolves, or on the client's background threads
 * (a refresh ahead of expiry, {@code resolveAll}'s parallel reads, a watch's looks, which count as
 * resolves), and {@link #hit} on every cache hit: an implementation must be thread-safe and fast
 * (a counter increment). What it throws is logged and otherwise ignored: it never fails a resolve.
 */
public interface ResolveObserver {

  /** The observer that hears everything and does nothing: a client's when it was given none. */
  ResolveObserver NONE = new ResolveObserver() {
  };

  /** What a store call was for. */
  enum StoreCall {
    /** A read of the latest version with its values. */
    READ,
    /** A read of a pinned version with its values. */
    READ_VERSION,
    /** A bulk read of the latest versions of several secrets. */
    READ_ALL,
    /** The cheapest check that a cached secret is unchanged. */
    PROBE,
    /** A read of metadata without values, after a probe saw a pinned version's secret change. */
    HEAD
  }

  /** A resolve of {@code id} was served from the cache, fresh, without a store call. */
  default void hit(SecretId id) {
  }

  /** A resolve of {@code id} found nothing fresh in the cache: it was loaded, re-checked, or failed. */
  default void miss(SecretId id) {
  }

  /** A resolve of {@code id} was served a value past its time-to-live, because of {@code cause}. */
  default void staleServed(SecretId id, SecretException cause) {
  }

  /** The cache dropped {@code id} to stay within its maximum size. */
  default void evicted(SecretId id) {
  }

  /**
   * The cache called the store for {@code id} (the first id, for a bulk read) and the call took
   * {@code nanos}; {@code error} is what it threw, or null when it answered.
   */
  default void storeCalled(StoreCall call, SecretId id, long nanos, SecretException error) {
  }
}
