package dev.secretkit;

import java.time.Duration;
import java.util.Optional;

/**
 * Thrown when a store cannot be reached or refuses for now (throttling, an outage, a lock held
 * too long); the same call may succeed later.
 *
 * <p>{@link #retryAfter()} gives the store's own hint when it sent one. {@link #throttled()}
 * tells rate limiting apart from failure.
 */
public class StoreUnavailableException extends SecretException {
  private static final long serialVersionUID = 1L;

  private final boolean throttled;
  private final transient Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param store the store's description, without credentials
   * @param detail what happened, with no secret value
   * @param throttled whether the store is rate limiting the client
   * @param retryAfter how long the store asked the client to wait, or null
   * @param cause the underlying error, or null
   */
  public StoreUnavailableException(String store, String detail, boolean throttled, Duration retryAfter,
      Throwable cause) {
    super("store " + store + (throttled ? " is throttling requests: " : " is unavailable: ") + detail, null, store,
        cause);
    this.throttled = throttled;
    this.retryAfter = retryAfter;
  }

  /** Returns the store's description. */
  public String store() {
    return storeDescription().orElse(null);
  }

  /** Returns whether the store is rate limiting the client. */
  public boolean throttled() {
    return throttled;
  }

  /** Returns true: a transient fault is worth the same call again, after {@link #retryAfter()} when given. */
  @Override
  public boolean isRetryable() {
    return true;
  }

  /** Returns how long the store asked the client to wait, when it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
