package dev.secretkit.spi;

import dev.secretkit.ConflictException;
import dev.secretkit.SecretDataException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.SecretVersion;
import dev.secretkit.spi.support.SecretValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A base for stores that keep each change of a secret as one new backend document holding the
 * user's values and the secret's {@link SecretEnvelope} together: it implements
 * {@link #read(SecretId)}, {@link #read(SecretId, long)}, {@link #head}, {@link #versions},
 * {@link #create}, {@link #update}, {@link #updateMetadata} and the size check of
 * {@link #problems} once, over the few backend calls a subclass makes. AWS Secrets Manager (a
 * {@code SecretString} per AWS version) and Vault KV version 2 (a data map per KV version) are such
 * stores.
 *
 * <p>What it decides, so that every such store keeps the {@link SecretStore} contract alike:
 * <ul>
 *   <li>The current document, as the backend names it, is the whole truth. Its envelope's current
 *       entry names that very document ({@link VersionEntry#ref()}); {@link #decode} refuses one
 *       that does not, since another tool copied it and its owner and grants may be out of date.
 *   <li>Version N's values are in the document history entry N names: {@link #read(SecretId, long)}
 *       maps N through the current envelope only, and reads that document ({@link #readKept}).
 *   <li>A write reads the current document once and fails with {@link ConflictException}
 *       ({@code CHANGED}) when its revision is not the one the caller names, before decoding it: a
 *       stale write is a conflict whatever the document now holds. A value write then
 *       appends the next version ({@link SecretEnvelope#afterValues}), keeping the newest
 *       {@link StoreCapabilities#versionsRetained()}; a metadata write keeps the version and its
 *       values and names the new document as their place ({@link SecretEnvelope#afterMetadata}).
 *       Either way the whole document is written again by {@link #commit}, the one commit point,
 *       at the place {@link #nextRef} names, after the oldest history entries are dropped if it
 *       would be larger than {@link Document#maxBytes()}.
 *   <li>{@link #problems} adds to the limits the size of the whole document with the current
 *       history entry only, which must leave {@link Document#historyReserveBytes()} free; a write
 *       it refuses makes no backend call.
 *   <li>Values read are wiped as soon as an answer no longer needs them; values returned are
 *       fresh copies the caller owns.
 * </ul>
 * A subclass implements the backend's calls: {@link #fetchCurrent} (with {@link #revision} and
 * {@link #decode}), {@link #readKept}, {@link #nextRef}, {@link #commit}, {@link #commitFirst} and
 * (unless its documents are not {@link SecretPayload}s) {@link #documentSize}, plus the
 * operations no envelope decides: {@link #probe}, {@link #list}, {@link #listIds}, {@link #delete},
 * and {@link #readAll} where the backend reads in bulk.
 *
 * <p>Thread-safe when the subclass's calls are: it keeps no state between calls.
 *
 * @param <R> the backend's answer to a read of one document, which holds what the later calls of
 *     a write need to address it (an ARN, a version number)
 */
public abstract class EnvelopeSecretStore<R> extends AbstractSecretStore {
  private final Document document;

  /**
   * Makes an open store.
   *
   * @param description the store's URI for messages, without credentials
   * @param limits the largest secret the store accepts, besides the document's size
   * @param capabilities what the store can do; its {@code versionsRetained} is how many history
   *     entries a value write keeps
   * @param document the size of the backend's documents
   */
  protected EnvelopeSecretStore(String description, StoreLimits limits, StoreCapabilities capabilities,
      Document document) {
    super(description, limits, capabilities);
    this.document = Objects.requireNonNull(document, "document");
  }

  /**
   * The size of the one document a backend keeps per change of a secret, for {@link #problems} and
   * for fitting the history into it.
   *
   * @param name what the backend calls the document, for messages, such as {@code AWS SecretString}
   * @param limit the name a {@link StoreLimits.Problem} gives this limit, such as {@code awsSecretStringBytes}
   * @param maxBytes the most bytes of one document, as {@link #documentSize} measures them
   * @param historyReserveBytes the part of {@code maxBytes} kept for the history entries beyond the
   *     current one: a secret whose document would leave less free is refused
   * @param sampleRef a ref as long as those the store writes, to measure a document before it has one
   */
  protected record Document(String name, String limit, int maxBytes, int historyReserveBytes, String sampleRef) {
    /**
     * Checks every part.
     *
     * @throws IllegalArgumentException unless {@code 0 <= historyReserveBytes < maxBytes}
     */
    public Document {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(limit, "limit");
      Objects.requireNonNull(sampleRef, "sampleRef");
      if (historyReserveBytes < 0 || historyReserveBytes >= maxBytes) {
        throw new IllegalArgumentException("historyReserveBytes must be at least 0 and less than maxBytes");
      }
    }
  }

  /**
   * The current document of a secret as the backend read it: the backend's answer, the document's
   * revision, and the values and envelope decoded from it. The values are the store's: it wipes
   * them as soon as an answer no longer needs them.
   *
   * @param read the backend's answer to the read, for the calls of a write
   * @param revision the document's revision, the token a write must name
   * @param values the values, in the order they were written
   * @param envelope the envelope, whose current entry names this document
   * @param <R> the backend's answer to a read of one document
   */
  protected record Current<R>(R read, String revision, Map<String, SecretValue> values, SecretEnvelope envelope) {
    /** Checks every part; the values are kept as they are, not copied. */
    public Current {
      Objects.requireNonNull(read, "read");
      Objects.requireNonNull(revision, "revision");
      Objects.requireNonNull(values, "values");
      Objects.requireNonNull(envelope, "envelope");
    }

    /** Returns the latest version as {@link SecretStore#read(SecretId)} answers it, sharing the values. */
    public StoredSecret stored(SecretId id) {
      return StoredSecret.of(id, revision, envelope.latest(), envelope.metadata(), values);
    }

    /** Destroys the values. */
    public void wipe() {
      values.values().forEach(SecretValue::destroy);
    }

    /** Returns the revision and keys; never a value. */
    @Override
    public String toString() {
      return "Current[revision=" + revision + ", keys=" + values.keySet() + "]";
    }
  }

  /**
   * Reads the current document of {@code id} with one backend call, without decoding it, or empty
   * when there is no such secret. Called with a non-null id on an open store.
   *
   * <p>Where the backend keeps the revision apart from the document (a pointer to the current
   * version with an etag, say), the pointer is read first and then the document it names, in two
   * calls: read the other way round, a revision could vouch for a newer document than the one
   * read, and a write built on the older one would pass the revision check and undo the newer.
   *
   * @throws SecretDataException if the backend holds the secret in a state SecretKit cannot read as
   *     a document (no current version, a deleted one)
   */
  protected abstract Optional<R> fetchCurrent(SecretId id);

  /** Returns the revision of the document {@code read}, the token a write must name. */
  protected abstract String revision(R read);

  /**
   * Returns the document {@code read} decoded, after checking that its envelope's current entry
   * names that very document, as every document SecretKit makes current does.
   *
   * @throws SecretDataException if the document cannot be decoded, holds no envelope, or its
   *     envelope's current entry names another document: another tool wrote or copied it
   */
  protected abstract Current<R> decode(SecretId id, R read);

  /**
   * Returns the values of the older version {@code entry} names, from the document its ref names,
   * or empty when the backend no longer keeps that document (or the entry names none).
   *
   * @param current the secret's current document, whose values are already wiped
   * @throws SecretDataException if the document there holds another version
   */
  protected abstract Optional<Map<String, SecretValue>> readKept(SecretId id, Current<R> current, VersionEntry entry);

  /**
   * Returns the ref of the document the next write of {@code current}'s secret makes, for its
   * envelope to name it: a fresh AWS VersionId, the next KV version number.
   */
  protected abstract String nextRef(Current<R> current);

  /**
   * The commit point of a write to an existing secret: writes {@code values} and {@code envelope}
   * as its new current document at {@code ref}, only if the secret is still at {@code current}'s
   * revision, and returns the new revision. Nothing that decides values or access is written after
   * it; a failure leaves the secret as it was or as the write makes it.
   *
   * <p>The condition and the change must be one backend call. A backend that cannot write a
   * document conditionally writes it first where nothing reads it as current, then moves a
   * pointer to it conditionally (AWS moves {@code AWSCURRENT} from the version read). A claim made
   * conditionally and followed by an unconditional write of the document is no commit point: a
   * writer that reads after the claim and before the write claims in turn, and both writes land.
   *
   * @param newVersion whether the write makes a new version ({@link #update}) or keeps it
   *     ({@link #updateMetadata})
   * @throws ConflictException ({@code CHANGED}) if another writer came first or the secret is gone
   */
  protected abstract String commit(SecretId id, Current<R> current, String ref, Map<String, SecretValue> values,
      SecretEnvelope envelope, boolean newVersion);

  /**
   * The commit point of a create: writes {@code values} and the envelope
   * {@link SecretEnvelope#first} makes of {@code metadata} and the ref the backend gives the first
   * document, only if the secret does not exist, and returns its revision.
   *
   * @throws ConflictException ({@code EXISTS}) if the secret exists
   */
  protected abstract String commitFirst(SecretId id, SecretMetadata metadata, Map<String, SecretValue> values);

  /**
   * Returns the bytes of the document that holds {@code values} and {@code envelope}; by default,
   * those of the {@link SecretPayload} document, which AWS and GCP stores write.
   */
  protected int documentSize(Map<String, SecretValue> values, SecretEnvelope envelope) {
    return SecretPayload.size(values, envelope);
  }

  /**
   * Adds to the limits the size of the whole document with the current history entry only, which
   * must leave {@link Document#historyReserveBytes()} of {@link Document#maxBytes()} free.
   */
  @Override
  public List<StoreLimits.Problem> problems(SecretMetadata metadata, Map<String, SecretValue> values) {
    List<StoreLimits.Problem> problems = new ArrayList<>(limits().problems(metadata, values));
    if (problems.isEmpty()) {
      int size = documentSize(values, SecretEnvelope.first(metadata, document.sampleRef()));
      int allowed = document.maxBytes() - document.historyReserveBytes();
      if (size > allowed) {
        problems.add(StoreLimits.Problem.of(document.limit(), null, values.isEmpty(), "the " + document.name()
            + " of keys, values and metadata would be " + size + " bytes; the store allows at most " + allowed
            + " (" + document.maxBytes() + " less " + document.historyReserveBytes() + " for the version history)"));
      }
    }
    return problems;
  }

  /** Reads the current document, with one backend read. */
  @Override
  public final Optional<StoredSecret> read(SecretId id) {
    return current(id).map(current -> current.stored(id));
  }

  /**
   * Reads the current document, and for an older version the document its history entry names:
   * with the current metadata and revision, or empty when the history or the backend no longer
   * keeps the version.
   */
  @Override
  public final Optional<StoredSecret> read(SecretId id, long version) {
    Optional<Current<R>> found = current(id);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Current<R> current = found.get();
    if (version == current.envelope().latest().number()) {
      return Optional.of(current.stored(id));
    }
    current.wipe();
    Optional<VersionEntry> entry = current.envelope().entry(version);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    return readKept(id, current, entry.get()).map(values -> StoredSecret.of(id, current.revision(),
        entry.get().version(), current.envelope().metadata(), values));
  }

  /** Reads the head with one backend read: the truth is in the document. The values are wiped at once. */
  @Override
  public final Optional<SecretHead> head(SecretId id) {
    return current(id).map(current -> {
      SecretHead head = current.stored(id).head();
      current.wipe();
      return head;
    });
  }

  /**
   * Returns the versions the current envelope retains whose documents the backend still keeps
   * ({@link #stillKept}), with one backend read, or more where {@code stillKept} needs them.
   */
  @Override
  public final List<SecretVersion> versions(SecretId id) {
    return current(id).map(current -> {
      current.wipe();
      return stillKept(id, current).stream().map(VersionEntry::version).toList();
    }).orElse(List.of());
  }

  /**
   * Returns the entries of {@code current}'s history whose documents the backend still keeps, the
   * current entry always; by default every entry. A backend whose older documents can be dropped
   * behind SecretKit's back (a retention setting lowered by another tool) answers from what it
   * keeps, so that every version listed can be read.
   *
   * @param current the secret's current document, whose values are already wiped
   */
  protected List<VersionEntry> stillKept(SecretId id, Current<R> current) {
    return current.envelope().history();
  }

  @Override
  public final StoredSecret create(SecretId id, SecretMetadata metadata, Map<String, SecretValue> values) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(metadata, "metadata");
    refuseProblems(id, metadata, values);
    checkOpen();
    String revision = commitFirst(id, metadata, values);
    return StoredSecret.of(id, revision, SecretEnvelope.first(metadata, null).latest(), metadata,
        SecretValues.copy(values));
  }

  /** Reads the current document, then commits the values as the next version. */
  @Override
  public final StoredSecret update(SecretId id, String expectedRevision, SecretMetadata metadata,
      Map<String, SecretValue> values) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(expectedRevision, "expectedRevision");
    Objects.requireNonNull(metadata, "metadata");
    refuseProblems(id, metadata, values);
    Current<R> current = expect(id, expectedRevision);
    current.wipe();
    String ref = nextRef(current);
    SecretEnvelope written = fit(values, current.envelope().afterValues(metadata, ref,
        capabilities().versionsRetained()));
    String revision = commit(id, current, ref, values, written, true);
    return StoredSecret.of(id, revision, written.latest(), metadata, SecretValues.copy(values));
  }

  /**
   * Reads the current document, then commits its values again with {@code metadata}: the store keeps
   * no plaintext between calls, so the values must be read to be written.
   */
  @Override
  public final SecretHead updateMetadata(SecretId id, String expectedRevision, SecretMetadata metadata) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(expectedRevision, "expectedRevision");
    Objects.requireNonNull(metadata, "metadata");
    limits().checkMetadata(id, description(), metadata);
    Current<R> current = expect(id, expectedRevision);
    try {
      Map<String, SecretValue> values = current.values();
      refuseProblems(id, metadata, values);
      String ref = nextRef(current);
      SecretEnvelope written = fit(values, current.envelope().afterMetadata(metadata, ref));
      String revision = commit(id, current, ref, values, written, false);
      return SecretHead.of(id, revision, written.latest(), metadata, List.copyOf(values.keySet()));
    } finally {
      current.wipe();
    }
  }

  private Optional<Current<R>> current(SecretId id) {
    Objects.requireNonNull(id, "id");
    checkOpen();
    return fetchCurrent(id).map(read -> decode(id, read));
  }

  /**
   * Returns the current document, decoded, if its revision is {@code expectedRevision}.
   *
   * @throws ConflictException ({@code CHANGED}) if the secret is gone or at another revision
   */
  private Current<R> expect(SecretId id, String expectedRevision) {
    Objects.requireNonNull(id, "id");
    checkOpen();
    R read = fetchCurrent(id).filter(found -> revision(found).equals(expectedRevision))
        .orElseThrow(() -> ConflictException.changed(id, description()));
    return decode(id, read);
  }

  /**
   * Returns {@code envelope}, without its oldest history entries if the whole document would
   * otherwise be larger than the backend allows; {@link #problems} has made sure the current entry fits.
   */
  private SecretEnvelope fit(Map<String, SecretValue> values, SecretEnvelope envelope) {
    SecretEnvelope fitted = envelope;
    while (fitted.history().size() > 1 && documentSize(values, fitted) > document.maxBytes()) {
      List<VersionEntry> history = fitted.history();
      fitted = fitted.with(fitted.metadata(), history.subList(1, history.size()));
    }
    return fitted;
  }
}
