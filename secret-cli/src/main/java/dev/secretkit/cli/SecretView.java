package dev.secretkit.cli;

import dev.secretkit.SecretValue;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * How {@code secretctl} shows secrets to people: tables, times, and values as text or Base64.
 */
final class SecretView {
  /** Returns a value as text when it is valid UTF-8, else {@code base64:} and its Base64, for a line of text. */
  static String textOrBase64(SecretValue value) {
    String text = utf8(value);
    return text != null ? text : "base64:" + Base64.getEncoder().encodeToString(value.bytes());
  }

  /** Returns a value decoded as UTF-8, or null when it is not valid UTF-8. */
  static String utf8(SecretValue value) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value.bytes())).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Returns an instant as ISO-8601 text, to the second. */
  static String text(Instant instant) {
    return instant == null ? null : instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  /** Prints rows under headers, columns separated by {@code |} as {@code dataos-ctl} prints them. */
  static void table(List<String> headers, List<List<String>> cells, java.io.PrintWriter out) {
    List<List<String>> rows = cells.stream()
        .map(row -> row.stream().map(cell -> OutputFormat.printable(cell == null ? "" : cell)).toList()).toList();
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    out.println(line(headers, widths));
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      rule.append(i == 0 ? "" : "|").append("-".repeat(widths[i] + 2));
    }
    out.println(rule);
    rows.forEach(row -> out.println(line(row, widths)));
  }

  private static String line(List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      String cell = cells.get(i);
      line.append(i == 0 ? " " : "| ").append(cell).append(" ".repeat(Math.max(0, widths[i] - cell.length() + 1)));
    }
    return line.toString().stripTrailing();
  }

  /** Returns the map as {@code k=v, k2=v2}, for details. */
  static String pairs(Map<String, String> map) {
    StringBuilder text = new StringBuilder();
    map.forEach((k, v) -> text.append(text.length() == 0 ? "" : ", ").append(k).append('=').append(v));
    return text.toString();
  }
}
