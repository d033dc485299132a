package dev.secretkit.testkit;

import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretSummary;
import dev.secretkit.SecretValue;
import dev.secretkit.SecretVersion;
import dev.secretkit.spi.Capability;
import dev.secretkit.spi.ForwardingSecretStore;
import dev.secretkit.spi.Page;
import dev.secretkit.spi.SecretHead;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreCapabilities;
import dev.secretkit.spi.StoredSecret;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the contract's persistence test: sessions over one in-memory store that outlives them
 * stand in for a persistent backend, and {@link #reopenStore()} opens a new session.
 */
class PersistentStoreContractTest extends SecretStoreContract {
  private SecretStore backing;

  @Override
  protected SecretStore openStore() {
    backing = BrokenStores.memory();
    return new Session(backing);
  }

  @Override
  protected SecretStore reopenStore() {
    return new Session(backing);
  }

  /** One session: closing it ends the session, not the store behind it. */
  private static final class Session extends ForwardingSecretStore {
    private volatile boolean closed;

    Session(SecretStore backing) {
      super(backing);
    }

    @Override
    public StoreCapabilities capabilities() {
      return StoreCapabilities.of(0, Capability.PERSISTENT, Capability.VERSION_AUTHORS, Capability.ATOMIC_METADATA,
          Capability.CONDITIONAL_DELETE);
    }

    @Override
    public Optional<StoredSecret> read(SecretId id) {
      checkOpen();
      return super.read(id);
    }

    @Override
    public Optional<StoredSecret> read(SecretId id, long version) {
      checkOpen();
      return super.read(id, version);
    }

    @Override
    public Map<SecretId, StoredSecret> readAll(Collection<SecretId> ids) {
      checkOpen();
      return super.readAll(ids);
    }

    @Override
    public Optional<String> probe(SecretId id) {
      checkOpen();
      return super.probe(id);
    }

    @Override
    public Page<SecretSummary> list(String scope, String pageToken, int pageSize) {
      checkOpen();
      return super.list(scope, pageToken, pageSize);
    }

    @Override
    public Page<SecretId> listIds(String pageToken, int pageSize) {
      checkOpen();
      return super.listIds(pageToken, pageSize);
    }

    @Override
    public List<SecretVersion> versions(SecretId id) {
      checkOpen();
      return super.versions(id);
    }

    @Override
    public StoredSecret create(SecretId id, SecretMetadata metadata, Map<String, SecretValue> values) {
      checkOpen();
      return super.create(id, metadata, values);
    }

    @Override
    public StoredSecret update(SecretId id, String expectedRevision, SecretMetadata metadata,
        Map<String, SecretValue> values) {
      checkOpen();
      return super.update(id, expectedRevision, metadata, values);
    }

    @Override
    public Optional<SecretHead> head(SecretId id) {
      checkOpen();
      return super.head(id);
    }

    @Override
    public SecretHead updateMetadata(SecretId id, String expectedRevision, SecretMetadata metadata) {
      checkOpen();
      return super.updateMetadata(id, expectedRevision, metadata);
    }

    @Override
    public void delete(SecretId id, String expectedRevision) {
      checkOpen();
      super.delete(id, expectedRevision);
    }

    @Override
    public void close() {
      closed = true;
    }

    private void checkOpen() {
      if (closed) {
        throw new IllegalStateException("session closed");
      }
    }
  }
}
