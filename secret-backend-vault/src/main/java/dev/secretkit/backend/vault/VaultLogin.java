package dev.secretkit.backend.vault;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One token the store holds and when to renew it: once two thirds of its TTL have passed, by the store's clock,
 * and after a renewal Vault could not answer (sealed, a standby, rate limiting, unreachable) again only after a
 * backoff of {@link #FIRST_RENEWAL_RETRY}, doubling up to {@link #MAX_RENEWAL_RETRY}, and while the token is
 * still valid no later than halfway to its expiry: an outage never turns every call into a renewal and a call.
 * A store clock set back (an NTP step, a restored VM) makes it due at once, since its TTL may be running out at
 * Vault while the clock says otherwise.
 * A login due to be replaced (not renewable, or near its maximum TTL) that fails is tried again on the same
 * backoff while the token in hand is still valid.
 *
 * <p>A token of the store's own login ({@link #revocable}) is revoked once the store is done with it, at most once:
 * {@link #claimRevocation()} says which thread does it, and every {@code VaultLogin} of the same token (renewed,
 * kept, backed off) shares that claim. Immutable but for that claim; the token never shows in
 * {@link #toString()}.
 */
final class VaultLogin {
  /** How long after a renewal Vault could not answer the store tries again. */
  static final Duration FIRST_RENEWAL_RETRY = Duration.ofSeconds(10);
  /** The longest wait between renewals Vault could not answer. */
  static final Duration MAX_RENEWAL_RETRY = Duration.ofMinutes(10);
  /** The shortest wait between renewals Vault could not answer, however close the expiry. */
  private static final Duration MIN_RENEWAL_RETRY = Duration.ofSeconds(1);

  final String token;
  final VaultSession.Drivers drivers;
  /** The TTL Vault gave it, in seconds; 0 when it has none or the store does not know it. */
  final long ttlSeconds;
  final boolean renewable;
  /** Whether the store obtained it by a login and revokes it once done with it: a service token, not turned off. */
  final boolean revocable;
  /** Set once its revocation is claimed: revoked, or known to need none. Shared by every login of the token. */
  private final AtomicBoolean settled;
  /** When it expires by the store's clock, or null. */
  private final Instant expiresAt;
  /** When to renew it, or null never. */
  private final Instant renewAt;
  /** When {@link #renewAt} was set, by the store's clock: a clock now earlier has been set back. */
  private final Instant scheduledAt;
  private final int failedRenewals;

  private VaultLogin(String token, VaultSession.Drivers drivers, long ttlSeconds, boolean renewable, boolean revocable,
      AtomicBoolean settled, Instant expiresAt, Instant renewAt, Instant scheduledAt, int failedRenewals) {
    this.token = token;
    this.drivers = drivers;
    this.ttlSeconds = ttlSeconds;
    this.renewable = renewable;
    this.revocable = revocable;
    this.settled = settled;
    this.expiresAt = expiresAt;
    this.renewAt = renewAt;
    this.scheduledAt = scheduledAt;
    this.failedRenewals = failedRenewals;
  }

  /**
   * Returns the login of {@code token}, obtained at {@code obtained} with a TTL of {@code ttlSeconds} (0: none,
   * or unknown), due for renewal after two thirds of it; the store revokes it once done with it when
   * {@code revocable}.
   */
  static VaultLogin of(String token, VaultSession.Drivers drivers, Instant obtained, long ttlSeconds,
      boolean renewable, boolean revocable) {
    return scheduled(token, drivers, obtained, ttlSeconds, renewable, revocable, new AtomicBoolean());
  }

  private static VaultLogin scheduled(String token, VaultSession.Drivers drivers, Instant obtained, long ttlSeconds,
      boolean renewable, boolean revocable, AtomicBoolean settled) {
    return new VaultLogin(token, drivers, ttlSeconds, renewable, revocable, settled,
        ttlSeconds > 0 ? obtained.plusSeconds(ttlSeconds) : null,
        ttlSeconds > 0 ? obtained.plusSeconds(ttlSeconds * 2 / 3) : null, obtained, 0);
  }

  /** Returns this token renewed at {@code now} for {@code leaseSeconds}, due for renewal after two thirds of it. */
  VaultLogin renewed(Instant now, long leaseSeconds) {
    return scheduled(token, drivers, now, leaseSeconds, true, revocable, settled);
  }

  /**
   * Returns whether the time to renew it has come at {@code now}: its renewal time has passed, or the store's
   * clock was set back since it was scheduled, so that how much of its TTL has passed is unknown.
   */
  boolean due(Instant now) {
    return renewAt != null && (!now.isBefore(renewAt) || now.isBefore(scheduledAt));
  }

  /** Returns whether it is still valid at {@code now} by the store's clock: it has no expiry, or that lies ahead. */
  boolean validAt(Instant now) {
    return expiresAt == null || now.isBefore(expiresAt);
  }

  /** Returns how long it stays valid after {@code now} by the store's clock; empty when its TTL is unknown. */
  Optional<Duration> remaining(Instant now) {
    return expiresAt == null ? Optional.empty() : Optional.of(Duration.between(now, expiresAt));
  }

  /**
   * Returns true to the one caller that is to revoke this token: the first, if the token is {@link #revocable}
   * and its revocation was neither claimed nor {@linkplain #settle() settled} before.
   */
  boolean claimRevocation() {
    return revocable && settled.compareAndSet(false, true);
  }

  /** Records that this token needs no revocation: Vault refused it as expired or revoked already. */
  void settle() {
    settled.set(true);
  }

  /** Returns this token, never to be renewed again: used until Vault refuses it. */
  VaultLogin kept() {
    return new VaultLogin(token, drivers, ttlSeconds, false, revocable, settled, expiresAt, null, scheduledAt, 0);
  }

  /**
   * Returns this token after a renewal, or a new login to replace it, failed at {@code now}: due again after the
   * backoff.
   */
  VaultLogin renewalFailed(Instant now) {
    int failures = failedRenewals + 1;
    Duration wait = FIRST_RENEWAL_RETRY.multipliedBy(1L << Math.min(failures - 1, 16));
    if (wait.compareTo(MAX_RENEWAL_RETRY) > 0) {
      wait = MAX_RENEWAL_RETRY;
    }
    if (expiresAt != null && now.isBefore(expiresAt)) {
      Duration halfway = Duration.between(now, expiresAt).dividedBy(2);
      wait = wait.compareTo(halfway) > 0 ? halfway : wait;
      wait = wait.compareTo(MIN_RENEWAL_RETRY) < 0 ? MIN_RENEWAL_RETRY : wait;
    }
    return new VaultLogin(token, drivers, ttlSeconds, renewable, revocable, settled, expiresAt, now.plus(wait), now,
        failures);
  }

  @Override
  public String toString() {
    return "VaultLogin[ttl=" + ttlSeconds + "s, renewable=" + renewable + ", revocable=" + revocable
        + ", failedRenewals=" + failedRenewals + "]";
  }
}
