package dev.secretkit.benchmarks;

import dev.secretkit.SecretId;
import dev.secretkit.spi.Capability;
import dev.secretkit.spi.ForwardingSecretStore;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreCapabilities;
import dev.secretkit.spi.StoredSecret;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A store without bulk reads whose every read of a secret takes {@code latency} longer: a remote store one round trip
 * away. It sleeps, which a benchmark may and a test never does. Its capabilities are its delegate's without
 * {@link Capability#BULK_READ}, and {@link #readAll} reads one secret at a time, as the SPI's default does.
 */
final class SlowStore extends ForwardingSecretStore {
  private final Duration latency;

  /** Forwards to {@code delegate}, {@code latency} later for each read. */
  SlowStore(SecretStore delegate, Duration latency) {
    super(delegate);
    this.latency = latency;
  }

  @Override
  public StoreCapabilities capabilities() {
    StoreCapabilities all = delegate().capabilities();
    return StoreCapabilities.of(all.versionsRetained(), all.all().stream()
        .filter(capability -> capability != Capability.BULK_READ).toArray(Capability[]::new));
  }

  @Override
  public Optional<StoredSecret> read(SecretId id) {
    pause();
    return delegate().read(id);
  }

  @Override
  public Optional<StoredSecret> read(SecretId id, long version) {
    pause();
    return delegate().read(id, version);
  }

  @Override
  public Map<SecretId, StoredSecret> readAll(Collection<SecretId> ids) {
    Map<SecretId, StoredSecret> found = new LinkedHashMap<>();
    for (SecretId id : ids) {
      read(id).ifPresent(secret -> found.put(id, secret));
    }
    return found;
  }

  private void pause() {
    try {
      Thread.sleep(latency.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while pretending to wait for a remote store", e);
    }
  }
}
