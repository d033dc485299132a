package dev.secretkit.store.file;

/**
 * The steps of a write to the file store, in order; tests stop a writer at each to check that a
 * crash there leaves the last committed state or the next one.
 */
enum CommitStep {
  /** The store lock is held and the revision checked; nothing is written yet. */
  LOCKED,
  /** The new record is written to a temp file, not yet forced to disk. */
  TEMP_WRITTEN,
  /** The temp file is forced to disk. */
  TEMP_SYNCED,
  /** The record is renamed over the old one, or removed for a delete: the commit point. */
  RECORD_REPLACED,
  /** The directory is forced to disk, so the rename or removal survives a power loss. */
  DIRECTORY_SYNCED
}
