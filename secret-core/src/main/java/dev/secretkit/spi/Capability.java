package dev.secretkit.spi;

/**
 * One thing a store can do beyond the {@link SecretStore} contract's minimum; a client tests for
 * it with {@link StoreCapabilities#has}.
 */
public enum Capability {
  /** Secrets outlive the store's process. */
  PERSISTENT,
  /** Each version records who wrote it; without this, {@link dev.secretkit.SecretVersion#createdBy()} may be null. */
  VERSION_AUTHORS,
  /**
   * Values and metadata (owner, grants, dependents) change together in one compare-and-set the
   * backend enforces: a grant or revoke is never half-written. Every store of SPI 2 has it.
   */
  ATOMIC_METADATA,
  /**
   * {@link SecretStore#delete} is a compare-and-set on the revision; without it, the store checks
   * the revision just before deleting and documents the window between the two.
   */
  CONDITIONAL_DELETE,
  /** {@link SecretStore#readAll} reads many secrets in fewer calls than one per secret. */
  BULK_READ,
  /**
   * {@link SecretStore#probe} costs less than a read of the values: no decryption, and no
   * "value accessed" audit event.
   */
  CHEAP_PROBE
}
