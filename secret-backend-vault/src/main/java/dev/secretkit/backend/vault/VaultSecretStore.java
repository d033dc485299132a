package dev.secretkit.backend.vault;

import dev.secretkit.ConflictException;
import dev.secretkit.SecretDataException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretSummary;
import dev.secretkit.SecretValue;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.spi.Capability;
import dev.secretkit.spi.EnvelopeSecretStore;
import dev.secretkit.spi.Page;
import dev.secretkit.spi.SecretEnvelope;
import dev.secretkit.spi.StoreCapabilities;
import dev.secretkit.spi.VersionEntry;
import dev.secretkit.spi.support.Backoff;
import dev.secretkit.spi.support.PageTokens;
import dev.secretkit.spi.support.StoreLog;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code vault} store: one KV version 2 secret per SecretKit secret, at {@code MOUNT/data/PREFIX/SCOPE/NAME},
 * whose latest version is the whole truth.
 *
 * <ul>
 *   <li>Each KV version's data map is a {@link VaultRecord}: the user's keys as plain fields and the reserved
 *       field {@code _secretkit} with the key order and SecretKit's {@link SecretEnvelope} (metadata and the
 *       history of retained versions). The store writes no custom metadata: nothing but the data map is truth.
 *   <li>Every write, of values or metadata, is one {@code POST data} with {@code options.cas} set to the KV
 *       version read (0 for a create): Vault's check-and-set is the commit point, and nothing is written after
 *       it. Since every write carries {@code cas}, {@code cas_required} on the key or the mount changes nothing.
 *   <li>The revision is {@code N@CREATED}: the KV version number and its {@code created_time}, which a data
 *       read, a metadata read and a write's answer all give. Numbers restart at 1 after a delete, so the time
 *       tells incarnations apart (Vault stamps versions in nanoseconds).
 *   <li>Versions: SecretKit versions count value writes; a metadata write (grant, revoke, relabel) is a new KV
 *       version of the same SecretKit version. Each history entry's {@code ref} is the last KV version holding
 *       that version's values; every version SecretKit writes names itself as its current entry's {@code ref},
 *       so a version copied by another tool ({@code vault kv patch}, {@code put}, {@code rollback}) is detected
 *       and refused as a {@link SecretDataException}, never read with metadata of another time.
 *   <li>A create sets the key's {@code max_versions} to twice {@code versionsRetained} with a metadata write
 *       before its data write: a create that fails between the two leaves a key with metadata and no version,
 *       which reads as absent, and the next create uses it. A write drops history entries whose KV version
 *       Vault no longer keeps.
 *   <li>A write whose answer is lost (an I/O error, a 5xx) is decided by reading KV version {@code cas + 1}:
 *       ours, and the write stands; another writer's, a conflict; none while the key is still at {@code cas},
 *       and it is tried again. Only what cannot be decided is a transient "outcome unknown".
 *   <li>Delete: Vault has no conditional delete, so the store checks the revision with a metadata read and then
 *       deletes the metadata and every version; a write committed between those two calls is deleted with the
 *       secret.
 *   <li>What a {@code vault kv} user does behind SecretKit's back: a secret without the reserved field, a
 *       soft-deleted or destroyed latest version, and a version copied by another tool each read as a
 *       {@link SecretDataException} that says what to do; {@code delete} without a revision still removes it,
 *       {@link #listIds} lists it, and {@link #list} leaves out the first two and names the third in its page's
 *       {@code unreadable}.
 *   <li>{@link #absence()} is always empty: the store is its mount, which only an operator enables, never a
 *       first write; calls on a mount that does not exist are a {@link dev.secretkit.ConfigurationException}
 *       that says {@code vault secrets enable -path=MOUNT kv-v2}.
 * </ul>
 * The reads and writes themselves are {@link EnvelopeSecretStore}'s. {@link #close()} ends the
 * {@link VaultSession}, which revokes the token of the store's own login. Thread-safe: the driver and the session
 * are, and the store keeps no other state.
 */
final class VaultSecretStore extends EnvelopeSecretStore<VaultKv.Read> {
  private static final System.Logger LOG = System.getLogger(VaultSecretStore.class.getName());
  /** The most bytes of one KV version's data the store writes: under the 1 MiB entries of Vault's storage. */
  static final int MAX_DATA_BYTES = 960 * 1024;
  /** The bytes of {@link #MAX_DATA_BYTES} kept for the version history beyond the current entry. */
  static final int HISTORY_RESERVE_BYTES = 16 * 1024;

  private final VaultKv kv;
  private final VaultSession session;
  private final VaultSettings settings;
  private final Backoff backoff;

  VaultSecretStore(VaultKv kv, VaultSession session, VaultSettings settings, String description, Backoff backoff) {
    super(description, settings.limits(), StoreCapabilities.of(settings.versionsRetained(), Capability.PERSISTENT,
        Capability.VERSION_AUTHORS, Capability.ATOMIC_METADATA, Capability.CHEAP_PROBE),
        new Document("Vault data", "vaultDataBytes", MAX_DATA_BYTES, HISTORY_RESERVE_BYTES, "1"));
    this.kv = kv;
    this.session = session;
    this.settings = settings;
    this.backoff = backoff;
  }

  /** Ends the session: the token of an AppRole or Kubernetes login is revoked, as {@link VaultSession} says. */
  @Override
  protected void release() {
    session.close();
  }

  @Override
  protected int documentSize(Map<String, SecretValue> values, SecretEnvelope envelope) {
    return VaultRecord.size(values, envelope);
  }

  /** Reads the current KV version with one data read. */
  @Override
  protected Optional<VaultKv.Read> fetchCurrent(SecretId id) {
    VaultKv.Read read = kv.read(key(id), 0, id.toString());
    String path = kv.path("data", key(id));
    return switch (read.state()) {
      case MISSING -> Optional.empty();
      case DELETED -> throw new SecretDataException(id.toString(), description(), "its latest Vault version "
          + read.version() + " at " + path + " is deleted ('vault kv delete', or the mount's delete_version_after):"
          + " restore it with 'vault kv undelete -versions=" + read.version() + " " + path.replace("/data/", "/")
          + "', or remove the secret with a forced delete", null);
      case DESTROYED -> throw new SecretDataException(id.toString(), description(), "its latest Vault version "
          + read.version() + " at " + path + " is destroyed ('vault kv destroy'), so its values are gone: remove the"
          + " secret with a forced delete and apply it again", null);
      case FOUND -> Optional.of(read);
    };
  }

  /** Returns the revision of the KV version read: its number and creation time. */
  @Override
  protected String revision(VaultKv.Read read) {
    return read.revision();
  }

  /**
   * Reads the KV version the entry's ref names; empty when Vault no longer keeps it ({@code max_versions}), or
   * someone deleted or destroyed it.
   */
  @Override
  protected Optional<Map<String, SecretValue>> readKept(SecretId id, Current<VaultKv.Read> current,
      VersionEntry entry) {
    Optional<Long> place = entry.ref().filter(ref -> ref.matches("[0-9]{1,9}")).map(Long::parseLong);
    if (place.isEmpty()) {
      return Optional.empty();
    }
    VaultKv.Read old = kv.read(key(id), place.get(), id.toString());
    if (old.state() != VaultKv.State.FOUND) {
      return Optional.empty();
    }
    VaultRecord record = decodeRecord(id, old);
    long version = entry.version().number();
    if (record.envelope().latest().number() != version) {
      record.wipe();
      throw new SecretDataException(id.toString(), description(), "Vault version " + old.version() + " of "
          + kv.path("data", key(id)) + " holds SecretKit version " + record.envelope().latest().number() + ", not "
          + version + " as the history says: another tool changed the secret's versions", null);
    }
    return Optional.of(record.values());
  }

  /** Answers with one metadata read, which reads no value: the current version's number and creation time. */
  @Override
  public Optional<String> probe(SecretId id) {
    Objects.requireNonNull(id, "id");
    checkOpen();
    return kv.metadata(key(id), id.toString()).filter(metadata -> metadata.currentVersion() > 0)
        .map(VaultKv.Metadata::revision);
  }

  /**
   * Lists with one {@code LIST} of the scope's folder and one data read per secret on the page (Vault's
   * {@code LIST} has no pages); the token is the last name listed. Another tool's secrets, and those whose
   * latest version is deleted or destroyed, are left out; a SecretKit secret that cannot be read, as a read of it
   * cannot, is in the page's {@code unreadable}, and counts towards the page size.
   */
  @Override
  public Page<SecretSummary> list(String scope, String pageToken, int pageSize) {
    String after = PageTokens.checkList(scope, pageToken, pageSize);
    checkOpen();
    List<String> names = names(settings.prefix() + "/" + scope, "scope " + scope).stream()
        .filter(name -> after == null || name.compareTo(after) > 0).toList();
    List<SecretSummary> items = new ArrayList<>();
    List<SecretDataException> unreadable = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      if (items.size() + unreadable.size() == pageSize) {
        return Page.of(items, names.get(i - 1), unreadable);
      }
      try {
        summary(SecretId.of(scope, names.get(i))).ifPresent(items::add);
      } catch (SecretDataException e) {
        unreadable.add(e);
      }
    }
    return Page.of(items, null, unreadable);
  }

  private Optional<SecretSummary> summary(SecretId id) {
    VaultKv.Read read = kv.read(key(id), 0, id.toString());
    if (read.state() != VaultKv.State.FOUND || !VaultRecord.reserved(read.data())) {
      return Optional.empty();
    }
    Current<VaultKv.Read> current = decode(id, read);
    SecretSummary summary = current.stored(id).summary();
    current.wipe();
    return Optional.of(summary);
  }

  /**
   * Lists the ids under the prefix with one {@code LIST} of the prefix (the scopes) and one {@code LIST} per
   * scope the page reaches, reading no value: every key named {@code PREFIX/SCOPE/NAME} with a valid scope
   * and name, another tool's too (its name is taken; a read of it is a data error), in scope then name order.
   * The token is the last id listed.
   */
  @Override
  public Page<SecretId> listIds(String pageToken, int pageSize) {
    PageTokens.checkSize(pageSize);
    SecretId after = PageTokens.idAfter(pageToken);
    checkOpen();
    // Vault sorts folders with their '/', which puts "a-b/" before "a/": sorted again by scope.
    List<String> scopes = kv.list(settings.prefix(), "the secrets under " + settings.prefix()).stream()
        .filter(folder -> folder.endsWith("/")).map(folder -> folder.substring(0, folder.length() - 1))
        .filter(SecretId::isScope).filter(scope -> after == null || scope.compareTo(after.scope()) >= 0)
        .sorted().toList();
    List<SecretId> items = new ArrayList<>();
    for (String scope : scopes) {
      for (String name : names(settings.prefix() + "/" + scope, "scope " + scope)) {
        if (after != null && scope.equals(after.scope()) && name.compareTo(after.name()) <= 0) {
          continue;
        }
        if (items.size() == pageSize) {
          return Page.of(items, items.get(items.size() - 1).toString());
        }
        items.add(SecretId.of(scope, name));
      }
    }
    return Page.of(items, null);
  }

  /** Returns the valid secret names right under {@code folder}, sorted. */
  private List<String> names(String folder, String what) {
    // A folder, or a name SecretKit could not have written: another tool's key under the prefix.
    return kv.list(folder, what).stream().filter(SecretId::isName).toList();
  }

  /**
   * Keeps the current entry, and each older one whose KV version Vault still keeps, undeleted, which a metadata
   * read tells when there are older ones. Vault keeps the larger of the key's and the mount's {@code max_versions},
   * so a lower mount setting never drops one; a key created with a lower {@code versionsRetained}, or whose
   * {@code max_versions} was lowered with {@code vault kv metadata put}, keeps fewer, and those it dropped are not
   * listed (a read of one finds nothing).
   */
  @Override
  protected List<VersionEntry> stillKept(SecretId id, Current<VaultKv.Read> current) {
    List<VersionEntry> history = current.envelope().history();
    if (history.size() == 1) {
      return history;
    }
    Map<Long, VaultKv.VersionState> kept = kv.metadata(key(id), id.toString()).map(VaultKv.Metadata::versions)
        .orElse(Map.of());
    List<VersionEntry> readable = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      Optional<VaultKv.VersionState> place = history.get(i).ref().filter(ref -> ref.matches("[0-9]{1,18}"))
          .map(Long::parseLong).map(kept::get);
      if (i == history.size() - 1 || place.filter(state -> !state.deleted() && !state.destroyed()).isPresent()) {
        readable.add(history.get(i));
      }
    }
    return readable;
  }

  /**
   * Creates with three calls: a metadata read (a key with a version exists already: a conflict, and its
   * metadata stays untouched), a metadata write of {@code max_versions}, and the data write with
   * {@code cas} 0, the commit point.
   */
  @Override
  protected String commitFirst(SecretId id, SecretMetadata metadata, Map<String, SecretValue> values) {
    String key = key(id);
    Optional<VaultKv.Metadata> existing = kv.metadata(key, id.toString());
    if (existing.isPresent() && existing.get().currentVersion() > 0) {
      throw ConflictException.exists(id, description());
    }
    kv.writeMetadata(key, Map.of("max_versions", kvMaxVersions()), id.toString(), existing.isEmpty());
    return commit(id, 0, values, SecretEnvelope.first(metadata, "1"), true);
  }

  /** Returns the next KV version's number: a write with {@code cas} set to the version read makes it. */
  @Override
  protected String nextRef(Current<VaultKv.Read> current) {
    return Long.toString(current.read().version() + 1);
  }

  /**
   * Writes the new KV version with {@code cas} set to the version read, after dropping the history entries whose
   * KV version Vault no longer keeps.
   */
  @Override
  protected String commit(SecretId id, Current<VaultKv.Read> current, String ref, Map<String, SecretValue> values,
      SecretEnvelope envelope, boolean newVersion) {
    long cas = current.read().version();
    return commit(id, cas, values, envelope.with(envelope.metadata(), kept(envelope.history(), cas + 1)), false);
  }

  /**
   * Deletes the metadata and every version, after one metadata read that checks the revision; with a null
   * revision, without any check, so that a secret SecretKit cannot read can still be removed. A delete whose
   * answer is lost is decided by reading the metadata again.
   */
  @Override
  public void delete(SecretId id, String expectedRevision) {
    Objects.requireNonNull(id, "id");
    checkOpen();
    String key = key(id);
    if (expectedRevision != null) {
      Optional<VaultKv.Metadata> metadata = kv.metadata(key, id.toString());
      if (metadata.filter(m -> m.currentVersion() > 0).map(VaultKv.Metadata::revision).filter(expectedRevision::equals)
          .isEmpty()) {
        throw ConflictException.changed(id, description());
      }
    }
    for (int attempt = 1; ; attempt++) {
      try {
        kv.delete(key, id.toString());
        return;
      } catch (StoreUnavailableException failure) {
        Optional<VaultKv.Metadata> now = kv.metadata(key, id.toString());
        if (now.isEmpty()) {
          if (LOG.isLoggable(Level.INFO)) {
            LOG.log(Level.INFO, StoreLog.repaired(description(), "the answer to the delete of " + id + " was lost,"
                + " and the key is gone: deleted", failure));
          }
          return;
        }
        boolean untouched = expectedRevision == null || now.get().currentVersion() > 0
            && now.get().revision().equals(expectedRevision);
        if (!untouched) {
          throw outcomeUnknown(id, "delete", failure);
        }
        pause("delete", id, failure, attempt);
      }
    }
  }

  /**
   * The commit point: writes {@code values} and {@code envelope} as KV version {@code cas + 1}, only if the
   * key is still at {@code cas}, and returns the new revision. A write that failed without a clear answer is
   * decided by {@link #landed}; one that did not happen while the key is unchanged is tried again, up to the
   * store's attempts.
   *
   * @throws ConflictException ({@code EXISTS} for a create, else {@code CHANGED}) if another writer came first
   */
  private String commit(SecretId id, long cas, Map<String, SecretValue> values, SecretEnvelope envelope,
      boolean create) {
    Map<String, Object> data = VaultRecord.encode(values, envelope);
    String key = key(id);
    for (int attempt = 1; ; attempt++) {
      StoreUnavailableException failure;
      try {
        VaultKv.Written written = kv.write(key, data, cas, id.toString(), create);
        if (!written.casMismatch()) {
          return written.revision();
        }
        if (attempt == 1 && !written.resent()) {
          throw create ? ConflictException.exists(id, description()) : ConflictException.changed(id, description());
        }
        // Sent before (a later attempt, or a 429 or 503 that a proxy may have answered after Vault wrote): an
        // earlier send whose answer was lost may have landed after all.
        failure = null;
      } catch (StoreUnavailableException e) {
        failure = e;
      }
      Optional<String> landed = landed(id, cas, values, envelope, failure, create);
      if (landed.isPresent()) {
        if (LOG.isLoggable(Level.INFO)) {
          LOG.log(Level.INFO, StoreLog.repaired(description(), "the answer to the write of " + id + " (KV version "
              + (cas + 1) + ") was lost, and that version is this write's: the write stands", failure));
        }
        return landed.get();
      }
      if (failure == null) {
        throw create ? ConflictException.exists(id, description()) : ConflictException.changed(id, description());
      }
      pause("the write", id, failure, attempt);
    }
  }

  /**
   * Decides a write of KV version {@code cas + 1} whose answer was lost: returns its revision when that
   * version is ours; empty when it does not exist and the key is still at {@code cas} (nothing was written, so
   * the write may be tried again).
   *
   * @throws ConflictException if another writer wrote that version, or the key is gone or went back
   * @throws StoreUnavailableException "outcome unknown" when Vault cannot tell
   */
  private Optional<String> landed(SecretId id, long cas, Map<String, SecretValue> values, SecretEnvelope envelope,
      StoreUnavailableException failure, boolean create) {
    String key = key(id);
    VaultKv.Read read;
    try {
      read = kv.read(key, cas + 1, id.toString());
    } catch (StoreUnavailableException unknown) {
      throw outcomeUnknown(id, "write", failure == null ? unknown : failure);
    }
    if (read.state() == VaultKv.State.FOUND) {
      if (VaultRecord.reserved(read.data())) {
        VaultRecord record;
        try {
          record = VaultRecord.decode(read.data());
        } catch (IllegalArgumentException notOurs) {
          record = null;
        }
        if (record != null) {
          boolean ours = record.sameAs(values, envelope);
          record.wipe();
          if (ours) {
            return Optional.of(read.revision());
          }
        }
      }
      throw create ? ConflictException.exists(id, description()) : ConflictException.changed(id, description());
    }
    if (read.state() != VaultKv.State.MISSING) {
      throw outcomeUnknown(id, "write", failure);
    }
    long now;
    try {
      now = kv.metadata(key, id.toString()).map(VaultKv.Metadata::currentVersion).orElse(0L);
    } catch (StoreUnavailableException unknown) {
      throw outcomeUnknown(id, "write", failure == null ? unknown : failure);
    }
    if (now == cas) {
      return Optional.empty();
    }
    if (now < cas) {
      throw ConflictException.changed(id, description());
    }
    throw outcomeUnknown(id, "write", failure);
  }

  private StoreUnavailableException outcomeUnknown(SecretId id, String what, StoreUnavailableException failure) {
    return new StoreUnavailableException(description(), "the " + what + " of " + id + " may or may not have happened:"
        + " its answer was lost and the secret has changed since; read it again before writing again", false,
        failure == null ? null : failure.retryAfter().orElse(null), failure);
  }

  /** Returns {@code history} without the entries (but the current one) whose KV version Vault no longer keeps. */
  private List<VersionEntry> kept(List<VersionEntry> history, long written) {
    long oldestKept = written - kvMaxVersions() + 1;
    List<VersionEntry> kept = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      Optional<String> ref = history.get(i).ref();
      boolean current = i == history.size() - 1;
      if (current || ref.filter(r -> r.matches("[0-9]{1,18}") && Long.parseLong(r) >= oldestKept).isPresent()) {
        kept.add(history.get(i));
      }
    }
    return kept;
  }

  /** Returns the {@code max_versions} a create sets: room for the retained versions and as many metadata writes. */
  private int kvMaxVersions() {
    return 2 * capabilities().versionsRetained();
  }

  /**
   * Returns the current version read, after checking that SecretKit wrote it: its record names this very KV
   * version as its own.
   */
  @Override
  protected Current<VaultKv.Read> decode(SecretId id, VaultKv.Read read) {
    VaultRecord record = decodeRecord(id, read);
    if (!record.ownVersion().equals(Optional.of(read.version()))) {
      record.wipe();
      throw new SecretDataException(id.toString(), description(), "its latest Vault version " + read.version() + " at "
          + kv.path("data", key(id)) + " was not written by SecretKit: its " + VaultRecord.RESERVED + " field was"
          + " copied from " + record.ownVersion().map(v -> "version " + v).orElse("another version") + " (by 'vault kv"
          + " patch', 'put' or 'rollback'), so the owner and grants in it may be out of date; remove the secret with"
          + " a forced delete and apply it again", null);
    }
    return new Current<>(read, read.revision(), record.values(), record.envelope());
  }

  private VaultRecord decodeRecord(SecretId id, VaultKv.Read read) {
    String path = kv.path("data", key(id));
    if (!VaultRecord.reserved(read.data())) {
      throw new SecretDataException(id.toString(), description(), "Vault version " + read.version() + " at " + path
          + " has no " + VaultRecord.RESERVED + " field: another tool (such as 'vault kv put') wrote it without"
          + " SecretKit's metadata, so SecretKit leaves it alone; move it out of " + settings.mount() + "/data/"
          + settings.prefix() + ", or remove it with a forced delete", null);
    }
    try {
      return VaultRecord.decode(read.data());
    } catch (IllegalArgumentException e) {
      // The decoder's message never quotes the data.
      throw new SecretDataException(id.toString(), description(), "Vault version " + read.version() + " at " + path
          + " cannot be read: " + e.getMessage(), null);
    }
  }

  /** Returns the KV path of {@code id} under the mount: {@code PREFIX/SCOPE/NAME}. */
  private String key(SecretId id) {
    return settings.prefix() + "/" + id.scope() + "/" + id.name();
  }

  /** Waits before trying {@code operation} of {@code id} again after {@code failure}; throws it when none is left. */
  private void pause(String operation, SecretId id, StoreUnavailableException failure, int attempt) {
    Optional<Duration> delay = backoff.delay(attempt, failure.retryAfter().orElse(null));
    if (delay.isEmpty()) {
      throw failure;
    }
    if (LOG.isLoggable(Level.DEBUG)) {
      LOG.log(Level.DEBUG, StoreLog.retrying(description(), operation, id, attempt, failure));
    }
    try {
      backoff.pause(delay.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure;
    }
  }
}
