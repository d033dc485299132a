package dev.secretkit.cli;

import java.util.concurrent.CountDownLatch;

/**
 * What a long-running command ({@code project --watch}, {@code exec}) does when {@code secretctl}
 * is told to stop (SIGTERM, or SIGINT: Ctrl-C), which the JVM turns into its shutdown: a shutdown
 * hook interrupts the thread that installed this, waits until that thread has cleaned up and
 * {@linkplain #close() closed} it, then ends the process with the {@linkplain #status(int) status}
 * the command set; 143 (128 + SIGTERM, as a shell reports a process a signal stopped) unless it set
 * another. An interrupt of that thread, as a test gives one, stops the command the same way, and
 * closing it outside a shutdown only removes the hook.
 */
final class Termination implements AutoCloseable {
  /** The status of a run that a signal stopped before the command chose its own: 128 + SIGTERM's 15. */
  static final int STOPPED = 143;

  private final Thread worker = Thread.currentThread();
  private final CountDownLatch requested = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);
  private final Thread hook = new Thread(this::stop, "secretctl-stop");
  private volatile int status = STOPPED;

  private Termination() {
  }

  /** Installs the hook for the calling thread, which must {@link #close()} it. */
  static Termination install() {
    Termination termination = new Termination();
    Runtime.getRuntime().addShutdownHook(termination.hook);
    return termination;
  }

  /** Returns whether a signal asked the command to stop. */
  boolean requested() {
    return requested.getCount() == 0;
  }

  /** Blocks until a signal asks the command to stop, or the thread is interrupted; returns either way. */
  void await() {
    try {
      requested.await();
    } catch (InterruptedException stop) {
      // An interrupt is how the hook, or a test, says stop: the caller cleans up now.
    }
  }

  /** Sets the status the process exits with when a signal stopped it. */
  void status(int exitStatus) {
    status = exitStatus;
  }

  /**
   * Lets a waiting hook end the process with the status set; outside a shutdown, removes the hook.
   * Call it once the command has cleaned up.
   */
  @Override
  public void close() {
    released.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook runs now, and ends the process once released.
    }
  }

  private void stop() {
    requested.countDown();
    worker.interrupt();
    boolean done = false;
    while (!done) {
      try {
        released.await();
        done = true;
      } catch (InterruptedException ignored) {
        // The shutdown waits for the command's clean-up, as a shell waits for its child.
      }
    }
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(status);
  }
}
