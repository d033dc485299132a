package dev.secretkit.client;

import dev.secretkit.SecretException;
import dev.secretkit.SecretId;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;

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
  /** Set on each hit, cleared by the eviction sweep: the CLOCK bit. */
  volatile boolean referenced;
  /** Set once the node left the cache; references bound to it bind again. */
  volatile boolean dropped;
  /** Whether a refresh ahead of expiry is queued or running. */
  private volatile boolean refreshing;
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
   */
  void loadOnce(Runnable load) {
    CompletableFuture<Void> mine = new CompletableFuture<>();
    @SuppressWarnings("unchecked")
    CompletableFuture<Void> running = (CompletableFuture<Void>) LOADING.compareAndExchange(this, null, mine);
    if (running != null) {
      running.join();
      return;
    }
    try {
      load.run();
    } finally {
      loading = null;
      mine.complete(null);
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
