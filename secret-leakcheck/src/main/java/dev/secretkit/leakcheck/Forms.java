package dev.secretkit.leakcheck;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The forms a value takes when it is written as is, Base64-encoded (standard and URL-safe, with and without padding),
 * hex-encoded (lower and upper case), URL-encoded or JSON-escaped, each computed from its UTF-8 bytes.
 *
 * <p>Base64 depends on where the value starts in what is encoded: inside a longer encoded value it starts at a byte
 * offset of 0, 1 or 2 modulo 3, and only the characters made of its bits alone are the same whatever surrounds it.
 * For each of the three alignments the forms hold those characters, so a value found inside a longer Base64 string
 * is found too.
 */
final class Forms {
  private static final HexFormat LOWER_HEX = HexFormat.of();
  private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();

  private Forms() {
  }

  /** Returns every distinct form of {@code value}, as is first; a form equal to an earlier one is left out. */
  static List<Form> of(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    Map<String, String> forms = new LinkedHashMap<>();
    forms.putIfAbsent(value, "as is");
    Base64.Encoder standard = Base64.getEncoder();
    Base64.Encoder urlSafe = Base64.getUrlEncoder();
    forms.putIfAbsent(standard.encodeToString(bytes), "Base64");
    forms.putIfAbsent(urlSafe.encodeToString(bytes), "Base64 (URL-safe)");
    forms.putIfAbsent(standard.withoutPadding().encodeToString(bytes), "Base64 (without padding)");
    forms.putIfAbsent(urlSafe.withoutPadding().encodeToString(bytes), "Base64 (URL-safe, without padding)");
    for (int offset = 0; offset < 3; offset++) {
      String inner = innerBase64(bytes, offset);
      forms.putIfAbsent(inner, "Base64 (inside a longer value)");
      forms.putIfAbsent(inner.replace('+', '-').replace('/', '_'), "Base64 (URL-safe, inside a longer value)");
    }
    forms.putIfAbsent(LOWER_HEX.formatHex(bytes), "hex (lower case)");
    forms.putIfAbsent(UPPER_HEX.formatHex(bytes), "hex (upper case)");
    String formEncoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
    forms.putIfAbsent(formEncoded, "URL-encoded");
    forms.putIfAbsent(formEncoded.replace("+", "%20"), "URL-encoded");
    forms.putIfAbsent(json(value, false, "\\u%04x"), "JSON-escaped");
    forms.putIfAbsent(json(value, false, "\\u%04X"), "JSON-escaped");
    forms.putIfAbsent(json(value, true, "\\u%04x"), "JSON-escaped (ASCII only)");
    forms.putIfAbsent(json(value, true, "\\u%04X"), "JSON-escaped (ASCII only)");
    List<Form> result = new ArrayList<>();
    forms.forEach((text, encoding) -> {
      if (!text.isEmpty()) {
        result.add(new Form(encoding, text));
      }
    });
    return result;
  }

  /**
   * Returns the Base64 characters made of {@code bytes}' bits alone when they start {@code offset} bytes (0 to 2) into
   * a longer encoded value.
   */
  static String innerBase64(byte[] bytes, int offset) {
    byte[] padded = new byte[offset + bytes.length + 3];
    System.arraycopy(bytes, 0, padded, offset, bytes.length);
    String encoded = Base64.getEncoder().withoutPadding().encodeToString(padded);
    int firstBit = 8 * offset;
    int endBit = 8 * (offset + bytes.length);
    return encoded.substring((firstBit + 5) / 6, endBit / 6);
  }

  /**
   * Returns {@code value} JSON-escaped, each character that needs a numeric escape written with the
   * format {@code unicodeEscape}, in lower- or upper-case hex, as encoders differ.
   */
  private static String json(String value, boolean asciiOnly, String unicodeEscape) {
    StringBuilder escaped = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> escaped.append("\\\"");
        case '\\' -> escaped.append("\\\\");
        case '\n' -> escaped.append("\\n");
        case '\r' -> escaped.append("\\r");
        case '\t' -> escaped.append("\\t");
        case '\b' -> escaped.append("\\b");
        case '\f' -> escaped.append("\\f");
        default -> {
          if (c < 0x20 || (asciiOnly && c > 0x7e)) {
            escaped.append(String.format(unicodeEscape, (int) c));
          } else {
            escaped.append(c);
          }
        }
      }
    }
    return escaped.toString();
  }
}
