package dev.secretkit.client;

import dev.secretkit.SecretException;
import dev.secretkit.SecretId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * A client's watches: each looks at its secret through the cache once per time-to-live, so that
 * an unchanged secret costs one probe, and tells its listener when the values changed. A daemon
 * thread polls every second; {@link #poll()} is also what tests call after moving their ticker.
 */
final class SecretWatcher implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SecretWatcher.class.getName());
  private static final long POLL_MILLIS = 1000;

  private final SecretCache cache;
  private final Ticker ticker;
  private final long interval;
  private final BiFunction<SecretId, CachedSecret, SecretException> denial;
  private final List<Watched> watches = new ArrayList<>();
  private ScheduledExecutorService timer;
  private boolean closed;

  /**
   * Creates a watcher that looks through {@code cache} every {@code interval} ticker nanoseconds.
   *
   * @param denial the error for a secret the client's principal may not use
   */
  SecretWatcher(SecretCache cache, Ticker ticker, long interval,
      BiFunction<SecretId, CachedSecret, SecretException> denial) {
    this.cache = cache;
    this.ticker = ticker;
    this.interval = interval;
    this.denial = denial;
  }

  /**
   * Starts watching {@code key} of {@code id} (every key when null) from the values it has now.
   *
   * @throws SecretException if the secret cannot be read now (not found, not usable, unavailable)
   */
  SecretWatch add(SecretId id, String key, SecretListener listener) {
    CachedSecret now = current(id);
    Watched watched = new Watched(id, key, listener, now, ticker.read() + interval);
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the client is closed");
      }
      watches.add(watched);
      if (timer == null) {
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
          Thread thread = new Thread(task, "secretkit-watch");
          thread.setDaemon(true);
          return thread;
        });
        timer.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
      }
    }
    return () -> {
      synchronized (this) {
        watches.remove(watched);
      }
    };
  }

  /** Looks at every watch whose time-to-live has passed, and tells its listener what changed. */
  synchronized void poll() {
    long now = ticker.read();
    for (Watched watched : List.copyOf(watches)) {
      if (now - watched.dueAt >= 0) {
        watched.dueAt = now + interval;
        look(watched);
      }
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    watches.clear();
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  private void look(Watched watched) {
    CachedSecret current;
    try {
      current = current(watched.id);
    } catch (SecretException e) {
      if (!e.isRetryable()) {
        watched.seen = null;
      }
      if (watched.failing != e.getClass()) {
        watched.failing = e.getClass();
        tell(() -> watched.listener.failed(e));
      }
      return;
    } catch (RuntimeException e) {
      // Not the store's answer but a fault (a closed store, a bug): this watch looks again next time, the others go on.
      LOG.log(System.Logger.Level.WARNING, () -> "a watch of " + watched.id + " failed with " + e.getClass().getName()
          + "; it looks again at its next turn");
      return;
    }
    watched.failing = null;
    CachedSecret before = watched.seen;
    watched.seen = current;
    if (before == current) {
      return;
    }
    Set<String> changed = before == null ? current.keys() : current.changedSince(before);
    if (watched.key != null) {
      changed = changed.contains(watched.key) ? Set.of(watched.key) : Set.of();
    }
    if (!changed.isEmpty()) {
      SecretChange change = new SecretChange(watched.id, current.version(), changed);
      tell(() -> watched.listener.changed(change));
    }
  }

  private CachedSecret current(SecretId id) {
    CachedSecret secret = cache.latest(id).secret();
    if (!secret.usable()) {
      throw denial.apply(id, secret);
    }
    return secret;
  }

  private static void tell(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a SecretListener threw " + e.getClass().getName()
          + "; the watch goes on");
    }
  }

  /** One watch: what it watches, who hears it, what it saw last, and when it looks next. */
  private static final class Watched {
    final SecretId id;
    final String key;
    final SecretListener listener;
    CachedSecret seen;
    long dueAt;
    /** The type of the failure last told, or null after a look that succeeded. */
    Class<?> failing;

    Watched(SecretId id, String key, SecretListener listener, CachedSecret seen, long dueAt) {
      this.id = id;
      this.key = key;
      this.listener = listener;
      this.seen = seen;
      this.dueAt = dueAt;
    }
  }
}
