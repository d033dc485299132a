package dev.secretkit.client;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.ApplyResult;
import dev.secretkit.ConflictException;
import dev.secretkit.InvalidReferenceException;
import dev.secretkit.Plan;
import dev.secretkit.Secret;
import dev.secretkit.SecretDataException;
import dev.secretkit.SecretException;
import dev.secretkit.SecretFilter;
import dev.secretkit.SecretId;
import dev.secretkit.SecretNotFoundException;
import dev.secretkit.SecretRef;
import dev.secretkit.SecretSummary;
import dev.secretkit.SecretValue;
import dev.secretkit.SecretVersion;
import dev.secretkit.access.Permission;
import dev.secretkit.access.Principal;
import dev.secretkit.manifest.InvalidManifestException;
import dev.secretkit.manifest.SecretManifest;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.Optional;

/**
 * The application's way to SecretKit: apply Secret manifests to a store, read and list secrets,
 * resolve references to values, and manage access and dependents.
 *
 * <p>Every operation acts as {@link #principal()} and is checked against
 * {@linkplain dev.secretkit.access the access rules}. Reading metadata ({@link #describe}, {@link #list},
 * {@link #versions}) needs no permission; reading values needs ownership or {@code can-use}.
 * Every failure is a {@link SecretException} subtype whose message names the secret, the store
 * and the principal, and never a value. Build one with {@link #builder()}; it is thread-safe and
 * should be shared. Closing it closes the store it opened.
 *
 * <p>Methods take a {@link SecretId}; to name one with a string, write
 * {@code SecretId.of("public:pg-r")}, or {@code SecretId.parse("pg-r", client.defaultScope())} for a
 * bare name. Text that breaks the grammar of an id or a reference throws
 * {@link InvalidReferenceException}, wherever it is given.
 *
 * <p>Without a {@link CachePolicy} every resolve reads the store. With one
 * ({@link SecretClientBuilder#cache}), resolves are served from a cache as the policy says, and
 * every write through this client drops what the cache holds of the secret it wrote, so the
 * client reads its own writes.
 */
public interface SecretClient extends SecretResolver, AutoCloseable {

  /** Returns a builder with the defaults described on each of its options. */
  static SecretClientBuilder builder() {
    return new SecretClientBuilder();
  }

  /** Returns the store's URI for messages, with credentials replaced by {@code ***}. */
  String store();

  /** Returns the scope used for ids and references that name none. */
  String defaultScope();

  /** Returns who this client acts as. */
  Principal principal();

  /**
   * Returns, while the store does not exist yet, one sentence saying where it would be and what
   * the first write will create; empty once it exists (see
   * {@link dev.secretkit.spi.SecretStore#absence()}). Reads of a store that does not exist find
   * nothing and create nothing; a lookup of one secret there fails with a
   * {@link SecretNotFoundException} whose {@link SecretNotFoundException#missing()} is
   * {@code STORE}.
   */
  Optional<String> storeAbsence();

  /**
   * Applies one validated manifest: creates the secret, writes a new version when its values
   * changed, updates its metadata in place when only that changed, or does nothing.
   *
   * <p>The secret's scope is {@code instance} for instance secrets, else the manifest's
   * {@code workspace}, else {@link #defaultScope()}. Limits are checked before anything is written.
   * The applier owns a new secret: a manifest's {@code owner:} naming someone else is ignored
   * ({@link #planApply} warns of it), unless the principal holds the {@code tenant-admin} role,
   * whose apply hands the secret to the named owner. The unrestricted local user is not a
   * tenant-admin here, so the {@code owner: iamgroot} of the docs' templates never gives a
   * newcomer's secret away.
   *
   * @throws InvalidManifestException if the manifest breaks the store's limits or names an invalid scope
   * @throws AccessDeniedException if the principal may not create or update it
   * @throws ConflictException if another writer changed the secret since this apply read it
   */
  ApplyResult apply(SecretManifest manifest);

  /**
   * Reads, interpolates and validates every manifest in {@code file}, checks them all against
   * this client's store with {@link #planApply}, then applies them in order. Nothing is applied
   * unless every manifest is valid, fits, and may be applied by this principal.
   *
   * @throws InvalidManifestException if any manifest has errors or breaks the store's limits; it lists them all
   * @throws AccessDeniedException if the principal may not apply one of them (the first such, when limits hold)
   */
  List<ApplyResult> apply(Path file);

  /**
   * Checks, without writing anything, that each manifest can be applied to this client's store:
   * its scope is valid and not reserved, and nothing the store refuses (values, keys, the reserved
   * key, metadata size with the grants and dependents already stored) stands in the way. It reads
   * the secrets the manifests name, in bulk where the store can. Call it before applying several
   * manifests, so that a problem in the last one stops the first.
   *
   * @throws InvalidManifestException listing every problem of every manifest
   */
  void check(List<SecretManifest> manifests);

  /**
   * Returns what applying each manifest, in order, would do, without writing anything: each step
   * holds the change ({@code CREATE}, {@code UPDATE}, {@code UPDATE_METADATA}, {@code UNCHANGED})
   * and the version the secret would have, or the problem that stops it: an
   * {@link InvalidManifestException} (invalid scope, the store's limits), an
   * {@link AccessDeniedException} (missing right), or a {@link SecretDataException} (an unreadable
   * record), and warnings such as an {@code owner:} that will be ignored. A secret named twice is
   * judged the second time on what the first apply would write. It reads the secrets the manifests
   * name, in bulk where the store can.
   */
  Plan planApply(List<SecretManifest> manifests);

  /**
   * Returns what deleting each secret, in order, would do, without writing anything: each step is a
   * {@code DELETE}, or has the problem that stops it: a {@link SecretNotFoundException}, an
   * {@link AccessDeniedException}, a {@link ConflictException} ({@code IN_USE}, when it has
   * dependents and {@code force} is false) or a {@link SecretDataException} (an unreadable record,
   * when {@code force} is false).
   */
  Plan planDelete(List<SecretId> ids, boolean force);

  /**
   * Returns the latest version of {@code id} with its values.
   *
   * @throws SecretNotFoundException if there is no such secret
   * @throws AccessDeniedException if the principal may not use it
   */
  Secret get(SecretId id);

  /**
   * Returns version {@code version} of {@code id} with its values.
   *
   * @throws SecretNotFoundException if there is no such secret or version
   * @throws AccessDeniedException if the principal may not use it
   */
  Secret get(SecretId id, long version);

  /**
   * Returns what a listing shows of {@code id}: metadata and key names, never values.
   *
   * @throws SecretNotFoundException if there is no such secret; {@link #similar} finds what was meant
   */
  SecretSummary describe(SecretId id);

  /**
   * Returns every secret in {@code scope} that passes {@code filter}, ordered by name; a secret
   * whose record cannot be read is left out, and logged as a warning.
   */
  default List<SecretSummary> list(String scope, SecretFilter filter) {
    return list(scope, filter, UnreadableSecrets.LOG);
  }

  /**
   * Returns every secret in {@code scope} that passes {@code filter}, ordered by name, and tells
   * {@code unreadable} of each secret whose record cannot be read (corrupted, rolled back, sealed
   * with another key), which is left out: one bad record does not hide the others.
   */
  List<SecretSummary> list(String scope, SecretFilter filter, Consumer<SecretDataException> unreadable);

  /**
   * Returns every secret in every scope, instance secrets (scope {@code instance}) included, that
   * passes {@code filter}, ordered by scope and then name: {@link #ids()} to find the scopes, then
   * {@link #list} of each; a secret whose record cannot be read is left out, and logged as a warning.
   */
  default List<SecretSummary> listAll(SecretFilter filter) {
    return listAll(filter, UnreadableSecrets.LOG);
  }

  /**
   * Returns what {@link #listAll(SecretFilter)} does, telling {@code unreadable} of each secret
   * whose record cannot be read.
   */
  List<SecretSummary> listAll(SecretFilter filter, Consumer<SecretDataException> unreadable);

  /**
   * Returns the id of every secret in the store, in every scope, ordered by scope and then name.
   * It reads names only, never metadata or values: the cheapest listing (on AWS Secrets Manager
   * one {@code ListSecrets} per 100 secrets), so count the secrets of each scope with it rather
   * than with {@link #listAll}. A secret whose record cannot be read is listed too.
   */
  List<SecretId> ids();

  /**
   * Returns the ids a lookup of {@code id} that found nothing may have meant, for a "did you mean"
   * hint: first {@code id}'s name in other scopes (an instance secret, or another workspace's),
   * then up to three names in {@code id}'s scope close to its name (a typo, or {@code pg-r} for
   * {@code pg}). Empty when there are none, or when {@code id} exists. It costs one walk of
   * {@link #ids()}, which is why a {@link SecretNotFoundException} does not hold these itself:
   * code that treats "not found" as an answer pays nothing for it.
   */
  List<SecretId> similar(SecretId id);

  /**
   * Returns every version of {@code id} the store keeps, oldest first: numbers, times and
   * authors, never values.
   *
   * @throws SecretNotFoundException if there is no such secret
   */
  List<SecretVersion> versions(SecretId id);

  /**
   * Deletes {@code id} and every version of it, permanently.
   *
   * <p>A forced delete also removes a record the store cannot read (see
   * {@link SecretDataException}); since such a record names no owner, only a principal who may
   * delete any secret (the local user, a {@code tenant-admin}) may remove it.
   *
   * @param force delete even when other resources depend on it, or the record cannot be read
   * @throws SecretNotFoundException if there is no such secret
   * @throws AccessDeniedException if the principal may not delete it
   * @throws ConflictException if it has dependents and {@code force} is false, or it changed during the delete
   * @throws SecretDataException if the record cannot be read and {@code force} is false
   */
  void delete(SecretId id, boolean force);

  /**
   * Records that {@code dependent}, written {@code kind:version:name} or
   * {@code kind:version:name:workspace}, depends on {@code id}; a delete then fails unless forced.
   * Registering the same dependent twice records it once.
   *
   * @throws IllegalArgumentException if {@code dependent} is not in that form
   * @throws AccessDeniedException if the principal may not use the secret
   */
  void registerDependent(SecretId id, String dependent);

  /**
   * Removes {@code dependent} from the dependents of {@code id}; nothing happens when it was not one.
   * Since that lets a delete go ahead, it needs the right to update the secret.
   *
   * @throws AccessDeniedException if the principal may not update the secret
   */
  void unregisterDependent(SecretId id, String dependent);

  /**
   * Grants {@code permission} on {@code id} to {@code principal}; granting twice records it once.
   *
   * @throws AccessDeniedException if the acting principal may not manage access to the secret
   */
  void grant(SecretId id, String principal, Permission permission);

  /**
   * Revokes {@code permission} on {@code id} from {@code principal}; nothing happens when it was not held.
   *
   * @throws AccessDeniedException if the acting principal may not manage access to the secret
   */
  void revoke(SecretId id, String principal, Permission permission);

  /** Closes the store this client opened; a store passed in with {@link SecretClientBuilder#store(dev.secretkit.spi.SecretStore)} stays open. */
  @Override
  void close();
}
