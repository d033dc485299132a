package dev.secretkit.projection;

import java.util.Locale;
import java.util.Map;

/**
 * Writes keys and values in the {@code .properties} format, as {@link java.util.Properties#store}
 * escapes them (every character outside printable ASCII as {@code \\uXXXX}), so that both
 * {@code load(Reader)} and {@code load(InputStream)}, which reads ISO-8859-1, read them back exactly.
 */
public final class PropertiesText {
  private PropertiesText() {}

  /** Returns {@code values}, in their order, one {@code key=value} line each, without the date line {@code store} writes. */
  public static String of(Map<String, String> values) {
    StringBuilder text = new StringBuilder();
    values.forEach((key, value) -> {
      text.append(escape(key, true)).append('=').append(escape(value, false)).append('\n');
    });
    return text.toString();
  }

  /**
   * Returns {@code text} escaped as a {@code .properties} key ({@code isKey}) or value: {@code \\},
   * line breaks, tabs, {@code = : # !}, spaces where they would be lost, and every character outside
   * printable ASCII as {@code \\uXXXX}.
   */
  public static String escape(String text, boolean isKey) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\f' -> out.append("\\f");
        case '=', ':', '#', '!' -> out.append('\\').append(c);
        case ' ' -> out.append(isKey || i == 0 ? "\\ " : " ");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
