package dev.secretkit.client;

import dev.secretkit.SecretException;
import dev.secretkit.SecretId;

/**
 * A {@link ResolveObserver} in front of the one an application gave, so that an observer that
 * throws never fails a resolve or leaves a load half done: what it throws is logged, by type only.
 */
final class GuardedObserver implements ResolveObserver {
  private static final System.Logger LOG = System.getLogger(GuardedObserver.class.getName());

  private final ResolveObserver delegate;

  private GuardedObserver(ResolveObserver delegate) {
    this.delegate = delegate;
  }

  /** Returns {@code observer} guarded, or {@link ResolveObserver#NONE} itself, which cannot throw. */
  static ResolveObserver of(ResolveObserver observer) {
    return observer == NONE || observer instanceof GuardedObserver ? observer : new GuardedObserver(observer);
  }

  @Override
  public void hit(SecretId id) {
    try {
      delegate.hit(id);
    } catch (RuntimeException e) {
      threw(e);
    }
  }

  @Override
  public void miss(SecretId id) {
    try {
      delegate.miss(id);
    } catch (RuntimeException e) {
      threw(e);
    }
  }

  @Override
  public void staleServed(SecretId id, SecretException cause) {
    try {
      delegate.staleServed(id, cause);
    } catch (RuntimeException e) {
      threw(e);
    }
  }

  @Override
  public void evicted(SecretId id) {
    try {
      delegate.evicted(id);
    } catch (RuntimeException e) {
      threw(e);
    }
  }

  @Override
  public void storeCalled(StoreCall call, SecretId id, long nanos, SecretException error) {
    try {
      delegate.storeCalled(call, id, nanos, error);
    } catch (RuntimeException e) {
      threw(e);
    }
  }

  private void threw(RuntimeException e) {
    LOG.log(System.Logger.Level.WARNING, () -> "the ResolveObserver " + delegate.getClass().getName() + " threw "
        + e.getClass().getName() + "; SecretKit goes on without it");
  }
}
