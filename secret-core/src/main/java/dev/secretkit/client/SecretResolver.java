package dev.secretkit.client;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.InvalidReferenceException;
import dev.secretkit.SecretNotFoundException;
import dev.secretkit.SecretRef;
import dev.secretkit.SecretValue;
import java.util.Collection;
import java.util.Map;

/**
 * What a running application needs of SecretKit: the values its references name, as fast as its
 * {@link CachePolicy} allows. {@link SecretClient} is one; declare fields and parameters as a
 * {@code SecretResolver} where nothing else is needed.
 *
 * <p>Every value returned is a fresh copy that the caller owns and may destroy. Access is checked
 * on every call, cached or not: the principal must own the secret or hold {@code can-use}.
 * Implementations are thread-safe.
 */
public interface SecretResolver {

  /**
   * Returns the value {@code ref} names; the reference must name a key.
   *
   * @throws InvalidReferenceException if the reference names no key
   * @throws SecretNotFoundException if the secret, version or key does not exist; a missing key's
   *     message lists the keys there are, and the one probably meant
   * @throws AccessDeniedException if the principal may not use the secret
   * @throws dev.secretkit.StoreUnavailableException if the store cannot be reached and no stale value may be served
   */
  SecretValue resolve(SecretRef ref);

  /**
   * Parses {@code ref} and returns the value it names.
   *
   * @throws InvalidReferenceException if {@code ref} breaks the {@link SecretRef} grammar or names no key
   * @see #resolve(SecretRef)
   */
  SecretValue resolve(String ref);

  /**
   * Returns the value of each of {@code refs}, in their order, each reference once: every secret
   * they name is read at most once, in bulk where the store reads in bulk (AWS
   * {@code BatchGetSecretValue}, 20 secrets a call), otherwise up to 16 at a time. Either every
   * value comes back or none does: the first failure, in the order of {@code refs}, is thrown,
   * after every read was made, and the values already copied are destroyed.
   *
   * @throws InvalidReferenceException if a reference names no key; nothing is read then
   * @throws SecretNotFoundException if a secret, version or key does not exist
   * @throws AccessDeniedException if the principal may not use one of the secrets
   */
  Map<SecretRef, SecretValue> resolveAll(Collection<SecretRef> refs);

  /**
   * Returns every key of the secret each of {@code refs} names, each secret at one version, so
   * that values used together belong together: references to one secret version ({@code pg} and
   * {@code public:pg}) are served from one read, or one cached entry, and every key comes from it.
   * Each secret is read at most once (unless another caller drops it from the cache meanwhile), in
   * bulk where the store reads in bulk, otherwise up to 16 at a time; a call for more secrets than
   * the cache holds reads them all without evicting anything. Either every snapshot comes back or
   * none does: the first failure, in the order of {@code refs}, is thrown after every read was made,
   * and the snapshots already copied are destroyed. A reference may pin a version.
   *
   * @return a snapshot for each distinct reference, in the order of {@code refs}; the caller destroys them
   * @throws InvalidReferenceException if a reference names a key; nothing is read then
   * @throws SecretNotFoundException if a secret or version does not exist
   * @throws AccessDeniedException if the principal may not use one of the secrets
   */
  Map<SecretRef, SecretSnapshot> resolveSecrets(Collection<SecretRef> refs);

  /**
   * Returns the value {@code ref} names with the version it came from and whether it was served
   * stale; it fails as {@link #resolve(SecretRef)} does. Without a cache it is never stale.
   */
  Resolution lookup(SecretRef ref);

  /**
   * Tells {@code listener} whenever the values {@code ref} names change: the key it names, or any
   * key of a reference without one. The secret is looked at once per time-to-live of the client's
   * {@link CachePolicy} (one minute without one), through the cache, so an unchanged secret costs
   * one probe a look; a metadata change or a time-to-live alone never calls the listener. Events
   * name keys and versions, never values. Watches end when the returned handle or the client is closed.
   *
   * @throws IllegalArgumentException if {@code ref} pins a version, which never changes
   * @throws SecretNotFoundException if the secret does not exist now
   * @throws AccessDeniedException if the principal may not use it
   */
  SecretWatch watch(SecretRef ref, SecretListener listener);

  /**
   * Checks the secret {@code ref} names with the store now, whatever is left of its time-to-live,
   * and returns its value as {@link #lookup} does: one probe when it is cached (a read too when it
   * changed), a read when it is not. While the store fails transiently, the cached value comes back
   * stale, as after an expiry. Without a cache it is {@link #lookup}.
   */
  Resolution refresh(SecretRef ref);

  /**
   * Forgets what is cached of the secret {@code ref} names, every version of it, and any failure
   * remembered for it, so that the next resolve reads the store: call it when a credential was
   * refused, so that a rotated one is picked up. Nothing happens without a cache.
   */
  void invalidate(SecretRef ref);
}
