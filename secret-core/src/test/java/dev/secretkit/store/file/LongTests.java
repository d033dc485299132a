package dev.secretkit.store.file;

/**
 * How hard the file store's lock and crash tests push. A normal run uses counts that still hand
 * the lock over hundreds of times and kill a writer several times; {@code -Dsecretkit.longTests=true}
 * (on the {@code mvn} command line) restores the heavy counts, for a change to the lock, the commit
 * sequence or the record format.
 */
final class LongTests {
  /** The system property that switches the long mode on. */
  static final String PROPERTY = "secretkit.longTests";

  private LongTests() {
  }

  /** Returns {@code heavy} in the long mode, else {@code normal}. */
  static int count(int normal, int heavy) {
    return Boolean.getBoolean(PROPERTY) ? heavy : normal;
  }
}
