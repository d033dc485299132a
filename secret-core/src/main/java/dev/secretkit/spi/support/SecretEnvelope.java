package dev.secretkit.spi.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretVersion;
import dev.secretkit.access.Grant;
import dev.secretkit.access.Permission;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
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

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> TOP = Set.of("format", "metadata", "history");
  private static final Set<String> METADATA = Set.of("kind", "manifestVersion", "secretType", "acl", "owner",
      "tags", "description", "layer", "grants", "dependents", "createdAt", "createdBy", "updatedAt", "updatedBy",
      "fileNames");

  private final SecretMetadata metadata;
  private final List<VersionEntry> history;
  private final ObjectNode unknownTop;
  private final ObjectNode unknownMetadata;

  private SecretEnvelope(SecretMetadata metadata, List<VersionEntry> history, ObjectNode unknownTop,
      ObjectNode unknownMetadata) {
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
    this.unknownTop = unknownTop;
    this.unknownMetadata = unknownMetadata;
  }

  /**
   * Returns a new envelope.
   *
   * @param metadata the secret's metadata
   * @param history the retained versions, oldest first, the current one last; at least one
   */
  public static SecretEnvelope of(SecretMetadata metadata, List<VersionEntry> history) {
    return new SecretEnvelope(metadata, history, JsonNodeFactory.instance.objectNode(),
        JsonNodeFactory.instance.objectNode());
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
   * Returns the history after a write of new values as version {@code version}: the current
   * entry is kept (with {@code currentRef} as its place, when given), the new one appended, and
   * only the newest {@code retained} kept (all when 0).
   */
  public List<VersionEntry> historyAfter(VersionEntry version, String currentRef, int retained) {
    List<VersionEntry> next = new ArrayList<>(history);
    if (currentRef != null) {
      next.set(next.size() - 1, current().withRef(currentRef));
    }
    next.add(version);
    return retained == 0 || next.size() <= retained ? next : next.subList(next.size() - retained, next.size());
  }

  /** Returns the envelope as compact JSON. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(toNode());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("writing JSON to memory failed", e);
    }
  }

  /** Returns the number of UTF-8 bytes of {@link #toJson()}. */
  public int size() {
    return toJson().getBytes(StandardCharsets.UTF_8).length;
  }

  /** Returns the envelope as a JSON tree. */
  ObjectNode toNode() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("format", FORMAT);
    ObjectNode m = node.putObject("metadata");
    m.put("kind", metadata.kind());
    m.put("manifestVersion", metadata.manifestVersion());
    m.put("secretType", metadata.secretType());
    m.put("acl", metadata.acl());
    m.put("owner", metadata.owner());
    ArrayNode tags = m.putArray("tags");
    metadata.tags().forEach(tags::add);
    m.put("description", metadata.description());
    m.put("layer", metadata.layer());
    ArrayNode grants = m.putArray("grants");
    for (Grant grant : metadata.grants()) {
      grants.addObject().put("principal", grant.principal()).put("permission", grant.permission().label());
    }
    ArrayNode dependents = m.putArray("dependents");
    metadata.dependents().forEach(dependents::add);
    m.put("createdAt", metadata.createdAt().toString());
    m.put("createdBy", metadata.createdBy());
    m.put("updatedAt", metadata.updatedAt().toString());
    m.put("updatedBy", metadata.updatedBy());
    ObjectNode files = m.putObject("fileNames");
    metadata.fileNames().forEach(files::put);
    m.setAll(unknownMetadata);
    ArrayNode list = node.putArray("history");
    for (VersionEntry entry : history) {
      ObjectNode e = list.addObject();
      e.put("number", entry.version().number());
      e.put("createdAt", entry.version().createdAt().toString());
      e.put("createdBy", entry.version().createdBy());
      entry.ref().ifPresent(ref -> e.put("ref", ref));
    }
    node.setAll(unknownTop);
    return node;
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
      node = JSON.readTree(text);
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
    ObjectNode unknownTop = JsonNodeFactory.instance.objectNode();
    node.properties().forEach(f -> {
      if (!TOP.contains(f.getKey())) {
        unknownTop.set(f.getKey(), f.getValue());
      }
    });
    ObjectNode unknownMetadata = JsonNodeFactory.instance.objectNode();
    m.properties().forEach(f -> {
      if (!METADATA.contains(f.getKey())) {
        unknownMetadata.set(f.getKey(), f.getValue());
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
    return other instanceof SecretEnvelope that && toNode().equals(that.toNode());
  }

  @Override
  public int hashCode() {
    return Objects.hash(metadata, history);
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
