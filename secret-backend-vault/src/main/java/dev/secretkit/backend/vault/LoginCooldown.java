package dev.secretkit.backend.vault;

import dev.secretkit.CredentialsException;
import dev.secretkit.SecretException;
import dev.secretkit.StoreUnavailableException;
import java.time.Duration;
import java.time.Instant;

/**
 * A login that failed, and how long the store waits before it tries another one: {@link #FIRST_WAIT} after the
 * first failure in a row, twice as long after each further one, or as long as Vault's {@code Retry-After} asked
 * when that is longer, but never more than {@link #MAX_WAIT}, by the store's clock. Meanwhile a call that needs a
 * new login fails at once with an error of the same kind ({@link #fastFailure}), so that callers queued for a login
 * do not each wait through one that fails (its retries and timeouts) in turn. A store clock set back to before the
 * failure ends the cooldown: how long ago it failed is unknown then, and a wait stretched by the step could outlast
 * the outage by hours. Immutable.
 */
final class LoginCooldown {
  /** How long the store waits after a first failed login before it tries again. */
  static final Duration FIRST_WAIT = Duration.ofSeconds(1);
  /**
   * The longest wait between failed logins, whatever {@code Retry-After} asked (a proxy's or a quota's may ask for
   * hours), so that the store notices soon that Vault is back.
   */
  static final Duration MAX_WAIT = Duration.ofMinutes(1);

  /** The login's failure: a {@link StoreUnavailableException} or a {@link CredentialsException}. */
  private final SecretException failure;
  private final Instant failedAt;
  private final Instant until;
  private final int failures;

  private LoginCooldown(SecretException failure, Instant failedAt, Instant until, int failures) {
    this.failure = failure;
    this.failedAt = failedAt;
    this.until = until;
    this.failures = failures;
  }

  /**
   * Returns the cooldown after a login failed with {@code failure} at {@code now}, {@code previous} being that of
   * the failure before it in a row, or null.
   */
  static LoginCooldown after(LoginCooldown previous, SecretException failure, Instant now) {
    int failures = previous == null ? 1 : previous.failures + 1;
    Duration wait = FIRST_WAIT.multipliedBy(1L << Math.min(failures - 1, 16));
    if (failure instanceof StoreUnavailableException unavailable && unavailable.retryAfter().isPresent()
        && unavailable.retryAfter().get().compareTo(wait) > 0) {
      wait = unavailable.retryAfter().get();
    }
    wait = wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    return new LoginCooldown(failure, now, now.plus(wait), failures);
  }

  /** Returns whether a login at {@code now} is still to wait: after the failure, and before the wait is over. */
  boolean active(Instant now) {
    return !now.isBefore(failedAt) && now.isBefore(until);
  }

  /**
   * Returns the error of a call at {@code now} that needs a login while the cooldown lasts: retryable, with the
   * rest of the wait as its retry-after, after a transient failure; a {@link CredentialsException} after a refusal.
   * Its cause is the failure itself.
   */
  SecretException fastFailure(Instant now, String store) {
    long ago = Duration.between(failedAt, now).toSeconds();
    Duration left = Duration.ofSeconds((Duration.between(now, until).toMillis() + 999) / 1000);
    if (failure instanceof StoreUnavailableException unavailable) {
      return new StoreUnavailableException(store, "the store's last login to Vault failed " + ago + " s ago (the"
          + " cause says why), and it tries again no sooner than in " + left.toSeconds() + " s rather than make"
          + " every call wait for a login that fails; retry then", unavailable.throttled(), left, failure);
    }
    return new CredentialsException(failure.getMessage() + " (the store's last login, " + ago + " s ago; it tries"
        + " again no sooner than in " + left.toSeconds() + " s)", failure);
  }

  @Override
  public String toString() {
    return "LoginCooldown[failures=" + failures + ", until=" + until + "]";
  }
}
