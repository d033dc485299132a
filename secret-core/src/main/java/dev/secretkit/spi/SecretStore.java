package dev.secretkit.spi;

import dev.secretkit.ConflictException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretSummary;
import dev.secretkit.SecretValue;
import dev.secretkit.SecretVersion;
import dev.secretkit.StoreUnavailableException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A session with one secret store: read, list, write with an expected revision, and delete
 * secrets, each of which holds all its keys, its metadata and its versions.
 *
 * <p>The contract every implementation keeps, and {@code secret-testkit}'s contract kit checks:
 * <ul>
 *   <li>Implementations are thread-safe.
 *   <li>Versions are numbered from 1 and grow by one with each {@link #create} or {@link #update};
 *       {@link #updateMetadata} keeps the version. A new version's time and author are the
 *       metadata's {@code updatedAt} and {@code updatedBy}.
 *   <li>Writes are optimistic: {@code update}, {@code updateMetadata} and {@code delete} name the
 *       revision the caller read and fail with {@link ConflictException} ({@code CHANGED}) if the
 *       secret's revision differs or the secret is gone; nothing is written then. {@code create}
 *       fails with {@code EXISTS} when the secret exists.
 *   <li>Values come back byte for byte as written: text, binary and empty values alike. Every
 *       read and write returns fresh {@link SecretValue}s that the caller owns and may destroy;
 *       a store never keeps or shares the instances it was given or returned.
 *   <li>Metadata comes back exactly as written (times to the second at least).
 *   <li>{@link #list} orders by name in {@link String#compareTo} order. A page may hold fewer
 *       items than asked, even none, only when a next-page token follows it.
 *   <li>A write that breaks {@link #limits()} throws {@link IllegalArgumentException} and writes nothing.
 *   <li>{@code delete} removes every version at once; the secret cannot be read back.
 *   <li>Transient failures throw {@link StoreUnavailableException}; a refusal of the store's own
 *       credentials throws {@link dev.secretkit.AccessDeniedException}. No message holds a value.
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

  /** Returns the latest version of {@code id}, or empty when there is no such secret. */
  Optional<StoredSecret> read(SecretId id);

  /**
   * Returns version {@code version} of {@code id}, with the secret's current metadata and
   * revision, or empty when there is no such secret or version.
   */
  Optional<StoredSecret> read(SecretId id, long version);

  /**
   * Returns the latest version of each of {@code ids} that exists; stores with a bulk read
   * override this to save calls.
   */
  default Map<SecretId, StoredSecret> readAll(Collection<SecretId> ids) {
    Map<SecretId, StoredSecret> found = new LinkedHashMap<>();
    for (SecretId id : ids) {
      read(id).ifPresent(secret -> found.put(id, secret));
    }
    return found;
  }

  /**
   * Returns the latest version number and time of {@code id}, or empty when there is no such
   * secret; stores with a cheaper call than a full read override this.
   */
  default Optional<SecretVersion> latestVersion(SecretId id) {
    return summary(id).map(SecretSummary::latest);
  }

  /**
   * Returns the metadata and key names of {@code id}, without values, or empty when there is no
   * such secret; stores that can read metadata without values override this.
   */
  default Optional<SecretSummary> summary(SecretId id) {
    return read(id).map(secret -> {
      secret.values().values().forEach(SecretValue::destroy);
      return secret.summary();
    });
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
   * Replaces the metadata of {@code id}, keeping its version, if its revision is still
   * {@code expectedRevision}.
   *
   * @return the latest version as stored, with its new revision
   * @throws ConflictException ({@code CHANGED}) if the revision differs or the secret is gone
   */
  StoredSecret updateMetadata(SecretId id, String expectedRevision, SecretMetadata metadata);

  /**
   * Deletes {@code id} and every version of it, if its revision is still {@code expectedRevision}.
   *
   * @throws ConflictException ({@code CHANGED}) if the revision differs or the secret is gone
   */
  void delete(SecretId id, String expectedRevision);

  /** Releases the store's resources; idempotent. */
  @Override
  void close();
}
