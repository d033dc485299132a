package dev.secretkit.testkit;

import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.manifest.InvalidManifestException;
import dev.secretkit.manifest.Severity;
import dev.secretkit.manifest.Validation;
import dev.secretkit.manifest.Violation;
import dev.secretkit.spi.ForwardingSecretStore;
import dev.secretkit.spi.SecretHead;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.spi.StoreLimits;
import dev.secretkit.spi.StoredSecret;
import dev.secretkit.store.memory.InMemorySecretStoreProvider;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Stores that each break one rule of the SPI contract, and contract runs against them; the runs
 * are disabled outside {@link BrokenStoreContractTest}, which expects them to fail.
 */
final class BrokenStores {
  private BrokenStores() {
  }

  static SecretStore memory() {
    return new InMemorySecretStoreProvider().open(StoreConfig.parse("memory:", Map.of(), new ManualClock()));
  }

  /** Ignores the expected revision: last writer wins, and concurrent updates are lost. */
  static final class LosesUpdates extends ForwardingSecretStore {
    LosesUpdates(SecretStore delegate) {
      super(delegate);
    }

    private String current(SecretId id, String expected) {
      return delegate().head(id).map(SecretHead::revision).orElse(expected);
    }

    @Override
    public StoredSecret update(SecretId id, String expectedRevision, SecretMetadata metadata,
        Map<String, SecretValue> values) {
      return delegate().update(id, current(id, expectedRevision), metadata, values);
    }

    @Override
    public SecretHead updateMetadata(SecretId id, String expectedRevision, SecretMetadata metadata) {
      return delegate().updateMetadata(id, current(id, expectedRevision), metadata);
    }

    @Override
    public void delete(SecretId id, String expectedRevision) {
      delegate().delete(id, current(id, expectedRevision));
    }
  }

  /** Hands every reader the same value instances until the next write, so one caller's destroy wipes them for all. */
  static final class SharesValues extends ForwardingSecretStore {
    private final Map<SecretId, StoredSecret> cache = new HashMap<>();

    SharesValues(SecretStore delegate) {
      super(delegate);
    }

    @Override
    public synchronized Optional<StoredSecret> read(SecretId id) {
      StoredSecret cached = cache.get(id);
      if (cached == null) {
        Optional<StoredSecret> read = delegate().read(id);
        read.ifPresent(secret -> cache.put(id, secret));
        return read;
      }
      return Optional.of(cached);
    }

    @Override
    public synchronized StoredSecret update(SecretId id, String expectedRevision, SecretMetadata metadata,
        Map<String, SecretValue> values) {
      cache.remove(id);
      return delegate().update(id, expectedRevision, metadata, values);
    }

    @Override
    public synchronized SecretHead updateMetadata(SecretId id, String expectedRevision, SecretMetadata metadata) {
      cache.remove(id);
      return delegate().updateMetadata(id, expectedRevision, metadata);
    }

    @Override
    public synchronized void delete(SecretId id, String expectedRevision) {
      cache.remove(id);
      delegate().delete(id, expectedRevision);
    }
  }

  /** Declares limits far below what it enforces, so writes over its declared limits succeed. */
  static final class IgnoresLimits extends ForwardingSecretStore {
    IgnoresLimits(SecretStore delegate) {
      super(delegate);
    }

    @Override
    public StoreLimits limits() {
      return StoreLimits.of(1024, 8, 4096);
    }
  }

  /** Puts the start of the offending value into the message of a limit error. */
  static final class LeaksValues extends ForwardingSecretStore {
    LeaksValues(SecretStore delegate) {
      super(delegate);
    }

    @Override
    public StoredSecret create(SecretId id, SecretMetadata metadata, Map<String, SecretValue> values) {
      try {
        return delegate().create(id, metadata, values);
      } catch (InvalidManifestException e) {
        throw leaky(values, e);
      }
    }

    @Override
    public StoredSecret update(SecretId id, String expectedRevision, SecretMetadata metadata,
        Map<String, SecretValue> values) {
      try {
        return delegate().update(id, expectedRevision, metadata, values);
      } catch (InvalidManifestException e) {
        throw leaky(values, e);
      }
    }

    private static InvalidManifestException leaky(Map<String, SecretValue> values, InvalidManifestException e) {
      String text = values.values().iterator().next().asString();
      Violation leak = new Violation(Severity.ERROR, "secret", 0, 0, "value too large: "
          + text.substring(0, Math.min(64, text.length())), "none");
      return new InvalidManifestException(List.of(new Validation("leaky", 0, List.of(leak), null)));
    }
  }

  /** Numbers revisions per secret from 1 again after a delete, so an old revision can match a new secret. */
  static final class ReusesRevisions extends ForwardingSecretStore {
    private final Map<SecretId, Map<String, String>> exposedByReal = new HashMap<>();
    private final Map<SecretId, Map<String, String>> realByExposed = new HashMap<>();
    private final Map<SecretId, Integer> counters = new HashMap<>();

    ReusesRevisions(SecretStore delegate) {
      super(delegate);
    }

    @Override
    public synchronized Optional<StoredSecret> read(SecretId id) {
      return delegate().read(id).map(this::expose);
    }

    @Override
    public synchronized Optional<StoredSecret> read(SecretId id, long version) {
      return delegate().read(id, version).map(this::expose);
    }

    @Override
    public synchronized Optional<SecretHead> head(SecretId id) {
      return delegate().head(id).map(this::expose);
    }

    @Override
    public synchronized StoredSecret create(SecretId id, SecretMetadata metadata, Map<String, SecretValue> values) {
      return expose(delegate().create(id, metadata, values));
    }

    @Override
    public synchronized StoredSecret update(SecretId id, String expectedRevision, SecretMetadata metadata,
        Map<String, SecretValue> values) {
      return expose(delegate().update(id, real(id, expectedRevision), metadata, values));
    }

    @Override
    public synchronized SecretHead updateMetadata(SecretId id, String expectedRevision, SecretMetadata metadata) {
      return expose(delegate().updateMetadata(id, real(id, expectedRevision), metadata));
    }

    @Override
    public synchronized void delete(SecretId id, String expectedRevision) {
      delegate().delete(id, real(id, expectedRevision));
      exposedByReal.remove(id);
      realByExposed.remove(id);
      counters.remove(id);
    }

    private String real(SecretId id, String exposed) {
      return realByExposed.getOrDefault(id, Map.of()).getOrDefault(exposed, "unknown-" + exposed);
    }

    private StoredSecret expose(StoredSecret stored) {
      return StoredSecret.of(stored.id(), exposed(stored.id(), stored.revision()), stored.version(),
          stored.metadata(), stored.values());
    }

    private SecretHead expose(SecretHead head) {
      return SecretHead.of(head.id(), exposed(head.id(), head.revision()), head.latest(), head.metadata(),
          head.keys());
    }

    private String exposed(SecretId id, String revision) {
      String exposed = exposedByReal.computeIfAbsent(id, k -> new HashMap<>()).computeIfAbsent(revision,
          real -> "r" + counters.merge(id, 1, Integer::sum));
      realByExposed.computeIfAbsent(id, k -> new HashMap<>()).put(exposed, revision);
      return exposed;
    }
  }

  /** The contract against {@link LosesUpdates}. */
  @ExtendWith(FixtureCondition.class)
  static final class LosesUpdatesContract extends SecretStoreContract {
    @Override
    protected SecretStore openStore() {
      return new LosesUpdates(memory());
    }
  }

  /** The contract against {@link SharesValues}. */
  @ExtendWith(FixtureCondition.class)
  static final class SharesValuesContract extends SecretStoreContract {
    @Override
    protected SecretStore openStore() {
      return new SharesValues(memory());
    }
  }

  /** The contract against {@link IgnoresLimits}. */
  @ExtendWith(FixtureCondition.class)
  static final class IgnoresLimitsContract extends SecretStoreContract {
    @Override
    protected SecretStore openStore() {
      return new IgnoresLimits(memory());
    }
  }

  /** The contract against {@link LeaksValues}. */
  @ExtendWith(FixtureCondition.class)
  static final class LeaksValuesContract extends SecretStoreContract {
    @Override
    protected SecretStore openStore() {
      return new LeaksValues(memory());
    }
  }

  /** The contract against {@link ReusesRevisions}. */
  @ExtendWith(FixtureCondition.class)
  static final class ReusesRevisionsContract extends SecretStoreContract {
    @Override
    protected SecretStore openStore() {
      return new ReusesRevisions(memory());
    }
  }
}
