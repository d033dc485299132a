package dev.secretkit.store.file;

/**
 * The steps of a write to the file store, in order; tests stop a writer at each to check that a
 * crash there leaves the last committed state or the next one.
 */
enum CommitStep {
  /** The store lock is held and the revision checked; nothing is written yet. */
  LOCKED,
  /** The versions the new record no longer holds are written to their own files; nothing refers to them yet. */
  VERSIONS_WRITTEN,
  /** The new record is written to a temp file, not yet forced to disk. */
  TEMP_WRITTEN,
  /** The temp file is forced to disk. */
  TEMP_SYNCED,
  /** The record is renamed over the old one, or removed for a delete: the commit point. */
  RECORD_REPLACED,
  /** The directory is forced to disk, so the rename or removal survives a power loss. */
  DIRECTORY_SYNCED,
  /** The rollback index records the write; before this step it lags the record, which it allows. */
  INDEX_WRITTEN
}
