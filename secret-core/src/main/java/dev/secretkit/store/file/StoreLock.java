package dev.secretkit.store.file;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The exclusive lock every write of a store directory holds: a lock on this object for the
 * threads of one store, then an OS lock on {@code store.lock} for other processes.
 *
 * <p>File locks belong to the whole JVM, so a second store object on the same directory in this
 * JVM gets an {@link OverlappingFileLockException} instead of blocking; it then waits in short
 * parks until the other lets go. The lock file stays open for the store's life: on POSIX, closing
 * any channel to a file drops every lock the process holds on it.
 */
final class StoreLock implements AutoCloseable {
  private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final Path path;
  private final ReentrantLock local = new ReentrantLock();
  private FileChannel channel;
  private FileLock held;

  StoreLock(Path path) throws IOException {
    this.path = path;
    this.channel = FilePermissions.openPrivateFile(path);
  }

  Path path() {
    return path;
  }

  /** Blocks until this thread holds the lock; pair it with {@link #release()} in a finally block. */
  void acquire() throws IOException {
    local.lock();
    boolean acquired = false;
    try {
      if (!channel.isOpen()) {
        // An interrupt during an earlier wait closed it.
        channel = FilePermissions.openPrivateFile(path);
      }
      long park = TimeUnit.MICROSECONDS.toNanos(50);
      while (held == null) {
        try {
          held = channel.lock();
        } catch (OverlappingFileLockException e) {
          LockSupport.parkNanos(park);
          park = Math.min(park * 2, MAX_PARK_NANOS);
          if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new ClosedChannelException();
          }
        }
      }
      acquired = true;
    } finally {
      if (!acquired) {
        local.unlock();
      }
    }
  }

  void release() throws IOException {
    try {
      if (held != null && held.isValid()) {
        held.release();
      }
    } finally {
      held = null;
      local.unlock();
    }
  }

  /** Waits for a write in progress, then closes the lock file; idempotent. */
  @Override
  public void close() throws IOException {
    local.lock();
    try {
      channel.close();
    } finally {
      local.unlock();
    }
  }
}
