package dev.secretkit.spi;

import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretSummary;
import dev.secretkit.SecretValue;
import dev.secretkit.SecretVersion;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A store that forwards every call, the SPI's default methods included, to another store: extend
 * it and override what a decorator changes (a counter, a fault, a cache), and the rest behaves
 * exactly as the delegate. The testkit's {@code FaultInjectingStore} is one.
 */
public abstract class ForwardingSecretStore implements SecretStore {
  private final SecretStore delegate;

  /** Forwards to {@code delegate}. */
  protected ForwardingSecretStore(SecretStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** Returns the store every call goes to. */
  public SecretStore delegate() {
    return delegate;
  }

  @Override
  public String description() {
    return delegate.description();
  }

  @Override
  public StoreLimits limits() {
    return delegate.limits();
  }

  @Override
  public StoreCapabilities capabilities() {
    return delegate.capabilities();
  }

  @Override
  public List<StoreLimits.Problem> problems(SecretMetadata metadata, Map<String, SecretValue> values) {
    return delegate.problems(metadata, values);
  }

  @Override
  public Optional<StoredSecret> read(SecretId id) {
    return delegate.read(id);
  }

  @Override
  public Optional<StoredSecret> read(SecretId id, long version) {
    return delegate.read(id, version);
  }

  @Override
  public Map<SecretId, StoredSecret> readAll(Collection<SecretId> ids) {
    return delegate.readAll(ids);
  }

  @Override
  public Optional<SecretHead> head(SecretId id) {
    return delegate.head(id);
  }

  @Override
  public Optional<String> probe(SecretId id) {
    return delegate.probe(id);
  }

  @Override
  public Optional<String> absence() {
    return delegate.absence();
  }

  @Override
  public Page<SecretSummary> list(String scope, String pageToken, int pageSize) {
    return delegate.list(scope, pageToken, pageSize);
  }

  @Override
  public Page<SecretId> listIds(String pageToken, int pageSize) {
    return delegate.listIds(pageToken, pageSize);
  }

  @Override
  public List<SecretVersion> versions(SecretId id) {
    return delegate.versions(id);
  }

  @Override
  public StoredSecret create(SecretId id, SecretMetadata metadata, Map<String, SecretValue> values) {
    return delegate.create(id, metadata, values);
  }

  @Override
  public StoredSecret update(SecretId id, String expectedRevision, SecretMetadata metadata,
      Map<String, SecretValue> values) {
    return delegate.update(id, expectedRevision, metadata, values);
  }

  @Override
  public SecretHead updateMetadata(SecretId id, String expectedRevision, SecretMetadata metadata) {
    return delegate.updateMetadata(id, expectedRevision, metadata);
  }

  @Override
  public void delete(SecretId id, String expectedRevision) {
    delegate.delete(id, expectedRevision);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
