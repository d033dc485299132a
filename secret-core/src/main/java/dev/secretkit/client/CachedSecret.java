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
  /** The values of a secret of several keys; null for a secret of one key, held in the two fields below. */
  private final Map<String, byte[]> values;
  private final String onlyKey;
  private final byte[] onlyValue;
  private final String revision;
  private final long version;
  private final boolean usable;
  /** The owner, for the message of a denial; null when the principal may use the secret. */
  private final String owner;
  private final long expiresAt;
  private final long refreshAt;
  private final long staleUntil;
  /** For each key that came from a manifest's {@code files:}, the file's name. */
  private final Map<String, String> fileNames;

  private CachedSecret(Map<String, byte[]> values, String onlyKey, byte[] onlyValue, String revision, long version,
      boolean usable, String owner, Deadlines life, Map<String, String> fileNames) {
    this.values = values;
    this.fileNames = fileNames;
    this.onlyKey = onlyKey;
    this.onlyValue = onlyValue;
    this.revision = revision;
    this.version = version;
    this.usable = usable;
    this.owner = usable ? null : owner;
    this.expiresAt = life.expiresAt();
    this.refreshAt = life.refreshAt();
    this.staleUntil = life.staleUntil();
  }

  /**
   * Returns what the cache keeps of {@code stored}, whose values it destroys after copying them,
   * fresh until {@code life.expiresAt()}.
   */
  static CachedSecret of(StoredSecret stored, boolean usable, Deadlines life) {
    Map<String, byte[]> copies = null;
    String onlyKey = null;
    byte[] onlyValue = null;
    if (stored.values().size() == 1) {
      Map.Entry<String, SecretValue> only = stored.values().entrySet().iterator().next();
      onlyKey = only.getKey();
      onlyValue = only.getValue().bytes();
    } else {
      Map<String, byte[]> several = new HashMap<>();
      stored.values().forEach((key, value) -> several.put(key, value.bytes()));
      copies = several;
    }
    stored.values().values().forEach(SecretValue::destroy);
    Map<String, String> fileNames = stored.metadata().fileNames();
    return new CachedSecret(copies, onlyKey, onlyValue, stored.revision(), stored.version().number(), usable,
        stored.metadata().owner(), life, fileNames.isEmpty() ? Map.of() : fileNames);
  }

  /** Returns these values, confirmed current at {@code revision}, with who may use them and new deadlines. */
  CachedSecret confirmed(String atRevision, boolean mayUse, String byOwner, Deadlines life) {
    return new CachedSecret(values, onlyKey, onlyValue, atRevision, version, mayUse, byOwner, life, fileNames);
  }

  /** Returns these values, expired at {@code now} but still servable stale as long as they were. */
  CachedSecret expiredAt(long now) {
    return new CachedSecret(values, onlyKey, onlyValue, revision, version, usable, owner,
        new Deadlines(Math.min(expiresAt, now), Math.min(refreshAt, now), staleUntil), fileNames);
  }

  /** Zeroes every value; only for a secret no other thread can still read. */
  void destroy() {
    asMap().values().forEach(value -> Arrays.fill(value, (byte) 0));
  }

  /** Returns the value of {@code key}, or null when the secret has no such key; never hand it out. */
  byte[] value(String key) {
    return values != null ? values.get(key) : onlyKey.equals(key) ? onlyValue : null;
  }

  /** Returns the keys whose values differ between {@code before} and this, added and removed keys included. */
  Set<String> changedSince(CachedSecret before) {
    Set<String> changed = new TreeSet<>();
    asMap().forEach((key, value) -> {
      byte[] old = before.value(key);
      if (old == null || !MessageDigest.isEqual(old, value)) {
        changed.add(key);
      }
    });
    before.keys().stream().filter(key -> value(key) == null).forEach(changed::add);
    return changed;
  }

  /** Returns, for each key that came from a manifest's {@code files:}, the file's name. */
  Map<String, String> fileNames() {
    return fileNames;
  }

  Set<String> keys() {
    return values != null ? values.keySet() : Set.of(onlyKey);
  }

  private Map<String, byte[]> asMap() {
    return values != null ? values : Map.of(onlyKey, onlyValue);
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
    return "CachedSecret[version=" + version + ", keys=" + keys() + "]";
  }
}
