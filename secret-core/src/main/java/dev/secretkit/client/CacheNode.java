package dev.secretkit.client;

import dev.secretkit.SecretException;
import dev.secretkit.SecretId;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The cache's slot for one secret version ({@code version} 0 for the latest): what it holds, the
 * failure it remembers, and the one load that may be running for it.
 */
final class CacheNode {
  private static final VarHandle LOADING;
  private static final VarHandle REFRESHING;

  static {
    try {
      LOADING = MethodHandles.lookup().findVarHandle(CacheNode.class, "loading", CompletableFuture.class);
      REFRESHING = MethodHandles.lookup().findVarHandle(CacheNode.class, "refreshing", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final SecretId id;
  final long version;
  /** The cached secret, or null before the first load, after a permanent error, or once dropped. */
  volatile CachedSecret secret;
  /** The last failure in a row, or null after a success. */
  volatile Failure failure;
  /** How many loads of this node finished; a load only starts when none finished since its caller looked. */
  volatile int loads;
  /** The ticker reading of the last hit or load, for eviction; written only when it changed, to keep hits cheap. */
  volatile long lastUsed;
  /** Set once the node left the cache; references bound to it bind again. */
  volatile boolean dropped;
  /** Whether a refresh ahead of expiry is queued or running. */
  private volatile boolean refreshing;
  /** The one reference (or text) bound to this node, a {@link BoundKeys} of several, or null; guarded by this. */
  private Object boundKeys;
  /** The load running for this node, or null; a field rather than an AtomicReference, to keep nodes small. */
  private volatile CompletableFuture<Void> loading;

  CacheNode(SecretId id, long version) {
    this.id = id;
    this.version = version;
  }

  /** Returns whether this node is a pinned version, whose values never change. */
  boolean pinned() {
    return version != 0;
  }

  /** Returns true for the one caller that may queue a refresh ahead of expiry until {@link #refreshDone()}. */
  boolean claimRefresh() {
    return !refreshing && REFRESHING.compareAndSet(this, false, true);
  }

  /** Lets the next refresh ahead of expiry be queued. */
  void refreshDone() {
    refreshing = false;
  }

  /**
   * Runs {@code load} unless another caller's load for this node is running, in which case it
   * waits for that one instead: one load at a time per node, however many callers miss together.
   * An unchecked exception of the load reaches its waiters too, unless the loading thread was
   * interrupted: then only it gets the exception, and the waiters look again.
   *
   * @throws InterruptedException if this caller was interrupted while it waited for another's load
   */
  void loadOnce(Runnable load) throws InterruptedException {
    CompletableFuture<Void> mine = new CompletableFuture<>();
    @SuppressWarnings("unchecked")
    CompletableFuture<Void> running = (CompletableFuture<Void>) LOADING.compareAndExchange(this, null, mine);
    if (running != null) {
      try {
        running.get();
      } catch (ExecutionException e) {
        throw (RuntimeException) e.getCause();
      }
      return;
    }
    try {
      load.run();
      loading = null;
      mine.complete(null);
    } catch (RuntimeException | Error e) {
      loading = null;
      if (Thread.currentThread().isInterrupted() || e instanceof Error) {
        mine.complete(null);
      } else {
        mine.completeExceptionally(e);
      }
      throw e;
    }
  }

  /** Records {@code key}, a reference or its text, as bound to this node, so that dropping the node unbinds it. */
  synchronized void bound(Object key) {
    if (boundKeys == null) {
      boundKeys = key;
    } else if (boundKeys instanceof BoundKeys more) {
      more.add(key);
    } else if (!boundKeys.equals(key)) {
      BoundKeys more = new BoundKeys();
      more.add(boundKeys);
      more.add(key);
      boundKeys = more;
    }
  }

  /** Returns the keys bound to this node, and forgets them. */
  synchronized List<Object> unbind() {
    Object keys = boundKeys;
    boundKeys = null;
    return keys == null ? List.of() : keys instanceof BoundKeys more ? more : List.of(keys);
  }

  /** Several keys bound to one node; a type of its own, so that no reference or text is mistaken for it. */
  private static final class BoundKeys extends ArrayList<Object> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean add(Object key) {
      return !contains(key) && super.add(key);
    }
  }

  /**
   * A failure remembered until {@code retryAt} (ticker nanoseconds), the {@code count}th in a row.
   *
   * @param error what the store threw
   * @param retryAt when the store may be asked again
   * @param count how many loads in a row failed
   */
  record Failure(SecretException error, long retryAt, int count) {
  }
}
