package dev.secretkit.client;

import dev.secretkit.SecretRef;
import dev.secretkit.SecretValue;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Picks up a rotated credential without a restart: runs work with the value a reference names,
 * and when the work is refused for that credential, asks the store again and runs the work once
 * more with what it finds, within a budget. When another caller already picked a new value up,
 * the work is retried with it at once, without asking the store.
 *
 * <p>The budget: a reference is read again at most once per backoff, which starts at
 * {@code minBackoff} and doubles, up to {@code maxBackoff}, each time a refetch does not help (the
 * store holds the same value, or the work is refused again); a success resets it. Within the
 * backoff, when the store holds the value just refused, or when the store cannot be asked (the
 * cached value stays, to be served stale), the refusal is thrown as it came. So a password that is
 * simply wrong costs the store one check per backoff, however many callers fail.
 *
 * <p>For example, a {@code DataSource} that survives a password rotation:
 * <pre>{@code
 * CredentialRefresher refresher = CredentialRefresher.of(client);
 * Connection connection = refresher.call(PASSWORD, e -> e instanceof SQLException sql
 *     && sql.getSQLState() != null && sql.getSQLState().startsWith("28"),
 *     password -> DriverManager.getConnection(url, user, password.asString()));
 * }</pre>
 * Instances are thread-safe.
 */
public final class CredentialRefresher {
  private final SecretResolver resolver;
  private final Ticker ticker;
  private final long minBackoff;
  private final long maxBackoff;
  private final ConcurrentHashMap<SecretRef, Budget> budgets = new ConcurrentHashMap<>();

  private CredentialRefresher(SecretResolver resolver, Ticker ticker, Duration minBackoff, Duration maxBackoff) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.minBackoff = CachePolicy.positive(minBackoff, "minBackoff").toNanos();
    this.maxBackoff = CachePolicy.positive(maxBackoff, "maxBackoff").toNanos();
    if (this.maxBackoff < this.minBackoff) {
      throw new IllegalArgumentException("maxBackoff must be at least minBackoff");
    }
  }

  /** Returns a refresher over {@code resolver} with a backoff from 5 seconds to 5 minutes, on the system ticker. */
  public static CredentialRefresher of(SecretResolver resolver) {
    return of(resolver, Duration.ofSeconds(5), Duration.ofMinutes(5), Ticker.system());
  }

  /**
   * Returns a refresher over {@code resolver} with a backoff from {@code minBackoff} to
   * {@code maxBackoff}, measured on {@code ticker}.
   *
   * @throws IllegalArgumentException if a backoff is not positive, or the maximum is below the minimum
   */
  public static CredentialRefresher of(SecretResolver resolver, Duration minBackoff, Duration maxBackoff,
      Ticker ticker) {
    return new CredentialRefresher(resolver, ticker, minBackoff, maxBackoff);
  }

  /**
   * Runs {@code work} with the value {@code ref} names; if it throws an exception that
   * {@code refused} accepts, runs it once more with a different value: the one the resolver holds
   * now, if another caller picked it up, else, if the budget allows, the one the store holds
   * ({@link SecretResolver#refresh}). Every value resolved is destroyed when {@code work} returns.
   *
   * @throws E what {@code work} threw: on the second run, or on the first when no refetch was made
   * @throws dev.secretkit.SecretException if {@code ref} cannot be resolved
   */
  public <T, E extends Exception> T call(SecretRef ref, Predicate<? super Exception> refused,
      CredentialCall<T, E> work) throws E {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(refused, "refused");
    Objects.requireNonNull(work, "work");
    SecretValue first = resolver.resolve(ref);
    try {
      T result = work.call(first);
      budgets.remove(ref);
      return result;
    } catch (Exception e) {
      if (!refused.test(e)) {
        throw e;
      }
      // Another caller may have picked the new value up already: then a client's cache holds it now.
      SecretValue current = cachedValue(ref);
      if (current == null || current.equals(first)) {
        if (current != null) {
          current.destroy();
        }
        if (!claimRefetch(ref)) {
          throw e;
        }
        Resolution checked = resolver.refresh(ref);
        current = checked.value();
        if (checked.stale() || current.equals(first)) {
          // The store cannot be asked now, or holds the value just refused: the refusal stands.
          current.destroy();
          throw e;
        }
      }
      try {
        T result = work.call(current);
        budgets.remove(ref);
        return result;
      } finally {
        current.destroy();
      }
    } finally {
      first.destroy();
    }
  }

  /**
   * Returns what a SecretKit client's cache holds fresh for {@code ref}, without a store call; null
   * for a resolver without a cache, whose every resolve would be a store read outside the budget.
   */
  private SecretValue cachedValue(SecretRef ref) {
    return resolver instanceof DefaultSecretClient client ? client.cachedValue(ref) : null;
  }

  /** Returns whether {@code ref} may be read again now, and if so, doubles its next backoff. */
  private boolean claimRefetch(SecretRef ref) {
    long now = ticker.read();
    boolean[] granted = new boolean[1];
    budgets.compute(ref, (key, budget) -> {
      if (budget != null && now - budget.nextAt < 0) {
        return budget;
      }
      granted[0] = true;
      long backoff = budget == null ? minBackoff
          : budget.backoff > maxBackoff / 2 ? maxBackoff : budget.backoff * 2;
      return new Budget(now + backoff, backoff);
    });
    return granted[0];
  }

  /** When {@code ref} may next be read again, and the backoff that set it. */
  private record Budget(long nextAt, long backoff) {
  }
}
