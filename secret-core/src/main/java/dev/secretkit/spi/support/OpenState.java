package dev.secretkit.spi.support;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether a store is still open: {@link #checkOpen()} refuses every use after the first
 * {@link #close()} with an {@link IllegalStateException} that names the store, and {@code close()}
 * returns true only the first time, so a store releases its resources exactly once. It starts open.
 *
 * <p>Thread-safe: any number of threads may check and close at once, and exactly one
 * {@code close()} returns true. A check that passes does not keep the store open while the caller
 * works; a store that must not close mid-operation checks and closes under its own lock.
 */
public final class OpenState {
  private final String description;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Returns the state of an open store.
   *
   * @param description the store's {@code description()}, for the message of a use after close
   */
  public OpenState(String description) {
    this.description = Objects.requireNonNull(description, "description");
  }

  /**
   * Returns normally while the store is open.
   *
   * @throws IllegalStateException "store DESCRIPTION is closed", once {@link #close()} has been called
   */
  public void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("store " + description + " is closed");
    }
  }

  /** Marks the store closed, returning true the first time it is called and false every time after. */
  public boolean close() {
    return closed.compareAndSet(false, true);
  }
}
