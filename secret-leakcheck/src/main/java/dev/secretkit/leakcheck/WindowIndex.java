package dev.secretkit.leakcheck;

import java.util.ArrayList;
import java.util.List;

/**
 * Every window of a given width of some strings, found in a text in one pass with a rolling hash: the cost of a scan
 * grows with the text, not with the number of windows.
 */
final class WindowIndex {
  private static final long BASE = 1_000_003L;

  private final int width;
  private final long baseToWidthMinusOne;

  private final List<String> windows = new ArrayList<>();
  private final List<Object> owners = new ArrayList<>();
  private long[] hashes = new long[16];
  private int[] slots = filled(16);
  private int size;

  WindowIndex(int width) {
    this.width = width;
    this.baseToWidthMinusOne = power(BASE, width - 1);
  }

  /** A window found: where in the text it starts, and the owner it was added with. */
  record Hit(int start, Object owner) {
  }

  /**
   * Adds every window of {@code text} (none when it is shorter than a window), owned by {@code owner}; a window added
   * before keeps its first owner.
   */
  void addWindowsOf(String text, Object owner) {
    for (int start = 0; start + width <= text.length(); start++) {
      String window = text.substring(start, start + width);
      long hash = hash(window, 0);
      if (find(window, hash, 0) < 0) {
        insert(hash, windows.size());
        windows.add(window);
        owners.add(owner);
      }
    }
  }

  boolean isEmpty() {
    return windows.isEmpty();
  }

  /** Returns each place in {@code text} where a window starts, in order. */
  List<Hit> hitsIn(CharSequence text) {
    List<Hit> hits = new ArrayList<>();
    if (windows.isEmpty() || text.length() < width) {
      return hits;
    }
    long hash = hash(text, 0);
    for (int start = 0; ; start++) {
      int index = find(text, hash, start);
      if (index >= 0) {
        hits.add(new Hit(start, owners.get(index)));
      }
      if (start + width >= text.length()) {
        return hits;
      }
      hash = (hash - text.charAt(start) * baseToWidthMinusOne) * BASE + text.charAt(start + width);
    }
  }

  private int find(CharSequence text, long hash, int start) {
    int mask = hashes.length - 1;
    for (int slot = spread(hash) & mask; slots[slot] >= 0; slot = (slot + 1) & mask) {
      if (hashes[slot] == hash && same(windows.get(slots[slot]), text, start)) {
        return slots[slot];
      }
    }
    return -1;
  }

  private void insert(long hash, int index) {
    if (2 * (size + 1) > hashes.length) {
      long[] oldHashes = hashes;
      int[] oldSlots = slots;
      hashes = new long[oldHashes.length * 2];
      slots = filled(oldHashes.length * 2);
      size = 0;
      for (int i = 0; i < oldHashes.length; i++) {
        if (oldSlots[i] >= 0) {
          insert(oldHashes[i], oldSlots[i]);
        }
      }
    }
    int mask = hashes.length - 1;
    int slot = spread(hash) & mask;
    while (slots[slot] >= 0) {
      slot = (slot + 1) & mask;
    }
    hashes[slot] = hash;
    slots[slot] = index;
    size++;
  }

  private boolean same(String window, CharSequence text, int start) {
    for (int i = 0; i < width; i++) {
      if (window.charAt(i) != text.charAt(start + i)) {
        return false;
      }
    }
    return true;
  }

  private long hash(CharSequence text, int start) {
    long hash = 0;
    for (int i = 0; i < width; i++) {
      hash = hash * BASE + text.charAt(start + i);
    }
    return hash;
  }

  private static int spread(long hash) {
    long mixed = hash * 0x9E3779B97F4A7C15L;
    return (int) (mixed >>> 32);
  }

  private static long power(long base, int exponent) {
    long result = 1;
    for (int i = 0; i < exponent; i++) {
      result *= base;
    }
    return result;
  }

  private static int[] filled(int length) {
    int[] array = new int[length];
    java.util.Arrays.fill(array, -1);
    return array;
  }
}
