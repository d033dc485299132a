package dev.secretkit.backend.aws;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code SecretString}s of the last few heads read, each kept, as bytes wiped when dropped,
 * until the next metadata write of the same secret takes it: so a grant or revoke, which reads
 * the head and then writes the same values with new metadata, reads the values once. An AWS
 * version's content never changes, so an entry keyed by its VersionId cannot be stale; a write
 * from a revision that is no longer current fails at the stage move. Thread-safe.
 */
final class HeadCache {
  private static final int MAX_ENTRIES = 16;

  private final Map<String, Entry> entries = new LinkedHashMap<>(MAX_ENTRIES, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
      if (size() > MAX_ENTRIES) {
        eldest.getValue().wipe();
        return true;
      }
      return false;
    }
  };

  private record Entry(String versionId, byte[] secretString) {
    void wipe() {
      Arrays.fill(secretString, (byte) 0);
    }
  }

  /** Keeps {@code secretString}, the content of AWS version {@code versionId} of secret {@code name}. */
  synchronized void put(String name, String versionId, String secretString) {
    Entry old = entries.put(name, new Entry(versionId, secretString.getBytes(StandardCharsets.UTF_8)));
    if (old != null) {
      old.wipe();
    }
  }

  /**
   * Drops what is kept for {@code name} and returns it if it is the content of {@code versionId};
   * returns null otherwise.
   */
  synchronized String take(String name, String versionId) {
    Entry entry = entries.remove(name);
    if (entry == null) {
      return null;
    }
    String found = entry.versionId().equals(versionId) ? new String(entry.secretString(), StandardCharsets.UTF_8)
        : null;
    entry.wipe();
    return found;
  }

  /** Drops and wipes everything kept. */
  synchronized void clear() {
    entries.values().forEach(Entry::wipe);
    entries.clear();
  }
}
