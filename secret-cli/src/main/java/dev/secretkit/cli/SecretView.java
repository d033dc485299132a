package dev.secretkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secretkit.Secret;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretSummary;
import dev.secretkit.SecretValue;
import dev.secretkit.SecretVersion;
import dev.secretkit.access.Grant;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * How {@code secretctl} shows secrets to programs: JSON objects with every metadata field, and
 * values only when the caller revealed them. Also the text table's cells.
 */
final class SecretView {
  static final ObjectMapper JSON = new ObjectMapper();

  private SecretView() {
  }

  /** Returns the JSON object for one secret; {@code revealed} is null unless values were asked for. */
  static ObjectNode json(SecretSummary summary, Secret revealed) {
    SecretMetadata m = summary.metadata();
    ObjectNode node = JSON.createObjectNode()
        .put("id", summary.id().toString())
        .put("name", summary.id().name())
        .put("workspace", summary.id().scope())
        .put("version", m.manifestVersion())
        .put("type", m.kind())
        .put("secretType", m.secretType())
        .put("acl", m.acl())
        .put("status", "active")
        .put("owner", m.owner());
    strings(node.putArray("tags"), m.tags());
    node.put("description", m.description()).put("layer", m.layer());
    strings(node.putArray("keys"), summary.keys());
    node.put("latestVersion", summary.latest().number())
        .put("created", text(m.createdAt())).put("createdBy", m.createdBy())
        .put("updated", text(m.updatedAt())).put("updatedBy", m.updatedBy());
    ArrayNode grants = node.putArray("grants");
    for (Grant grant : m.grants()) {
      grants.addObject().put("principal", grant.principal()).put("permission", grant.permission().label());
    }
    strings(node.putArray("dependents"), m.dependents());
    ObjectNode files = node.putObject("fileNames");
    m.fileNames().forEach(files::put);
    if (revealed != null) {
      node.put("revealedVersion", revealed.version().number());
      ObjectNode values = node.putObject("values");
      revealed.values().forEach((key, value) -> put(values, key, value));
    }
    return node;
  }

  /** Returns the JSON object for one version: number, time and author, never values. */
  static ObjectNode json(SecretVersion version) {
    return JSON.createObjectNode()
        .put("version", version.number())
        .put("created", text(version.createdAt()))
        .put("createdBy", version.createdBy());
  }

  /**
   * Puts a value as text when it is valid UTF-8, else as {@code {"base64": "..."}}, so binary
   * values survive the trip through JSON.
   */
  static void put(ObjectNode values, String key, SecretValue value) {
    String text = text(value);
    if (text != null) {
      values.put(key, text);
    } else {
      values.putObject(key).put("base64", Base64.getEncoder().encodeToString(value.bytes()));
    }
  }

  /** Returns a value as text when it is valid UTF-8, else {@code base64:} and its Base64, for a line of text. */
  static String textOrBase64(SecretValue value) {
    String text = text(value);
    return text != null ? text : "base64:" + Base64.getEncoder().encodeToString(value.bytes());
  }

  private static String text(SecretValue value) {
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

  private static void strings(ArrayNode array, List<String> items) {
    items.forEach(array::add);
  }

  /** Returns the map as {@code k=v, k2=v2}, for details. */
  static String pairs(Map<String, String> map) {
    StringBuilder text = new StringBuilder();
    map.forEach((k, v) -> text.append(text.length() == 0 ? "" : ", ").append(k).append('=').append(v));
    return text.toString();
  }
}
