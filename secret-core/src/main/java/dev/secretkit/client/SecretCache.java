package dev.secretkit.client;

import dev.secretkit.SecretException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretNotFoundException;
import dev.secretkit.SecretRef;
import dev.secretkit.SecretValue;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.spi.Capability;
import dev.secretkit.spi.SecretHead;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A {@link SecretClient}'s cache of resolved secrets, under a {@link CachePolicy}: one node per
 * secret version, found on the hot path through a memo from the caller's {@link SecretRef} to its
 * node and key, so that a hit costs one hash look-up, a clock read and a copy of one value.
 *
 * <p>The hot path ({@link #hit}) never blocks and never calls the store; everything else goes
 * through {@link #get}, which loads a node once however many callers miss it together. Eviction
 * drops the least recently used node: of all of them in a cache of up to 16 entries, else of 16
 * sampled (as Redis does). A hit records its ticker reading on the node only when it changed, so
 * that with the coarse ticker a node is written at most once per 10 ms however often it is hit.
 * A library cache (Caffeine) would cost core its only-Jackson dependency rule and costs more per
 * hit than this path (see the benchmarks).
 *
 * <p>Logs to the {@code System.Logger} named after this class, never on the hot path: {@code WARNING} once per
 * failed refresh of a secret it still holds (it is served stale from then on, while the policy allows), and
 * {@code DEBUG} for each stale serve; both name the store, the secret and the failure's class, never a value.
 */
final class SecretCache {
  private static final System.Logger LOG = System.getLogger(SecretCache.class.getName());

  private final SecretStore store;
  private final Ticker ticker;
  private final String defaultScope;
  private final Predicate<SecretMetadata> usable;
  private final Reader reader;
  private final Function<SecretId, ? extends SecretException> missing;
  private final DoubleSupplier random;
  private final ResolveObserver observer;
  private final long ttl;
  private final double jitter;
  private final int maxEntries;
  private final long staleIfError;
  private final long refreshAhead;
  private final Executor background;
  private final long backoffMin;
  private final long backoffMax;
  /** By {@link SecretId} for the latest version, by {@link Pinned} for a pinned one. */
  private final ConcurrentHashMap<Object, CacheNode> nodes = new ConcurrentHashMap<>();
  /** By {@link SecretRef}, and by the text of a reference resolved as text: keys of the two types never meet. */
  private final ConcurrentHashMap<Object, Binding> bindings = new ConcurrentHashMap<>();
  private final ReentrantLock sweep = new ReentrantLock();
  private Iterator<CacheNode> hand;
  /** How many nodes eviction compares to find the least recently used. */
  private static final int SAMPLE = 16;
  private volatile boolean closed;

  /** Reads a secret version from the store, throwing {@link SecretNotFoundException} when it is not there. */
  @FunctionalInterface
  interface Reader {
    /** Returns version {@code version} of {@code id}, the latest for 0. */
    StoredSecret read(SecretId id, long version);
  }

  /**
   * Creates an empty cache.
   *
   * @param usable whether the client's principal may use a secret with the given metadata
   * @param missing the error for a latest version a bulk read did not find
   * @param random uniform doubles in [0, 1) for jitter
   * @param observer what hears of hits, misses and store calls
   * @param background where refreshes ahead of expiry run
   */
  SecretCache(SecretStore store, CachePolicy policy, Ticker ticker, String defaultScope,
      Predicate<SecretMetadata> usable, Reader reader, Function<SecretId, ? extends SecretException> missing,
      DoubleSupplier random, ResolveObserver observer,
      Executor background) {
    this.store = Objects.requireNonNull(store, "store");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.defaultScope = Objects.requireNonNull(defaultScope, "defaultScope");
    this.usable = Objects.requireNonNull(usable, "usable");
    this.reader = Objects.requireNonNull(reader, "reader");
    this.missing = Objects.requireNonNull(missing, "missing");
    this.random = Objects.requireNonNull(random, "random");
    this.observer = Objects.requireNonNull(observer, "observer");
    this.ttl = policy.ttl().toNanos();
    this.jitter = policy.jitter();
    this.maxEntries = policy.maxEntries();
    this.staleIfError = policy.staleIfError().toNanos();
    this.refreshAhead = policy.refreshAhead().toNanos();
    this.background = Objects.requireNonNull(background, "background");
    this.backoffMin = policy.errorBackoffMin().toNanos();
    this.backoffMax = policy.errorBackoffMax().toNanos();
  }

  /**
   * Returns a copy of the value {@code ref} names when it is cached, fresh and usable by the
   * client's principal; null otherwise, and then {@link #get} decides. Never blocks, never calls the store.
   *
   * @param ref a {@link SecretRef}, or the text of one that {@link #alias} bound
   */
  SecretValue hit(Object ref) {
    Binding binding = bindings.get(ref);
    if (binding == null) {
      return null;
    }
    CacheNode node = binding.node;
    CachedSecret secret = node.secret;
    if (secret == null) {
      return null;
    }
    if (binding.secret != secret) {
      byte[] value = secret.value(binding.key);
      if (value == null) {
        return null;
      }
      Binding seen = new Binding(node, binding.key, secret, value);
      bindings.replace(ref, binding, seen);
      binding = seen;
    }
    long now = ticker.read();
    if (!secret.usable() || !secret.freshAt(now)) {
      return null;
    }
    if (node.lastUsed != now) {
      node.lastUsed = now;
    }
    if (secret.dueForRefreshAt(now)) {
      refreshAhead(node, secret, now);
    }
    SecretValue copy = SecretValue.ofBytes(binding.value);
    if (closed) {
      // Closing zeroes the values after it sets the flag: a copy taken meanwhile may hold zeros.
      copy.destroy();
      return null;
    }
    observer.hit(node.id);
    return copy;
  }

  /**
   * Returns what is cached of the secret version {@code ref} names, loading or re-checking it
   * first when it is missing or expired, with the transient failure for which it is served stale.
   * The caller checks access and the key.
   *
   * @throws SecretException what the store threw, or a remembered failure while its backoff lasts
   */
  Served get(SecretRef ref, String key) {
    return serve(() -> bind(ref, key), true);
  }

  /** Returns what {@link #get} does, telling the observer nothing: for the look-ups after a {@link #prefetch}, which told it. */
  Served getPrefetched(SecretRef ref, String key) {
    return serve(() -> bind(ref, key), false);
  }

  /**
   * Returns what is cached of the latest version of {@code id}, as {@link #get} does, without
   * binding a reference to it: for a watch, which looks at every key.
   */
  Served latest(SecretId id) {
    return serve(() -> node(id, 0), true);
  }

  private Served serve(Supplier<CacheNode> find, boolean observed) {
    for (boolean loaded = !observed; ; loaded = true) {
      checkOpen();
      CacheNode node = find.get();
      int loads = node.loads;
      long now = ticker.read();
      CachedSecret secret = node.secret;
      if (secret != null && secret.freshAt(now)) {
        if (!loaded) {
          node.lastUsed = now;
          observer.hit(node.id);
        }
        return new Served(secret, null);
      }
      if (!loaded) {
        observer.miss(node.id);
      }
      CacheNode.Failure failure = node.failure;
      // After a load finished during this call, what it left is the answer, however much time the
      // ticker says passed since: else a time-to-live shorter than a load would never end the loop.
      if (failure != null && (loaded || now - failure.retryAt() < 0)) {
        if (secret != null && failure.error().isRetryable() && secret.servableStaleAt(now)) {
          if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "store " + store.description() + ": served " + node.id
                + " stale: refreshing it failed (" + failure.error().getClass().getName() + ")");
          }
          observer.staleServed(node.id, failure.error());
          return new Served(secret, failure.error());
        }
        throw failure.error();
      }
      if (loaded && secret != null) {
        return new Served(secret, null);
      }
      try {
        node.loadOnce(() -> refresh(node, loads, secret));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreUnavailableException(store.description(), "interrupted while waiting for another caller's"
            + " read of " + node.id, false, null, e);
      }
    }
  }

  /**
   * Brings the nodes {@code refs} name up to date before they are looked up one by one: the latest
   * versions that are cold or expired with one {@link SecretStore#readAll} when the store reads in
   * bulk ({@link Capability#BULK_READ}), every other node with its own refresh, the refreshes run
   * by {@code parallel}. Throws nothing: a failure is remembered on the nodes it concerns, for
   * their look-ups to throw or serve stale.
   *
   * @param refs references that name keys, each bound or bindable
   */
  void prefetch(List<SecretRef> refs, Parallel parallel) {
    checkOpen();
    List<CacheNode> nodes = new ArrayList<>(refs.size());
    refs.forEach(ref -> nodes.add(bind(ref, ref.key().orElseThrow())));
    prefetchNodes(nodes, parallel);
  }

  /**
   * Brings the nodes of the secret versions {@code refs} name up to date, as {@link #prefetch}
   * does, without binding the references: for {@link #whole}, which serves every key.
   *
   * @param refs references that name no key
   */
  void prefetchWhole(List<SecretRef> refs, Parallel parallel) {
    checkOpen();
    List<CacheNode> nodes = new ArrayList<>(refs.size());
    refs.forEach(ref -> nodes.add(node(ref.id(defaultScope), ref.version().orElse(0))));
    prefetchNodes(nodes, parallel);
  }

  /**
   * Returns what is cached of the secret version {@code ref} names, every key of it, as
   * {@link #getPrefetched} does, without binding the reference.
   */
  Served whole(SecretRef ref) {
    return serve(() -> node(ref.id(defaultScope), ref.version().orElse(0)), false);
  }

  private void prefetchNodes(List<CacheNode> nodes, Parallel parallel) {
    long now = ticker.read();
    Map<CacheNode, Integer> due = new LinkedHashMap<>();
    for (CacheNode node : nodes) {
      int loads = node.loads;
      CachedSecret secret = node.secret;
      if (secret != null && secret.freshAt(now)) {
        node.lastUsed = now;
        observer.hit(node.id);
        continue;
      }
      observer.miss(node.id);
      CacheNode.Failure failure = node.failure;
      boolean waiting = failure != null && now - failure.retryAt() < 0;
      if (!waiting) {
        due.putIfAbsent(node, loads);
      }
    }
    if (store.capabilities().has(Capability.BULK_READ)) {
      readInBulk(due);
    }
    List<Runnable> refreshes = new ArrayList<>();
    due.forEach((node, loads) -> refreshes.add(() -> loadUnlessInterrupted(node, () -> refresh(node, loads,
        node.secret))));
    parallel.run(refreshes);
  }

  /**
   * Loads the latest-version nodes of {@code due} with one bulk read and removes them from it; on a
   * transient failure remembers it on each of them; on another failure leaves them all to their own refresh.
   */
  private void readInBulk(Map<CacheNode, Integer> due) {
    Map<SecretId, CacheNode> latest = new LinkedHashMap<>();
    due.keySet().stream().filter(node -> !node.pinned()).forEach(node -> latest.put(node.id, node));
    if (latest.size() < 2) {
      return;
    }
    Map<SecretId, StoredSecret> found;
    try {
      found = timed(ResolveObserver.StoreCall.READ_ALL, latest.keySet().iterator().next(),
          () -> store.readAll(latest.keySet()));
    } catch (SecretException e) {
      if (e.isRetryable()) {
        latest.values().forEach(node -> {
          remember(node, e);
          due.remove(node);
        });
      }
      return;
    }
    try {
      for (CacheNode node : latest.values()) {
        StoredSecret stored = found.get(node.id);
        int seen = due.remove(node);
        loadUnlessInterrupted(node, () -> {
          if (node.loads != seen) {
            return;
          }
          if (stored == null) {
            remember(node, missing.apply(node.id));
          } else {
            install(node, CachedSecret.of(stored, usable.test(stored.metadata()), deadlines()));
          }
          node.loads = seen + 1;
        });
      }
    } finally {
      // What was not installed: secrets a load finished for meanwhile, ids not asked for, and all after a failure.
      found.values().forEach(stored -> stored.values().values().forEach(value -> {
        if (!value.isDestroyed()) {
          value.destroy();
        }
      }));
    }
  }


  /** Runs tasks, some at once, and returns when all are done. */
  @FunctionalInterface
  interface Parallel {
    /** Runs every task in {@code tasks} and returns once each has finished; a task's exception is thrown after. */
    void run(List<Runnable> tasks);
  }

  /** Lets {@link #hit} find what {@code ref} names by its {@code text} too, once {@link #get} bound {@code ref}. */
  void alias(String text, SecretRef ref) {
    Binding binding = bindings.get(ref);
    if (binding != null) {
      bindings.put(text, binding);
      binding.node.bound(text);
      if (binding.node.dropped) {
        unbind(binding.node);
      }
    }
  }

  /** Drops every version of {@code id} and any failure remembered for it. */
  void invalidate(SecretId id) {
    nodes.values().removeIf(node -> {
      if (node.id.equals(id)) {
        drop(node);
        return true;
      }
      return false;
    });
  }

  /**
   * Drops every node and zeroes the values they held; every look-up after it fails with
   * {@link IllegalStateException}, and a hit racing it returns nothing rather than zeros.
   */
  void close() {
    closed = true;
    nodes.values().forEach(node -> {
      CachedSecret secret = node.secret;
      drop(node);
      if (secret != null) {
        secret.destroy();
      }
    });
    nodes.clear();
    bindings.clear();
  }

  /** Returns whether {@link #close()} was called. */
  boolean closed() {
    return closed;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the client is closed");
    }
  }

  /**
   * Makes what is cached of version {@code version} of {@code id} expire now, keeping it to serve
   * stale if the check that follows fails transiently: for a credential just refused.
   */
  void expire(SecretId id, long version) {
    CacheNode node = nodes.get(key(id, version));
    if (node != null) {
      CachedSecret secret = node.secret;
      if (secret != null) {
        node.secret = secret.expiredAt(ticker.read());
      }
    }
  }

  /**
   * Runs {@code load} on {@code node} as {@link CacheNode#loadOnce} does, for work that no caller
   * waits on (a prefetch, a refresh ahead): an interrupt while it waits for another load ends it,
   * with the thread's interrupt flag set again.
   */
  private static void loadUnlessInterrupted(CacheNode node, Runnable load) {
    try {
      node.loadOnce(load);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Re-checks {@code node} in the background, once, while callers keep getting {@code known}. */
  private void refreshAhead(CacheNode node, CachedSecret known, long now) {
    CacheNode.Failure failure = node.failure;
    if (failure != null && now - failure.retryAt() < 0 || !node.claimRefresh()) {
      return;
    }
    if (node.secret != known) {
      // A refresh finished between this hit's look and its claim.
      node.refreshDone();
      return;
    }
    int loads = node.loads;
    try {
      background.execute(() -> {
        try {
          loadUnlessInterrupted(node, () -> refresh(node, loads, known));
        } finally {
          node.refreshDone();
        }
      });
    } catch (RejectedExecutionException e) {
      node.refreshDone();
    }
  }

  /**
   * Loads {@code node} when it holds nothing; else probes the store and re-reads only when the
   * revision moved. A failure is remembered, not thrown: the caller's next look at the node
   * decides between a stale value and the error. A permanent failure drops the node's secret.
   * Nothing happens when another load finished since the caller looked ({@code seen} loads).
   */
  private void refresh(CacheNode node, int seen, CachedSecret known) {
    if (node.loads != seen) {
      return;
    }
    try {
      install(node, known == null ? load(node) : recheck(node, known));
    } catch (SecretException e) {
      if (Thread.currentThread().isInterrupted()) {
        // The caller's own interrupt ended the call: its failure, not the store's.
        throw e;
      }
      remember(node, e);
    } finally {
      node.loads = seen + 1;
    }
  }

  /**
   * Makes {@code secret} what {@code node} holds, unless the node was dropped meanwhile (by a
   * write through the client, an invalidate or eviction): a read that started before the drop
   * must not leave its answer behind it.
   */
  private void install(CacheNode node, CachedSecret secret) {
    node.secret = secret;
    node.failure = null;
    node.lastUsed = ticker.read();
    if (node.dropped) {
      node.secret = null;
    }
  }

  /** Calls the store with {@code call}, telling the observer how long it took and what it threw. */
  private <T> T timed(ResolveObserver.StoreCall kind, SecretId id, Supplier<T> call) {
    long start = System.nanoTime();
    try {
      T result = call.get();
      observer.storeCalled(kind, id, System.nanoTime() - start, null);
      return result;
    } catch (SecretException e) {
      observer.storeCalled(kind, id, System.nanoTime() - start, e);
      throw e;
    }
  }

  /** Remembers {@code error} on {@code node} for a backoff; a permanent error drops what the node held. */
  private void remember(CacheNode node, SecretException error) {
    if (!error.isRetryable()) {
      node.secret = null;
    }
    CacheNode.Failure last = node.failure;
    int count = last == null ? 1 : last.count() + 1;
    long now = ticker.read();
    node.failure = new CacheNode.Failure(error, now + backoff(count), count);
    CachedSecret held = node.secret;
    if (held != null && held.servableStaleAt(now)) {
      // Once per failed refresh, which the backoff spaces out: the cache now serves what it holds, stale.
      LOG.log(System.Logger.Level.WARNING, () -> "store " + store.description() + ": refreshing " + node.id
          + " failed (" + error.getClass().getName() + ", failure " + count + " in a row); the cached version is"
          + " served stale while the store fails, for at most the cache's staleIfError");
    }
  }

  private CachedSecret load(CacheNode node) {
    StoredSecret stored = timed(node.pinned() ? ResolveObserver.StoreCall.READ_VERSION : ResolveObserver.StoreCall.READ,
        node.id, () -> reader.read(node.id, node.version));
    return CachedSecret.of(stored, usable.test(stored.metadata()), deadlines());
  }

  /**
   * Keeps {@code known} when the store's revision is still its own; for a pinned version, whose
   * values cannot change, re-reads only who may use it; else loads the node again.
   */
  private CachedSecret recheck(CacheNode node, CachedSecret known) {
    Optional<String> revision = timed(ResolveObserver.StoreCall.PROBE, node.id, () -> store.probe(node.id));
    if (revision.isEmpty()) {
      node.secret = null;
      return load(node);
    }
    if (revision.get().equals(known.revision())) {
      return known.confirmed(known.revision(), known.usable(), known.owner(), deadlines());
    }
    // The secret changed, perhaps who may use it: what is held is no longer served, not even stale.
    node.secret = null;
    if (!node.pinned()) {
      return load(node);
    }
    Optional<SecretHead> head = timed(ResolveObserver.StoreCall.HEAD, node.id, () -> store.head(node.id));
    if (head.isEmpty()) {
      return load(node);
    }
    SecretMetadata metadata = head.get().metadata();
    return known.confirmed(head.get().revision(), usable.test(metadata), metadata.owner(), deadlines());
  }

  /** Returns the deadlines of an entry loaded or confirmed now. */
  private CachedSecret.Deadlines deadlines() {
    long life = lifetime();
    long expires = ticker.read() + life;
    // Never before half the lifetime: a window as long as the lifetime would refresh on every hit.
    return new CachedSecret.Deadlines(expires, expires - Math.min(refreshAhead, life / 2), expires + staleIfError);
  }

  /** Returns a time-to-live drawn between {@code ttl × (1 − jitter)} and {@code ttl}. */
  private long lifetime() {
    return ttl - (long) (ttl * jitter * random.getAsDouble());
  }

  /** Returns the backoff after the {@code count}th failure in a row: between half and all of min × 2^(count−1), capped. */
  private long backoff(int count) {
    long base = backoffMin;
    for (int failure = 1; failure < count && base < backoffMax; failure++) {
      base = base > backoffMax / 2 ? backoffMax : base * 2;
    }
    return base - (long) (base / 2 * random.getAsDouble());
  }

  /** Returns the node {@code ref} names, binding the reference to it (and making room) when it is new. */
  private CacheNode bind(SecretRef ref, String key) {
    Binding binding = bindings.get(ref);
    if (binding != null && !binding.node.dropped) {
      return binding.node;
    }
    CacheNode node = node(ref.id(defaultScope), ref.version().orElse(0));
    if (bindings.size() >= 4L * maxEntries) {
      bindings.clear();
    }
    bindings.put(ref, new Binding(node, key, null, null));
    node.bound(ref);
    if (node.dropped) {
      unbind(node);
    }
    return node;
  }

  /** Returns the node of version {@code version} of {@code id}, adding it (and making room) when there is none. */
  private CacheNode node(SecretId id, long version) {
    Object key = key(id, version);
    CacheNode node = nodes.get(key);
    if (node == null) {
      CacheNode created = new CacheNode(id, version);
      created.lastUsed = ticker.read();
      node = nodes.putIfAbsent(key, created);
      if (node == null) {
        node = created;
        makeRoom(created);
      }
    }
    return node;
  }

  /**
   * Drops the least recently used nodes until at most {@code maxEntries} remain, never {@code keep}:
   * the least recently used of all when there are at most {@value #SAMPLE}, else of the next
   * {@value #SAMPLE} a hand that goes round the nodes passes.
   */
  private void makeRoom(CacheNode keep) {
    if (nodes.size() <= maxEntries) {
      return;
    }
    sweep.lock();
    try {
      while (nodes.size() > maxEntries) {
        CacheNode oldest = null;
        for (int seen = 0, turns = 0; seen < SAMPLE && turns < 2; ) {
          if (hand == null || !hand.hasNext()) {
            hand = nodes.values().iterator();
            turns++;
            continue;
          }
          CacheNode node = hand.next();
          if (node == keep || node.dropped) {
            continue;
          }
          seen++;
          if (oldest == null || node.lastUsed - oldest.lastUsed < 0) {
            oldest = node;
          }
        }
        if (oldest == null) {
          return;
        }
        if (nodes.remove(key(oldest.id, oldest.version), oldest)) {
          drop(oldest);
          observer.evicted(oldest.id);
        }
      }
    } finally {
      sweep.unlock();
    }
  }

  /** Takes {@code node} out of use: it holds nothing, and no reference finds it any more. */
  private void drop(CacheNode node) {
    node.dropped = true;
    node.secret = null;
    node.failure = null;
    unbind(node);
  }

  private void unbind(CacheNode node) {
    for (Object key : node.unbind()) {
      bindings.computeIfPresent(key, (bound, binding) -> binding.node == node ? null : binding);
    }
  }

  /**
   * Returns the key of a node in {@link #nodes}: the secret's id for its latest version (the id the
   * node holds anyway, so that the common node costs no key of its own), else the id and version.
   */
  private static Object key(SecretId id, long version) {
    return version == 0 ? id : new Pinned(id, version);
  }

  /** The key of a pinned version's node. */
  private record Pinned(SecretId id, long version) {
  }

  /**
   * What a reference resolves to in the cache: its node, the key it names, and that key's value in
   * the secret the node held when the binding was made (null before the first hit), so that a hit
   * follows as few pointers as it can. Immutable: a hit that finds the node holding another secret
   * replaces the binding.
   */
  private static final class Binding {
    final CacheNode node;
    final String key;
    final CachedSecret secret;
    final byte[] value;

    Binding(CacheNode node, String key, CachedSecret secret, byte[] value) {
      this.node = node;
      this.key = key;
      this.secret = secret;
      this.value = value;
    }
  }

  /**
   * A cached secret as {@link #get} serves it.
   *
   * @param secret the cached secret
   * @param staleBecause the transient failure for which it is served stale, or null when it is fresh
   */
  record Served(CachedSecret secret, SecretException staleBecause) {
  }
}
