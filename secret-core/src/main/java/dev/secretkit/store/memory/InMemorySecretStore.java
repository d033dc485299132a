package dev.secretkit.store.memory;

import dev.secretkit.ConflictException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretSummary;
import dev.secretkit.SecretValue;
import dev.secretkit.SecretVersion;
import dev.secretkit.spi.AbstractSecretStore;
import dev.secretkit.spi.Capability;
import dev.secretkit.spi.Page;
import dev.secretkit.spi.SecretHead;
import dev.secretkit.spi.StoreCapabilities;
import dev.secretkit.spi.StoreLimits;
import dev.secretkit.spi.StoredSecret;
import dev.secretkit.spi.support.PageTokens;
import dev.secretkit.spi.support.SecretValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** The in-memory store: one lock guards every secret, and values are copied in and out so callers may wipe theirs. */
final class InMemorySecretStore extends AbstractSecretStore {
  private final Object lock = new Object();
  private final Map<SecretId, Entry> secrets = new TreeMap<>();
  private long lastRevision;

  InMemorySecretStore(String description, StoreLimits limits, int versionsRetained) {
    super(description, limits, StoreCapabilities.of(versionsRetained, Capability.VERSION_AUTHORS,
        Capability.ATOMIC_METADATA, Capability.CONDITIONAL_DELETE, Capability.BULK_READ, Capability.CHEAP_PROBE));
  }

  private record Entry(String revision, SecretMetadata metadata, List<Version> versions) {
    Version latest() {
      return versions.get(versions.size() - 1);
    }

    StoredSecret toStored(SecretId id, Version version) {
      return StoredSecret.of(id, revision, version.version(), metadata, SecretValues.copy(version.values()));
    }

    SecretHead head(SecretId id) {
      return SecretHead.of(id, revision, latest().version(), metadata, List.copyOf(latest().values().keySet()));
    }
  }

  private record Version(SecretVersion version, Map<String, SecretValue> values) {
  }

  @Override
  public Optional<StoredSecret> read(SecretId id) {
    return find(id, entry -> Optional.of(entry.toStored(id, entry.latest())));
  }

  @Override
  public Optional<SecretHead> head(SecretId id) {
    return find(id, entry -> Optional.of(entry.head(id)));
  }

  @Override
  public Optional<StoredSecret> read(SecretId id, long version) {
    return find(id, entry -> entry.versions.stream().filter(v -> v.version().number() == version).findFirst()
        .map(v -> entry.toStored(id, v)));
  }

  @Override
  public List<SecretVersion> versions(SecretId id) {
    return find(id, entry -> Optional.of(entry.versions.stream().map(Version::version).toList())).orElse(List.of());
  }

  /** Returns what {@code answer} makes of the entry of {@code id}, under the lock, or empty when there is none. */
  private <T> Optional<T> find(SecretId id, Function<Entry, Optional<T>> answer) {
    Objects.requireNonNull(id, "id");
    synchronized (lock) {
      checkOpen();
      Entry entry = secrets.get(id);
      return entry == null ? Optional.empty() : answer.apply(entry);
    }
  }

  @Override
  public Page<SecretSummary> list(String scope, String pageToken, int pageSize) {
    String after = PageTokens.checkList(scope, pageToken, pageSize);
    synchronized (lock) {
      checkOpen();
      List<SecretSummary> items = new ArrayList<>();
      String next = null;
      for (Map.Entry<SecretId, Entry> secret : secrets.entrySet()) {
        SecretId id = secret.getKey();
        if (!id.scope().equals(scope) || (after != null && id.name().compareTo(after) <= 0)) {
          continue;
        }
        if (items.size() == pageSize) {
          next = items.get(items.size() - 1).id().name();
          break;
        }
        items.add(secret.getValue().head(id).summary());
      }
      return Page.of(items, next);
    }
  }

  /** Lists ids in {@link SecretId} order; a token is the last id listed, {@code scope:name}. */
  @Override
  public Page<SecretId> listIds(String pageToken, int pageSize) {
    PageTokens.checkSize(pageSize);
    SecretId after = PageTokens.idAfter(pageToken);
    synchronized (lock) {
      checkOpen();
      List<SecretId> items = new ArrayList<>();
      String next = null;
      for (SecretId id : secrets.keySet()) {
        if (after != null && id.compareTo(after) <= 0) {
          continue;
        }
        if (items.size() == pageSize) {
          next = items.get(items.size() - 1).toString();
          break;
        }
        items.add(id);
      }
      return Page.of(items, next);
    }
  }

  @Override
  public StoredSecret create(SecretId id, SecretMetadata metadata, Map<String, SecretValue> values) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(metadata, "metadata");
    refuseProblems(id, metadata, values);
    synchronized (lock) {
      checkOpen();
      if (secrets.containsKey(id)) {
        throw ConflictException.exists(id, description());
      }
      Version first = new Version(new SecretVersion(1, metadata.updatedAt(), metadata.updatedBy()), SecretValues.copy(values));
      Entry entry = new Entry(nextRevision(), metadata, List.of(first));
      secrets.put(id, entry);
      return entry.toStored(id, first);
    }
  }

  @Override
  public StoredSecret update(SecretId id, String expectedRevision, SecretMetadata metadata,
      Map<String, SecretValue> values) {
    Objects.requireNonNull(metadata, "metadata");
    refuseProblems(id, metadata, values);
    synchronized (lock) {
      Entry entry = current(id, expectedRevision);
      List<Version> versions = new ArrayList<>(entry.versions());
      Version next = new Version(new SecretVersion(entry.latest().version().number() + 1, metadata.updatedAt(),
          metadata.updatedBy()), SecretValues.copy(values));
      versions.add(next);
      int retained = capabilities().versionsRetained();
      if (retained > 0 && versions.size() > retained) {
        List<Version> dropped = versions.subList(0, versions.size() - retained);
        dropped.forEach(version -> version.values().values().forEach(SecretValue::destroy));
        dropped.clear();
      }
      Entry updated = new Entry(nextRevision(), metadata, List.copyOf(versions));
      secrets.put(id, updated);
      return updated.toStored(id, next);
    }
  }

  @Override
  public SecretHead updateMetadata(SecretId id, String expectedRevision, SecretMetadata metadata) {
    Objects.requireNonNull(metadata, "metadata");
    synchronized (lock) {
      Entry entry = current(id, expectedRevision);
      refuseProblems(id, metadata, entry.latest().values());
      Entry updated = new Entry(nextRevision(), metadata, entry.versions());
      secrets.put(id, updated);
      return updated.head(id);
    }
  }

  @Override
  public void delete(SecretId id, String expectedRevision) {
    synchronized (lock) {
      current(id, expectedRevision == null ? currentRevision(id) : expectedRevision);
      Entry removed = secrets.remove(id);
      removed.versions().forEach(version -> version.values().values().forEach(SecretValue::destroy));
    }
  }

  @Override
  public void close() {
    // Under the lock, so no operation is midway when close returns.
    synchronized (lock) {
      super.close();
    }
  }

  /** Returns the revision of {@code id}, or a token no secret has when there is none; call it under the lock. */
  private String currentRevision(SecretId id) {
    Entry entry = secrets.get(Objects.requireNonNull(id, "id"));
    return entry == null ? "" : entry.revision();
  }

  private Entry current(SecretId id, String expectedRevision) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(expectedRevision, "expectedRevision");
    checkOpen();
    Entry entry = secrets.get(id);
    if (entry == null || !entry.revision().equals(expectedRevision)) {
      throw ConflictException.changed(id, description());
    }
    return entry;
  }

  private String nextRevision() {
    return Long.toString(++lastRevision);
  }
}
