package dev.secretkit.spi;

import dev.secretkit.ConflictException;
import dev.secretkit.SecretDataException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretSummary;
import dev.secretkit.SecretValue;
import dev.secretkit.SecretVersion;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.manifest.InvalidManifestException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A session with one secret store: read, list, write with an expected revision, and delete
 * secrets, each of which holds all its keys, its metadata and its versions.
 *
 * <p>The contract every implementation keeps (SPI 2), and {@code secret-testkit}'s contract kit
 * checks:
 * <ul>
 *   <li>Implementations are thread-safe.
 *   <li><b>Every change is one atomic write.</b> Values and metadata (owner, grants, dependents,
 *       tags, version history) are stored together and change together, under one
 *       compare-and-set that the backend itself enforces. Nothing that decides access is written
 *       after that commit point. A call that returns normally has stored what it says; a call that
 *       throws leaves the secret as it was or as it would be after success, never a third state,
 *       and the next write converges from either.
 *   <li>Versions count value changes only: they are numbered from 1 and grow by one with each
 *       {@link #create} or {@link #update}; {@link #updateMetadata} keeps the version. A new
 *       version's time and author are the metadata's {@code updatedAt} and {@code updatedBy}.
 *   <li>Writes are optimistic: {@code update}, {@code updateMetadata} and {@code delete} name the
 *       revision the caller read and fail with {@link ConflictException} ({@code CHANGED}) if the
 *       secret's revision differs or the secret is gone; nothing is written then. {@code create}
 *       fails with {@code EXISTS} when the secret exists. A store without
 *       {@link Capability#CONDITIONAL_DELETE} checks the revision just before it deletes, and
 *       documents the window between the two.
 *   <li>The revision changes on every write, values or metadata, and is never reused, not even
 *       after a delete and re-create; {@link #probe}, {@link #head}, {@link #read} and
 *       {@link #readAll} agree on it.
 *   <li>Values come back byte for byte as written: text, binary and empty values alike. Every
 *       read and write returns fresh {@link SecretValue}s that the caller owns and may destroy;
 *       a store never keeps or shares the instances it was given or returned.
 *   <li>Metadata comes back exactly as written (times to the second at least).
 *   <li>Opening the store and reading it never create or change anything: a store that does not
 *       exist yet reads as empty (see {@link #absence}), and its first write creates it.
 *   <li>{@link #list} orders by name in {@link String#compareTo} order. A page of {@link #list} or
 *       {@link #listIds} may hold fewer items than asked, even none, only when a next-page token
 *       follows it.
 *   <li>A write that {@link #problems} refuses throws {@link InvalidManifestException} (see
 *       {@link StoreLimits#refusal}) and writes nothing.
 *   <li>{@code delete} removes every version at once; the secret cannot be read back.
 *   <li>Transient failures throw {@link StoreUnavailableException}, and only they do; a refusal of
 *       the store's own credentials throws {@link dev.secretkit.AccessDeniedException}; a record
 *       that cannot be decoded (corrupt, foreign, of an unknown format) throws
 *       {@link SecretDataException}, and {@code delete} still removes it. No message holds a
 *       value, and no message quotes a backend's own text (keep it as the cause).
 *   <li>After {@link #close()}, which is idempotent, every method that reads or writes secrets
 *       throws {@link IllegalStateException}; {@link #description()}, {@link #limits()} and
 *       {@link #capabilities()} still answer.
 * </ul>
 */
public interface SecretStore extends AutoCloseable {

  /** Returns the store's URI for messages, with credentials replaced by {@code ***}. */
  String description();

  /** Returns the largest secret this store accepts. */
  StoreLimits limits();

  /** Returns what this store can do. */
  StoreCapabilities capabilities();

  /**
   * Returns every way a secret with {@code metadata} and {@code values} would be refused by this
   * store; empty when it would be accepted. Stores whose backend refuses more than
   * {@link #limits()} says (a document size, say) override this, so that the client can check
   * every manifest of an apply before its first write.
   */
  default List<StoreLimits.Problem> problems(SecretMetadata metadata, Map<String, SecretValue> values) {
    return limits().problems(metadata, values);
  }

  /** Returns the latest version of {@code id}, or empty when there is no such secret. */
  Optional<StoredSecret> read(SecretId id);

  /**
   * Returns version {@code version} of {@code id}, with the secret's current metadata and
   * revision, or empty when there is no such secret or version.
   */
  Optional<StoredSecret> read(SecretId id, long version);

  /**
   * Returns the latest version of each of {@code ids} that exists; stores with
   * {@link Capability#BULK_READ} override this to save calls.
   */
  default Map<SecretId, StoredSecret> readAll(Collection<SecretId> ids) {
    Map<SecretId, StoredSecret> found = new LinkedHashMap<>();
    for (SecretId id : ids) {
      read(id).ifPresent(secret -> found.put(id, secret));
    }
    return found;
  }

  /**
   * Returns the revision, latest version, metadata and key names of {@code id}, without values,
   * or empty when there is no such secret: the cheapest read that is still the truth, on which
   * deletes, grants, revokes and dependents decide.
   */
  Optional<SecretHead> head(SecretId id);

  /**
   * Returns, while this store does not exist yet, one sentence saying where it would be and what
   * its first write will create (for a message such as "no store here; the first apply creates
   * it"); empty once it exists, and always empty for stores that exist as soon as they can be
   * opened. Reads of a store that does not exist find nothing and create nothing.
   */
  default Optional<String> absence() {
    return Optional.empty();
  }

  /**
   * Returns the current revision of {@code id}, or empty when there is no such secret: it changes
   * on every write, values or metadata, so a cache can tell whether what it holds is still
   * current. Stores with {@link Capability#CHEAP_PROBE} answer it more cheaply than {@link #head}.
   */
  default Optional<String> probe(SecretId id) {
    return head(id).map(SecretHead::revision);
  }

  /**
   * Returns one page of the secrets in {@code scope}, ordered by name.
   *
   * @param scope the scope to list
   * @param pageToken null for the first page, else a token from the previous page
   * @param pageSize the most items to return, at least 1; a store may return fewer
   * @throws IllegalArgumentException if the token did not come from this store
   */
  Page<SecretSummary> list(String scope, String pageToken, int pageSize);

  /**
   * Returns one page of the ids of every secret in the store, in every scope: the cheapest
   * listing, which reads names only, never metadata or values, so that a caller can find which
   * scopes hold secrets and which names are taken (for {@code -A}, and for the "did you mean" of
   * a lookup that found nothing). A secret whose record cannot be read is listed too, since its
   * name is taken: {@link #read} throws {@link SecretDataException} for it, where {@link #list}
   * may leave out a record it cannot summarise. Pages together hold each id once when nothing
   * is written meanwhile, in an order of the store's choosing; a store documents how many backend
   * calls a page costs.
   *
   * @param pageToken null for the first page, else a token from the previous page
   * @param pageSize the most items to return, at least 1; a store may return fewer
   * @throws IllegalArgumentException if the token did not come from this store
   */
  Page<SecretId> listIds(String pageToken, int pageSize);

  /** Returns every version of {@code id} that the store keeps, oldest first, or an empty list when there is no such secret. */
  List<SecretVersion> versions(SecretId id);

  /**
   * Creates {@code id} with version 1 of {@code values}.
   *
   * @return the secret as stored, with its first revision
   * @throws ConflictException ({@code EXISTS}) if the secret exists
   */
  StoredSecret create(SecretId id, SecretMetadata metadata, Map<String, SecretValue> values);

  /**
   * Writes {@code values} as the next version of {@code id}, with {@code metadata}, if its
   * revision is still {@code expectedRevision}.
   *
   * @return the secret as stored, with its new revision
   * @throws ConflictException ({@code CHANGED}) if the revision differs or the secret is gone
   */
  StoredSecret update(SecretId id, String expectedRevision, SecretMetadata metadata, Map<String, SecretValue> values);

  /**
   * Replaces the metadata of {@code id}, keeping its version and values, if its revision is still
   * {@code expectedRevision}.
   *
   * @return the secret's head as stored, with its new revision
   * @throws ConflictException ({@code CHANGED}) if the revision differs or the secret is gone
   */
  SecretHead updateMetadata(SecretId id, String expectedRevision, SecretMetadata metadata);

  /**
   * Deletes {@code id} and every version of it, if its revision is still {@code expectedRevision};
   * with a null {@code expectedRevision}, whatever is there, without reading it: the forced delete
   * of a record that cannot be read ({@link SecretDataException}).
   *
   * @throws ConflictException ({@code CHANGED}) if the revision differs or the secret is gone
   */
  void delete(SecretId id, String expectedRevision);

  /** Releases the store's resources; idempotent. */
  @Override
  void close();
}
