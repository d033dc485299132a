package dev.secretkit.projection;

import java.util.AbstractCollection;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
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
        return new AbstractSet<>() {
          @Override
          public Iterator<Entry<String, String>> iterator() {
            Iterator<Entry<String, String>> entries = view.entrySet().iterator();
            return new Iterator<>() {
              @Override
              public boolean hasNext() {
                return entries.hasNext();
              }

              @Override
              public Entry<String, String> next() {
                return entry(entries.next());
              }
            };
          }

          @Override
          public int size() {
            return view.size();
          }

          @Override
          public String toString() {
            return names(view.keySet());
          }
        };
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
      public Collection<String> values() {
        return collection(view.values());
      }

      @Override
      public String toString() {
        return names(view.keySet());
      }
    };
  }

  /** Returns an entry whose {@code toString} shows its key only. */
  static <K, V> Map.Entry<K, V> entry(Map.Entry<K, V> entry) {
    return new AbstractMap.SimpleImmutableEntry<>(entry) {
      private static final long serialVersionUID = 1L;

      @Override
      public String toString() {
        return getKey() + "=(hidden)";
      }
    };
  }

  /** Returns a view of {@code values} whose {@code toString} shows their count only. */
  static <T> Collection<T> collection(Collection<T> values) {
    return new AbstractCollection<>() {
      @Override
      public Iterator<T> iterator() {
        return Collections.unmodifiableCollection(values).iterator();
      }

      @Override
      public int size() {
        return values.size();
      }

      @Override
      public String toString() {
        return "[" + values.size() + " values, hidden]";
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
      public List<String> subList(int from, int to) {
        return list(copy.subList(from, to));
      }

      @Override
      public String toString() {
        return "[" + copy.size() + " arguments, values hidden]";
      }
    };
  }

  private static String names(Set<String> keys) {
    return "{" + String.join(", ", keys) + "} (values hidden)";
  }
}
