package dev.secretkit.store.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The exclusive lock every write of a store directory holds: a lock shared by every store object
 * on that directory in this JVM, then an OS lock on {@code store.lock} for other processes.
 *
 * <p>On POSIX, closing any channel to a file drops every lock the process holds on it, so two
 * store objects on one directory must not each open their own channel: one could close its
 * channel while the other holds the lock, and let another process in. Hence the one piece of
 * static state in SecretKit: the lock files open in this JVM, each with one channel, one
 * in-JVM lock and a count of the store objects using it. The channel closes when the last of
 * them closes, and never while the lock is held.
 */
final class StoreLock implements AutoCloseable {
  private static final Map<Path, Shared> OPEN = new HashMap<>();

  private final Path path;
  private final Shared shared;
  private boolean closed;
  private FileLock held;

  /** One lock file open in this JVM. */
  private static final class Shared {
    final ReentrantLock local = new ReentrantLock();
    final Path path;
    FileChannel channel;
    int users;

    Shared(Path path) {
      this.path = path;
    }

    /** Returns the open channel, reopening it after an interrupt closed it; call it holding {@link #local}. */
    FileChannel channel() throws IOException {
      if (channel == null || !channel.isOpen()) {
        channel = FilePermissions.openPrivateFile(path);
      }
      return channel;
    }
  }

  StoreLock(Path path) throws IOException {
    this.path = path;
    Path key = path.toAbsolutePath().normalize();
    synchronized (OPEN) {
      Shared existing = OPEN.get(key);
      if (existing == null) {
        existing = new Shared(key);
        existing.local.lock();
        try {
          existing.channel();
        } finally {
          existing.local.unlock();
        }
        OPEN.put(key, existing);
      }
      existing.users++;
      this.shared = existing;
    }
  }

  Path path() {
    return path;
  }

  /**
   * Blocks until this thread holds the lock; pair it with {@link #release()} in a finally block.
   * No other thread of this JVM holds the OS lock meanwhile, so an interrupt that closes the
   * channel drops nobody's lock.
   */
  void acquire() throws IOException {
    shared.local.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the store's lock is closed");
      }
      held = shared.channel().lock();
    } catch (IOException | RuntimeException e) {
      shared.local.unlock();
      throw e;
    }
  }

  void release() throws IOException {
    try {
      if (held != null && held.isValid()) {
        held.release();
      }
    } finally {
      held = null;
      shared.local.unlock();
    }
  }

  /**
   * Stops using the lock file; the last user closes it, after any write in progress, while no new
   * user can open a second channel to it. Idempotent.
   */
  @Override
  public void close() throws IOException {
    synchronized (OPEN) {
      if (closed) {
        return;
      }
      closed = true;
      if (--shared.users > 0) {
        return;
      }
      shared.local.lock();
      try {
        if (shared.channel != null) {
          shared.channel.close();
        }
      } finally {
        shared.local.unlock();
        OPEN.remove(shared.path);
      }
    }
  }
}
