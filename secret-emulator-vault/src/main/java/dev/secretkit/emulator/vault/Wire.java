package dev.secretkit.emulator.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vault's wire conventions: the JSON envelope of a response, Go's time and duration texts, and how Vault's
 * request fields read loosely typed JSON (a number may come as a string, a list as "1,2").
 */
final class Wire {
  static final ObjectMapper JSON = new ObjectMapper();
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
  private static final Map<String, Long> NANOS_PER_UNIT = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L,
      "μs", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

  private Wire() {
  }

  /**
   * Returns Vault's response envelope around {@code data}, whose maps it sorts by key as Go writes them: a
   * fresh request id, no lease, no wrapping, the {@code warnings} (null when there are none) and the mount
   * type.
   */
  static ObjectNode envelope(JsonNode data, List<String> warnings, String mountType) {
    ObjectNode body = NODES.objectNode();
    body.put("request_id", UUID.randomUUID().toString());
    body.put("lease_id", "");
    body.put("renewable", false);
    body.put("lease_duration", 0);
    body.set("data", data == null ? NODES.nullNode() : sorted(data));
    body.putNull("wrap_info");
    body.set("warnings", warnings == null || warnings.isEmpty() ? NODES.nullNode() : strings(warnings));
    body.putNull("auth");
    body.put("mount_type", mountType);
    return body;
  }

  /** Returns a JSON array of {@code values}. */
  static ArrayNode strings(Iterable<String> values) {
    ArrayNode array = NODES.arrayNode();
    values.forEach(array::add);
    return array;
  }

  /** Returns {@code values} as a JSON object, or JSON null when {@code values} is null. */
  static JsonNode stringMap(Map<String, String> values) {
    if (values == null) {
      return NODES.nullNode();
    }
    ObjectNode object = NODES.objectNode();
    new TreeMap<>(values).forEach(object::put);
    return object;
  }

  /**
   * Returns a copy of {@code node} with every object's fields in key order, as Go writes a map; arrays
   * keep their order.
   */
  static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      TreeMap<String, JsonNode> fields = new TreeMap<>();
      node.properties().forEach(field -> fields.put(field.getKey(), sorted(field.getValue())));
      ObjectNode copy = NODES.objectNode();
      fields.forEach(copy::set);
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = NODES.arrayNode();
      node.forEach(element -> copy.add(sorted(element)));
      return copy;
    }
    return node;
  }

  /** Returns {@code time} as Go's RFC 3339 with nanoseconds in UTC ({@code 2024-01-01T00:00:00.5Z}), "" for null. */
  static String time(Instant time) {
    if (time == null) {
      return "";
    }
    LocalDateTime utc = LocalDateTime.ofInstant(time, ZoneOffset.UTC);
    StringBuilder text = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", utc.getYear(),
        utc.getMonthValue(), utc.getDayOfMonth(), utc.getHour(), utc.getMinute(), utc.getSecond()));
    if (time.getNano() != 0) {
      String fraction = String.format("%09d", time.getNano());
      int end = fraction.length();
      while (fraction.charAt(end - 1) == '0') {
        end--;
      }
      text.append('.').append(fraction, 0, end);
    }
    return text.append('Z').toString();
  }

  /** Returns {@code seconds} as Go prints a {@code time.Duration}: {@code 0s}, {@code 1m30s}, {@code 1h0m0s}. */
  static String goDuration(long seconds) {
    if (seconds < 0) {
      return "-" + goDuration(-seconds);
    }
    long hours = seconds / 3600;
    long minutes = seconds % 3600 / 60;
    long rest = seconds % 60;
    if (hours > 0) {
      return hours + "h" + minutes + "m" + rest + "s";
    }
    if (minutes > 0) {
      return minutes + "m" + rest + "s";
    }
    return rest + "s";
  }

  /**
   * Reads a duration field as Vault's {@code TypeDurationSecond} does: a number of seconds, a string of
   * digits, a number of days such as {@code "7d"}, or a Go duration such as {@code "1h30m"}; whole seconds,
   * truncated.
   *
   * @throws VaultError 400 if it is none of those
   */
  static long durationSeconds(JsonNode value, String field) {
    if (value.isNumber()) {
      return value.longValue();
    }
    if (!value.isTextual()) {
      throw badField(value, field, "expected a duration");
    }
    String text = value.asText().strip();
    if (text.isEmpty()) {
      return 0;
    }
    if (text.matches("-?\\d+")) {
      return Long.parseLong(text);
    }
    if (text.matches("-?\\d+d")) {
      return Long.parseLong(text.substring(0, text.length() - 1)) * 86_400;
    }
    boolean negative = text.startsWith("-");
    String unsigned = negative || text.startsWith("+") ? text.substring(1) : text;
    Matcher part = GO_DURATION_PART.matcher(unsigned);
    BigDecimal nanos = BigDecimal.ZERO;
    int at = 0;
    while (at < unsigned.length() && part.find(at) && part.start() == at) {
      nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(part.group(2)))));
      at = part.end();
    }
    if (at == 0 || at != unsigned.length()) {
      throw badField(value, field, "time: invalid duration \"" + text + "\"");
    }
    long seconds = nanos.divideToIntegralValue(BigDecimal.valueOf(1_000_000_000L)).longValueExact();
    return negative ? -seconds : seconds;
  }

  /**
   * Reads an integer field as Vault's {@code TypeInt} does: a JSON number (truncated) or a string of digits.
   *
   * @throws VaultError 400 if it is neither
   */
  static long integer(JsonNode value, String field) {
    if (value.isNumber()) {
      return value.longValue();
    }
    if (value.isTextual() && value.asText().strip().matches("[-+]?\\d+")) {
      return Long.parseLong(value.asText().strip());
    }
    throw badField(value, field, "expected an integer");
  }

  /**
   * Reads a boolean field as Vault's {@code TypeBool} does: a JSON boolean, or a string Go's
   * {@code strconv.ParseBool} accepts ({@code true}, {@code 1}, {@code f}, ...).
   *
   * @throws VaultError 400 if it is neither
   */
  static boolean bool(JsonNode value, String field) {
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isTextual()) {
      switch (value.asText()) {
        case "1", "t", "T", "true", "TRUE", "True":
          return true;
        case "0", "f", "F", "false", "FALSE", "False":
          return false;
        default:
          break;
      }
    }
    throw badField(value, field, "expected a boolean");
  }

  /**
   * Reads Vault's {@code TypeCommaIntSlice}: a JSON array of integers (or strings of digits), a single
   * integer, or a string such as {@code "1,2"}.
   *
   * @throws VaultError 400 if an element is not an integer
   */
  static List<Long> integers(JsonNode value, String field) {
    List<Long> numbers = new ArrayList<>();
    if (value == null || value.isNull()) {
      return numbers;
    }
    if (value.isArray()) {
      for (Iterator<JsonNode> elements = value.elements(); elements.hasNext();) {
        numbers.add(integer(elements.next(), field));
      }
    } else if (value.isTextual()) {
      for (String element : value.asText().split(",")) {
        if (!element.isBlank()) {
          numbers.add(integer(NODES.textNode(element), field));
        }
      }
    } else {
      numbers.add(integer(value, field));
    }
    return numbers;
  }

  private static VaultError badField(JsonNode value, String field, String expected) {
    return VaultError.badRequest("error converting input " + value + " for field \"" + field + "\": " + expected);
  }
}
