package dev.secretkit.spi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretVersion;
import dev.secretkit.access.Grant;
import dev.secretkit.access.Permission;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything SecretKit keeps about a secret besides its values, as one versioned JSON object
 * that a store writes together with the values, under one compare-and-set.
 *
 * <p>It holds the {@link SecretMetadata} (owner, grants, dependents, manifest fields, times) and
 * the history of the retained versions, oldest first, the last being the current one. The JSON
 * form is {@code {"format":1,"metadata":{...},"history":[{"number":1,"createdAt":"...",
 * "createdBy":"...","ref":"..."}]}}. It is forward compatible: fields this version does not know,
 * at the top level and in {@code metadata}, are kept through a read and a write, so an older
 * SecretKit never drops what a newer one wrote. Immutable.
 */
public final class SecretEnvelope {
  /** The format this version of SecretKit writes. */
  public static final int FORMAT = 1;

  /** Writes with jackson-core alone, so measuring metadata (every apply does) loads no databind. */
  private static final JsonFactory WRITER = JsonFactory.builder().build();
  private static final Set<String> TOP = Set.of("format", "metadata", "history");
  private static final Set<String> METADATA = Set.of("kind", "manifestVersion", "secretType", "acl", "owner",
      "tags", "description", "layer", "grants", "dependents", "createdAt", "createdBy", "updatedAt", "updatedBy",
      "fileNames");

  private final SecretMetadata metadata;
  private final List<VersionEntry> history;
  /** Fields this version does not know, by name, each as its JSON text. */
  private final Map<String, String> unknownTop;
  private final Map<String, String> unknownMetadata;

  /** The reader of envelopes, initialized on first read only: writing needs no databind. */
  private static final class Reader {
    static final ObjectMapper JSON = new ObjectMapper();
  }

  private SecretEnvelope(SecretMetadata metadata, List<VersionEntry> history, Map<String, String> unknownTop,
      Map<String, String> unknownMetadata) {
    this.metadata = Objects.requireNonNull(metadata, "metadata");
    this.history = List.copyOf(history);
    if (this.history.isEmpty()) {
      throw new IllegalArgumentException("an envelope holds at least the current version");
    }
    for (int i = 1; i < this.history.size(); i++) {
      if (this.history.get(i).version().number() <= this.history.get(i - 1).version().number()) {
        throw new IllegalArgumentException("the history must be in increasing version order");
      }
    }
    this.unknownTop = Collections.unmodifiableMap(new LinkedHashMap<>(unknownTop));
    this.unknownMetadata = Collections.unmodifiableMap(new LinkedHashMap<>(unknownMetadata));
  }

  /**
   * Returns a new envelope.
   *
   * @param metadata the secret's metadata
   * @param history the retained versions, oldest first, the current one last; at least one
   */
  public static SecretEnvelope of(SecretMetadata metadata, List<VersionEntry> history) {
    return new SecretEnvelope(metadata, history, Map.of(), Map.of());
  }

  /** Returns a copy with other metadata and history, keeping the fields this version does not know. */
  public SecretEnvelope with(SecretMetadata newMetadata, List<VersionEntry> newHistory) {
    return new SecretEnvelope(newMetadata, newHistory, unknownTop, unknownMetadata);
  }

  /** Returns the secret's metadata. */
  public SecretMetadata metadata() {
    return metadata;
  }

  /** Returns the retained versions, oldest first, the current one last. */
  public List<VersionEntry> history() {
    return history;
  }

  /** Returns the current version's entry. */
  public VersionEntry current() {
    return history.get(history.size() - 1);
  }

  /** Returns the current version. */
  public SecretVersion latest() {
    return current().version();
  }

  /** Returns the retained versions, oldest first. */
  public List<SecretVersion> versions() {
    return history.stream().map(VersionEntry::version).toList();
  }

  /** Returns the entry of version {@code number}, when it is retained. */
  public Optional<VersionEntry> entry(long number) {
    return history.stream().filter(e -> e.version().number() == number).findFirst();
  }

  /**
   * Returns the envelope of a secret's first write: version 1, made when and by whom {@code metadata}
   * says it was last updated, at the backend's place {@code ref} (null when the store keeps none).
   */
  public static SecretEnvelope first(SecretMetadata metadata, String ref) {
    return of(metadata, List.of(VersionEntry.of(new SecretVersion(1, metadata.updatedAt(), metadata.updatedBy()),
        ref)));
  }

  /**
   * Returns the envelope after a write of new values with {@code newMetadata}: the next version,
   * made when and by whom the metadata says it was last updated, at the backend's place {@code ref},
   * appended to the history, of which only the newest {@code retained} entries are kept (all when 0).
   * Fields this version does not know are kept.
   */
  public SecretEnvelope afterValues(SecretMetadata newMetadata, String ref, int retained) {
    List<VersionEntry> next = new ArrayList<>(history);
    next.add(VersionEntry.of(new SecretVersion(latest().number() + 1, newMetadata.updatedAt(),
        newMetadata.updatedBy()), ref));
    return with(newMetadata, retained == 0 || next.size() <= retained ? next
        : next.subList(next.size() - retained, next.size()));
  }

  /**
   * Returns the envelope after a write of {@code newMetadata} alone: the same versions, the current
   * one now at the backend's place {@code ref}, where the write puts its values again. Fields this
   * version does not know are kept.
   */
  public SecretEnvelope afterMetadata(SecretMetadata newMetadata, String ref) {
    List<VersionEntry> next = new ArrayList<>(history);
    next.set(next.size() - 1, current().withRef(ref));
    return with(newMetadata, next);
  }

  /** Returns the envelope as compact JSON. */
  public String toJson() {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = WRITER.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("format", FORMAT);
      g.writeObjectFieldStart("metadata");
      g.writeStringField("kind", metadata.kind());
      g.writeStringField("manifestVersion", metadata.manifestVersion());
      g.writeStringField("secretType", metadata.secretType());
      g.writeStringField("acl", metadata.acl());
      g.writeStringField("owner", metadata.owner());
      writeStrings(g, "tags", metadata.tags());
      g.writeStringField("description", metadata.description());
      g.writeStringField("layer", metadata.layer());
      g.writeArrayFieldStart("grants");
      for (Grant grant : metadata.grants()) {
        g.writeStartObject();
        g.writeStringField("principal", grant.principal());
        g.writeStringField("permission", grant.permission().label());
        g.writeEndObject();
      }
      g.writeEndArray();
      writeStrings(g, "dependents", metadata.dependents());
      g.writeStringField("createdAt", metadata.createdAt().toString());
      g.writeStringField("createdBy", metadata.createdBy());
      g.writeStringField("updatedAt", metadata.updatedAt().toString());
      g.writeStringField("updatedBy", metadata.updatedBy());
      g.writeObjectFieldStart("fileNames");
      for (Map.Entry<String, String> file : metadata.fileNames().entrySet()) {
        g.writeStringField(file.getKey(), file.getValue());
      }
      g.writeEndObject();
      writeRaw(g, unknownMetadata);
      g.writeEndObject();
      g.writeArrayFieldStart("history");
      for (VersionEntry entry : history) {
        g.writeStartObject();
        g.writeNumberField("number", entry.version().number());
        g.writeStringField("createdAt", entry.version().createdAt().toString());
        g.writeStringField("createdBy", entry.version().createdBy());
        if (entry.ref().isPresent()) {
          g.writeStringField("ref", entry.ref().get());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      writeRaw(g, unknownTop);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
    return out.toString();
  }

  /** Returns the number of UTF-8 bytes of {@link #toJson()}. */
  public int size() {
    return toJson().getBytes(StandardCharsets.UTF_8).length;
  }

  private static void writeStrings(JsonGenerator g, String name, List<String> items) throws IOException {
    g.writeArrayFieldStart(name);
    for (String item : items) {
      g.writeString(item);
    }
    g.writeEndArray();
  }

  private static void writeRaw(JsonGenerator g, Map<String, String> fields) throws IOException {
    for (Map.Entry<String, String> field : fields.entrySet()) {
      g.writeFieldName(field.getKey());
      g.writeRawValue(field.getValue());
    }
  }

  /**
   * Reads an envelope from JSON text.
   *
   * @throws IllegalArgumentException if it is not an envelope; the message names the part that is
   *     wrong and never quotes the text
   */
  public static SecretEnvelope fromJson(String text) {
    JsonNode node;
    try {
      node = Reader.JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the envelope is not JSON");
    }
    return fromNode(node);
  }

  /** Reads an envelope from a JSON tree; see {@link #fromJson}. */
  static SecretEnvelope fromNode(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw malformed("the envelope is not a JSON object");
    }
    if (!node.path("format").canConvertToInt() || node.path("format").asInt() < 1) {
      throw malformed("the envelope has no format number");
    }
    JsonNode m = node.path("metadata");
    if (!m.isObject()) {
      throw malformed("the envelope has no metadata object");
    }
    SecretMetadata metadata;
    try {
      List<Grant> grants = new ArrayList<>();
      for (JsonNode grant : array(m, "grants")) {
        Permission permission = Permission.fromLabel(text(grant, "permission", true))
            .orElseThrow(() -> malformed("a grant names an unknown permission"));
        grants.add(new Grant(text(grant, "principal", true), permission));
      }
      Map<String, String> fileNames = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> file : m.path("fileNames").properties()) {
        fileNames.put(file.getKey(), file.getValue().asText());
      }
      metadata = new SecretMetadata(text(m, "kind", true), text(m, "manifestVersion", true),
          text(m, "secretType", true), text(m, "acl", false), text(m, "owner", true), strings(m, "tags"),
          text(m, "description", false), text(m, "layer", false), grants, strings(m, "dependents"),
          instant(m, "createdAt"), text(m, "createdBy", true), instant(m, "updatedAt"), text(m, "updatedBy", true),
          fileNames);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw malformed("the envelope's metadata is incomplete or invalid");
    }
    List<VersionEntry> history = new ArrayList<>();
    for (JsonNode entry : array(node, "history")) {
      if (!entry.path("number").canConvertToLong()) {
        throw malformed("a history entry has no version number");
      }
      try {
        history.add(VersionEntry.of(new SecretVersion(entry.path("number").asLong(), instant(entry, "createdAt"),
            text(entry, "createdBy", false)), text(entry, "ref", false)));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw malformed("a history entry is invalid");
      }
    }
    Map<String, String> unknownTop = new LinkedHashMap<>();
    node.properties().forEach(f -> {
      if (!TOP.contains(f.getKey())) {
        unknownTop.put(f.getKey(), f.getValue().toString());
      }
    });
    Map<String, String> unknownMetadata = new LinkedHashMap<>();
    m.properties().forEach(f -> {
      if (!METADATA.contains(f.getKey())) {
        unknownMetadata.put(f.getKey(), f.getValue().toString());
      }
    });
    try {
      return new SecretEnvelope(metadata, history, unknownTop, unknownMetadata);
    } catch (IllegalArgumentException e) {
      throw malformed(e.getMessage());
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SecretEnvelope that && metadata.equals(that.metadata) && history.equals(that.history)
        && unknownTop.equals(that.unknownTop) && unknownMetadata.equals(that.unknownMetadata);
  }

  @Override
  public int hashCode() {
    return Objects.hash(metadata, history, unknownTop, unknownMetadata);
  }

  @Override
  public String toString() {
    return "SecretEnvelope[version=" + latest().number() + ", retained=" + history.size() + "]";
  }

  private static String text(JsonNode node, String field, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw malformed("the envelope lacks " + field);
      }
      return null;
    }
    if (!value.isTextual()) {
      throw malformed("the envelope's " + field + " is not text");
    }
    return value.asText();
  }

  private static Instant instant(JsonNode node, String field) {
    try {
      return Instant.parse(text(node, field, true));
    } catch (DateTimeParseException e) {
      throw malformed("the envelope's " + field + " is not a time");
    }
  }

  private static List<String> strings(JsonNode node, String field) {
    List<String> items = new ArrayList<>();
    for (JsonNode item : array(node, field)) {
      if (!item.isTextual()) {
        throw malformed("the envelope's " + field + " holds something other than text");
      }
      items.add(item.asText());
    }
    return items;
  }

  private static JsonNode array(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isArray()) {
      throw malformed("the envelope's " + field + " is not a list");
    }
    return value;
  }

  private static IllegalArgumentException malformed(String message) {
    return new IllegalArgumentException(message);
  }
}
