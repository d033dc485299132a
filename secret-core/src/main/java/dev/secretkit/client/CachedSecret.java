package dev.secretkit.client;

import dev.secretkit.SecretValue;
import dev.secretkit.spi.StoredSecret;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the cache holds of one secret version at one revision: its values, who may use it, and
 * until when (in ticker nanoseconds) it is fresh and may be served stale. Immutable; the byte
 * arrays are never handed out, only copies of them.
 */
final class CachedSecret {
  private final Map<String, byte[]> values;
  private final String revision;
  private final long version;
  private final boolean usable;
  private final String owner;
  private final long expiresAt;
  private final long refreshAt;
  private final long staleUntil;

  private CachedSecret(Map<String, byte[]> values, String revision, long version, boolean usable, String owner,
      long expiresAt, long refreshAt, long staleUntil) {
    this.values = values;
    this.revision = revision;
    this.version = version;
    this.usable = usable;
    this.owner = owner;
    this.expiresAt = expiresAt;
    this.refreshAt = refreshAt;
    this.staleUntil = staleUntil;
  }

  /**
   * Returns what the cache keeps of {@code stored}, whose values it destroys after copying them,
   * fresh until {@code life.expiresAt()}.
   */
  static CachedSecret of(StoredSecret stored, boolean usable, Deadlines life) {
    Map<String, byte[]> copies;
    if (stored.values().size() == 1) {
      Map.Entry<String, SecretValue> only = stored.values().entrySet().iterator().next();
      copies = Map.of(only.getKey(), only.getValue().bytes());
    } else {
      copies = new HashMap<>();
      stored.values().forEach((key, value) -> copies.put(key, value.bytes()));
    }
    stored.values().values().forEach(SecretValue::destroy);
    return new CachedSecret(copies, stored.revision(), stored.version().number(), usable,
        stored.metadata().owner(), life.expiresAt(), life.refreshAt(), life.staleUntil());
  }

  /** Returns these values, confirmed current at {@code revision}, with who may use them and new deadlines. */
  CachedSecret confirmed(String atRevision, boolean mayUse, String byOwner, Deadlines life) {
    return new CachedSecret(values, atRevision, version, mayUse, byOwner, life.expiresAt(), life.refreshAt(),
        life.staleUntil());
  }

  /** Zeroes every value; only for a secret no other thread can still read. */
  void destroy() {
    values.values().forEach(value -> Arrays.fill(value, (byte) 0));
  }

  /** Returns the value of {@code key}, or null when the secret has no such key; never hand it out. */
  byte[] value(String key) {
    return values.get(key);
  }

  /** Returns the keys whose values differ between {@code before} and this, added and removed keys included. */
  Set<String> changedSince(CachedSecret before) {
    Set<String> changed = new TreeSet<>();
    values.forEach((key, value) -> {
      byte[] old = before.values.get(key);
      if (old == null || !MessageDigest.isEqual(old, value)) {
        changed.add(key);
      }
    });
    before.values.keySet().stream().filter(key -> !values.containsKey(key)).forEach(changed::add);
    return changed;
  }

  Set<String> keys() {
    return values.keySet();
  }

  String revision() {
    return revision;
  }

  long version() {
    return version;
  }

  /** Returns whether the client's principal may use the secret. */
  boolean usable() {
    return usable;
  }

  String owner() {
    return owner;
  }

  /** Returns whether this is still fresh at ticker reading {@code now}. */
  boolean freshAt(long now) {
    return now - expiresAt < 0;
  }

  /** Returns whether, at ticker reading {@code now}, a fresh entry is due for a refresh ahead of its expiry. */
  boolean dueForRefreshAt(long now) {
    return now - refreshAt >= 0;
  }

  /** Returns whether this may still be served stale at ticker reading {@code now}. */
  boolean servableStaleAt(long now) {
    return now - staleUntil < 0;
  }

  /**
   * When a cached secret expires, when it is refreshed ahead of that (its expiry, when refresh-ahead
   * is off), and until when it may be served stale, in ticker nanoseconds.
   *
   * @param expiresAt when it stops being fresh
   * @param refreshAt when a hit starts a refresh in the background
   * @param staleUntil when it may no longer be served during a transient outage
   */
  record Deadlines(long expiresAt, long refreshAt, long staleUntil) {
  }

  @Override
  public String toString() {
    return "CachedSecret[version=" + version + ", keys=" + values.keySet() + "]";
  }
}
