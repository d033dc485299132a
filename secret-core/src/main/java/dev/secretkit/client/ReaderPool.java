package dev.secretkit.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A client's daemon threads for store calls that run beside the caller: {@code resolveAll}'s reads,
 * up to {@value #SIZE} at once, and refreshes ahead of expiry. The threads start on first use and
 * end after 30 s idle; {@link #close()} stops them and cancels what was queued.
 */
final class ReaderPool implements AutoCloseable {
  /** How many store calls run at once. */
  static final int SIZE = 16;

  private ThreadPoolExecutor threads;
  private boolean closed;

  /** Runs {@code tasks}, up to {@value #SIZE} at once, and waits for them all; a task's exception is thrown after. */
  void runAll(List<Runnable> tasks) {
    if (tasks.size() < 2) {
      tasks.forEach(Runnable::run);
      return;
    }
    List<Future<?>> running = new ArrayList<>();
    ThreadPoolExecutor pool = threads();
    try {
      tasks.forEach(task -> running.add(pool.submit(task)));
    } catch (RejectedExecutionException e) {
      running.forEach(task -> task.cancel(false));
      throw new IllegalStateException("the client is closed", e);
    }
    RuntimeException first = null;
    boolean interrupted = false;
    for (Future<?> task : running) {
      for (;;) {
        try {
          task.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (first == null) {
            first = e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
          }
          break;
        } catch (CancellationException e) {
          // close() cancels the reads it dropped from the queue.
          if (first == null) {
            first = new IllegalStateException("the client is closed", e);
          }
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (first != null) {
      throw first;
    }
  }

  /** Runs {@code task} on a pool thread, without waiting: a refresh ahead of expiry. */
  void execute(Runnable task) {
    threads().execute(task);
  }

  /** Stops the threads and cancels what was queued, so that no caller waits for it; idempotent. */
  @Override
  public void close() {
    ThreadPoolExecutor pool;
    synchronized (this) {
      closed = true;
      pool = threads;
    }
    if (pool != null) {
      for (Runnable queued : pool.shutdownNow()) {
        if (queued instanceof Future<?> read) {
          read.cancel(false);
        }
      }
    }
  }

  private synchronized ThreadPoolExecutor threads() {
    if (closed) {
      throw new IllegalStateException("the client is closed");
    }
    if (threads == null) {
      threads = new ThreadPoolExecutor(SIZE, SIZE, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
        Thread thread = new Thread(task, "secretkit-reader");
        thread.setDaemon(true);
        return thread;
      });
      threads.allowCoreThreadTimeOut(true);
    }
    return threads;
  }
}
