package dev.secretkit.spi;

import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.manifest.InvalidManifestException;
import dev.secretkit.spi.support.OpenState;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A base for stores that answers {@link #description()}, {@link #limits()} and
 * {@link #capabilities()} with what its constructor was given, refuses every use after
 * {@link #close()} ({@link #checkOpen()}), releases the store's resources exactly once
 * ({@link #release()}), and refuses a write that {@link #problems} finds fault with
 * ({@link #refuseProblems}); a store extends it and implements its reads and writes.
 *
 * <p>What it adds is thread-safe: any number of threads may check and close at once. A check that
 * passes does not keep the store open while the caller works; a store that must not close
 * mid-operation overrides {@link #close()} to take its own lock around {@code super.close()}.
 */
public abstract class AbstractSecretStore implements SecretStore {
  private final String description;
  private final StoreLimits limits;
  private final StoreCapabilities capabilities;
  private final OpenState state;

  /**
   * Makes an open store.
   *
   * @param description the store's URI for messages, without credentials
   * @param limits the largest secret the store accepts
   * @param capabilities what the store can do
   */
  protected AbstractSecretStore(String description, StoreLimits limits, StoreCapabilities capabilities) {
    this.description = Objects.requireNonNull(description, "description");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
    this.state = new OpenState(description);
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final StoreLimits limits() {
    return limits;
  }

  @Override
  public final StoreCapabilities capabilities() {
    return capabilities;
  }

  /** Marks the store closed; the first call, and only it, then calls {@link #release()}. */
  @Override
  public void close() {
    if (state.close()) {
      release();
    }
  }

  /**
   * Releases what the store holds (a client, a file lock); called once, by the first
   * {@link #close()}, after which every {@link #checkOpen()} fails. Does nothing by default.
   */
  protected void release() {
  }

  /**
   * Returns normally while the store is open; every method that reads or writes secrets calls it
   * before its first backend call.
   *
   * @throws IllegalStateException "store DESCRIPTION is closed", once {@link #close()} has been called
   */
  protected final void checkOpen() {
    state.checkOpen();
  }

  /**
   * Returns normally when {@link #problems} finds nothing wrong with a secret of {@code metadata}
   * and {@code values}; a write calls it before any backend call, so that it writes nothing.
   *
   * @throws InvalidManifestException naming every problem ({@link StoreLimits#refusal})
   */
  protected final void refuseProblems(SecretId id, SecretMetadata metadata, Map<String, SecretValue> values) {
    List<StoreLimits.Problem> problems = problems(metadata, values);
    if (!problems.isEmpty()) {
      throw StoreLimits.refusal(id, description, problems);
    }
  }

  /** Returns the class's simple name and the description; never a value. */
  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + description + "]";
  }
}
