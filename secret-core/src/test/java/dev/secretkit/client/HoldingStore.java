package dev.secretkit.client;

import dev.secretkit.SecretId;
import dev.secretkit.client.CountingStore.Call;
import dev.secretkit.spi.ForwardingSecretStore;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A fake store over a real one that holds the next call of one kind after the store answered it,
 * until the test releases it: the answer (or error) is the store's state at the time of the call,
 * returned to the cache only later, so that a test can write in between.
 */
final class HoldingStore extends ForwardingSecretStore {
  private final AtomicReference<Call> armed = new AtomicReference<>();
  private final CountDownLatch reached = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  HoldingStore(SecretStore delegate) {
    super(delegate);
  }

  /** Holds the next call of {@code call} (READ or PROBE) once it got its answer; only that one. */
  void holdNext(Call call) {
    armed.set(call);
  }

  /** Waits until the held call got its answer and waits itself. */
  void awaitHeld() throws InterruptedException {
    if (!reached.await(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the held call never came");
    }
  }

  /** Lets the held call return. */
  void release() {
    release.countDown();
  }

  @Override
  public Optional<StoredSecret> read(SecretId id) {
    return maybeHold(Call.READ, () -> super.read(id));
  }

  @Override
  public Optional<String> probe(SecretId id) {
    return maybeHold(Call.PROBE, () -> super.probe(id));
  }

  private <T> T maybeHold(Call call, Supplier<T> answer) {
    if (!armed.compareAndSet(call, null)) {
      return answer.get();
    }
    T result = null;
    RuntimeException error = null;
    try {
      result = answer.get();
    } catch (RuntimeException e) {
      error = e;
    }
    reached.countDown();
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (error != null) {
      throw error;
    }
    return result;
  }
}
