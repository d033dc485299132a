package dev.secretkit.projection.template;

import java.util.List;

/**
 * Go's rules for the values a go-template computes with: their type names, their truth, and how
 * they compare. A value is a {@link String}, a {@link Long} (Go's {@code int}), a {@link Double}
 * ({@code float64}), a {@link Boolean}, {@code null} ({@code nil}), a {@link GoMap} or a
 * {@link List} of strings.
 */
final class GoValues {
  private static final int OTHER = 0;
  private static final int BOOL = 1;
  private static final int INT = 2;
  private static final int FLOAT = 3;
  private static final int STRING = 4;

  private GoValues() {}

  /** Returns the name messages use for the type of {@code value}; never the value itself. */
  static String typeName(Object value) {
    if (value instanceof String) {
      return "string";
    } else if (value instanceof Long) {
      return "int";
    } else if (value instanceof Double) {
      return "float64";
    } else if (value instanceof Boolean) {
      return "bool";
    } else if (value instanceof GoMap) {
      return "map";
    } else if (value instanceof List) {
      return "list";
    }
    return "nil";
  }

  /** Returns Go's truth of {@code value}: false for nil, false, 0, and an empty string, map or list. */
  static boolean truth(Object value) {
    if (value instanceof String text) {
      return !text.isEmpty();
    } else if (value instanceof Long number) {
      return number != 0;
    } else if (value instanceof Double number) {
      return number != 0;
    } else if (value instanceof Boolean bool) {
      return bool;
    } else if (value instanceof GoMap map) {
      return !map.keys().isEmpty();
    } else if (value instanceof List<?> list) {
      return !list.isEmpty();
    }
    return false;
  }

  /** Returns whether the first value equals any of the others, as Go's {@code eq} does. */
  static boolean equalsAny(List<Object> values) {
    for (Object other : values.subList(1, values.size())) {
      if (equal(values.get(0), other)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns whether {@code a} equals {@code b}: values of one basic type compare by value, nil
   * equals only nil, and anything else fails.
   */
  static boolean equal(Object a, Object b) {
    int kind = kind(a);
    if (kind != kind(b)) {
      if (a != null && b != null) {
        throw incompatible(a, b);
      }
      return false;
    }
    if (kind == FLOAT) {
      return ((Double) a).doubleValue() == ((Double) b).doubleValue();
    } else if (kind != OTHER) {
      return a.equals(b);
    } else if (a == null || b == null) {
      return a == b;
    }
    throw new GoFailure("can't compare values of type " + typeName(a) + " and " + typeName(b),
        "eq and ne compare strings, numbers, booleans and nil; maps and lists are not comparable");
  }

  /** Returns whether {@code a} is less than {@code b}: both ints, both floats, or both strings. */
  static boolean less(Object a, Object b) {
    int kind = kind(a);
    if (kind == OTHER || kind(b) == OTHER) {
      throw invalidForOrder(kind == OTHER ? a : b);
    }
    if (kind != kind(b)) {
      throw incompatible(a, b);
    }
    if (kind == BOOL) {
      throw invalidForOrder(a);
    } else if (kind == INT) {
      return (Long) a < (Long) b;
    } else if (kind == FLOAT) {
      return (Double) a < (Double) b;
    }
    return compareCodePoints((String) a, (String) b) < 0;
  }

  /** Compares in code point order, which is Go's byte order of UTF-8. */
  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  private static GoFailure invalidForOrder(Object value) {
    return new GoFailure("invalid type for comparison: " + typeName(value),
        "lt, le, gt and ge compare two ints, two floats or two strings");
  }

  private static GoFailure incompatible(Object a, Object b) {
    return new GoFailure("incompatible types for comparison: " + typeName(a) + " and " + typeName(b),
        "compare values of one type: a secret value is a string, so compare it with a string such as \"5\","
            + " not with the number 5");
  }

  private static int kind(Object value) {
    if (value instanceof Boolean) {
      return BOOL;
    } else if (value instanceof Long) {
      return INT;
    } else if (value instanceof Double) {
      return FLOAT;
    } else if (value instanceof String) {
      return STRING;
    }
    return OTHER;
  }
}
