package dev.secretkit.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link SecretClient} caches what it resolves: how long a value is used before the store is
 * asked again, how many secrets are kept, and what happens while the store fails. Instances are
 * immutable and thread-safe; each {@code with} method returns a changed copy.
 *
 * <ul>
 *   <li>Each secret version is cached once, whatever keys are asked of it, and read from the store
 *       by one caller at a time: callers that miss together wait for that one read.
 *   <li>After its time-to-live a cached secret is checked with the store's cheapest probe (see
 *       {@link dev.secretkit.spi.SecretStore#probe}); its values are read again only when the
 *       secret changed. The time-to-live is drawn, for each entry, between {@code ttl × (1 − jitter)}
 *       and {@code ttl}, so that secrets cached together do not expire together, and an entry never
 *       lives longer than {@code ttl}: a revoked grant or a changed value is seen within one
 *       {@code ttl}. A pinned version ({@code #key@3}) keeps its values for as long as it is cached;
 *       the probe still re-checks who may use it.
 *   <li>A failed read or probe is remembered: until a backoff passes, the same exception object
 *       is thrown again without calling the store (its stack trace is the first caller's). The backoff doubles with each failure in a row, from
 *       {@code errorBackoffMin} to {@code errorBackoffMax}, and is drawn between half that and all
 *       of it.
 *   <li>While the store fails <em>transiently</em> ({@link dev.secretkit.SecretException#isRetryable()}),
 *       the last value read is still served, for up to {@code staleIfError} after it expired, and
 *       {@link SecretResolver#lookup} reports it as stale, as long as the store could not say
 *       whether the secret changed: once a probe saw it change (a new value, a revoked grant), the
 *       old value is never served again. Any other error (the secret, version or key is gone,
 *       access is denied, the record is unreadable) drops the entry and is thrown.
 *   <li>With {@code refreshAhead}, a hit within that window of an entry's expiry re-checks it in
 *       the background, and callers keep getting the cached value meanwhile.
 *   <li>At most {@code maxEntries} secret versions are kept; beyond that the least recently used
 *       are dropped: exactly so up to 16 entries, else the least recently used of 16 sampled,
 *       at the ticker's resolution (10 ms by default).
 * </ul>
 */
public final class CachePolicy {
  /** The longest duration an option takes: a hundred years, well within what a long counts in nanoseconds. */
  private static final Duration LONGEST = Duration.ofDays(36_500);

  private final Duration ttl;
  private final double jitter;
  private final int maxEntries;
  private final Duration staleIfError;
  private final Duration errorBackoffMin;
  private final Duration errorBackoffMax;
  private final Duration refreshAhead;

  private CachePolicy(Duration ttl, double jitter, int maxEntries, Duration staleIfError, Duration errorBackoffMin,
      Duration errorBackoffMax, Duration refreshAhead) {
    this.ttl = ttl;
    this.jitter = jitter;
    this.maxEntries = maxEntries;
    this.staleIfError = staleIfError;
    this.errorBackoffMin = errorBackoffMin;
    this.errorBackoffMax = errorBackoffMax;
    this.refreshAhead = refreshAhead;
  }

  /**
   * Returns the defaults: a time-to-live of one minute with 10% jitter, 10,000 entries, stale values
   * served for up to ten minutes of a transient outage, an error backoff from one second to one minute, and no
   * refresh ahead of expiry.
   */
  public static CachePolicy defaults() {
    return new CachePolicy(Duration.ofMinutes(1), 0.1, 10_000, Duration.ofMinutes(10), Duration.ofSeconds(1),
        Duration.ofMinutes(1), Duration.ZERO);
  }

  /**
   * Returns this policy with time-to-live {@code time}.
   *
   * @throws IllegalArgumentException if {@code time} is not positive
   */
  public CachePolicy withTtl(Duration time) {
    return new CachePolicy(positive(time, "ttl"), jitter, maxEntries, staleIfError, errorBackoffMin, errorBackoffMax,
        refreshAhead);
  }

  /**
   * Returns this policy with each entry's time-to-live drawn between {@code ttl × (1 − fraction)} and {@code ttl}.
   *
   * @throws IllegalArgumentException if {@code fraction} is not at least 0 and below 1
   */
  public CachePolicy withJitter(double fraction) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("jitter must be at least 0 and below 1, such as 0.1 for 10%");
    }
    return new CachePolicy(ttl, fraction, maxEntries, staleIfError, errorBackoffMin, errorBackoffMax, refreshAhead);
  }

  /**
   * Returns this policy keeping at most {@code count} secret versions.
   *
   * @throws IllegalArgumentException if {@code count} is below 1
   */
  public CachePolicy withMaxEntries(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1");
    }
    return new CachePolicy(ttl, jitter, count, staleIfError, errorBackoffMin, errorBackoffMax, refreshAhead);
  }

  /**
   * Returns this policy serving a value for up to {@code window} after it expired while the store
   * fails transiently; {@link Duration#ZERO} never serves a stale value.
   *
   * @throws IllegalArgumentException if {@code window} is negative
   */
  public CachePolicy withStaleIfError(Duration window) {
    Objects.requireNonNull(window, "staleIfError");
    if (window.isNegative()) {
      throw new IllegalArgumentException("staleIfError must not be negative");
    }
    measurable(window, "staleIfError");
    return new CachePolicy(ttl, jitter, maxEntries, window, errorBackoffMin, errorBackoffMax, refreshAhead);
  }

  /**
   * Returns this policy remembering a failure for {@code min} after the first failure in a row,
   * doubling up to {@code max}.
   *
   * @throws IllegalArgumentException if {@code min} is not positive or {@code max} is below it
   */
  public CachePolicy withErrorBackoff(Duration min, Duration max) {
    positive(min, "errorBackoffMin");
    Objects.requireNonNull(max, "errorBackoffMax");
    measurable(max, "errorBackoffMax");
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException("errorBackoffMax must be at least errorBackoffMin");
    }
    return new CachePolicy(ttl, jitter, maxEntries, staleIfError, min, max, refreshAhead);
  }

  /**
   * Returns this policy refreshing an entry in the background when it is hit within {@code window}
   * of its expiry, so that callers of a secret in steady use never wait for the store; the refresh
   * is the same probe (and read, when the secret changed) as at expiry. {@link Duration#ZERO} turns
   * it off; a window longer than an entry's time-to-live refreshes on its first hit.
   *
   * @throws IllegalArgumentException if {@code window} is negative
   */
  public CachePolicy withRefreshAhead(Duration window) {
    Objects.requireNonNull(window, "refreshAhead");
    if (window.isNegative()) {
      throw new IllegalArgumentException("refreshAhead must not be negative");
    }
    measurable(window, "refreshAhead");
    return new CachePolicy(ttl, jitter, maxEntries, staleIfError, errorBackoffMin, errorBackoffMax, window);
  }

  /** Returns how long before expiry a hit refreshes an entry in the background; zero when off. */
  public Duration refreshAhead() {
    return refreshAhead;
  }

  /** Returns the longest time a cached entry is used before the store is asked again. */
  public Duration ttl() {
    return ttl;
  }

  /** Returns the fraction by which each entry's time-to-live may be shortened. */
  public double jitter() {
    return jitter;
  }

  /** Returns the most secret versions kept. */
  public int maxEntries() {
    return maxEntries;
  }

  /** Returns how long after expiry a value is still served while the store fails transiently. */
  public Duration staleIfError() {
    return staleIfError;
  }

  /** Returns how long the first failure in a row is remembered. */
  public Duration errorBackoffMin() {
    return errorBackoffMin;
  }

  /** Returns the longest a failure is remembered. */
  public Duration errorBackoffMax() {
    return errorBackoffMax;
  }

  @Override
  public String toString() {
    return "CachePolicy[ttl=" + ttl + ", jitter=" + jitter + ", maxEntries=" + maxEntries + ", staleIfError="
        + staleIfError + ", errorBackoff=" + errorBackoffMin + ".." + errorBackoffMax + ", refreshAhead="
        + refreshAhead + "]";
  }

  /**
   * Returns {@code time} when it is positive and at most a hundred years, for every duration option of
   * the client (this policy's, {@link CredentialRefresher}'s).
   *
   * @throws IllegalArgumentException naming {@code name} otherwise
   */
  static Duration positive(Duration time, String name) {
    Objects.requireNonNull(time, name);
    if (time.isNegative() || time.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
    return measurable(time, name);
  }

  /** Returns {@code time} when the cache can count it in nanoseconds, which it can up to about 292 years. */
  private static Duration measurable(Duration time, String name) {
    if (time.compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException(name + " must be at most " + LONGEST.toDays() + " days");
    }
    return time;
  }
}
