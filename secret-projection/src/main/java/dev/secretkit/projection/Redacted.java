package dev.secretkit.projection;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Unmodifiable views of rendered values whose {@code toString} shows names and counts, never a value. */
final class Redacted {
  private Redacted() {}

  static Map<String, String> map(Map<String, String> values) {
    Map<String, String> view = Collections.unmodifiableMap(values);
    return new AbstractMap<>() {
      @Override
      public Set<Entry<String, String>> entrySet() {
        return view.entrySet();
      }

      @Override
      public String get(Object key) {
        return view.get(key);
      }

      @Override
      public boolean containsKey(Object key) {
        return view.containsKey(key);
      }

      @Override
      public String toString() {
        return "{" + String.join(", ", view.keySet()) + "} (values hidden)";
      }
    };
  }

  static List<String> list(List<String> values) {
    List<String> copy = List.copyOf(values);
    return new AbstractList<>() {
      @Override
      public String get(int index) {
        return copy.get(index);
      }

      @Override
      public int size() {
        return copy.size();
      }

      @Override
      public String toString() {
        return "[" + copy.size() + " arguments, values hidden]";
      }
    };
  }
}
