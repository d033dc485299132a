package dev.secretkit.backend.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretVersion;
import dev.secretkit.access.Grant;
import dev.secretkit.access.Permission;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps SecretKit's metadata of a secret in the AWS secret's tags, within AWS's limits (50 tags,
 * keys up to 128 and values up to 256 characters, and a value alphabet without JSON's
 * punctuation).
 *
 * <p>The metadata, the key names, the retained versions' times and authors, and the AWS version
 * they describe are one JSON document, Base64
 * encoded and cut into tags {@code secretkit:meta:0}, {@code secretkit:meta:1}, ...; the tag
 * {@value #REVISION} holds the write token and, after a dot, how many chunks there are. Tags without the {@code secretkit:} prefix belong to
 * others and are kept as they are.
 */
final class MetadataTags {
  /** The prefix of every tag SecretKit writes. */
  static final String PREFIX = "secretkit:";
  /** The tag that holds the token of the last SecretKit write. */
  static final String REVISION = PREFIX + "rev";
  /** The most tags one secret may carry in AWS. */
  static final int MAX_TAGS = 50;
  /** The longest tag value AWS accepts. */
  static final int MAX_VALUE = 256;

  private static final String CHUNK = PREFIX + "meta:";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private MetadataTags() {
  }

  /**
   * What the tags hold.
   *
   * @param metadata the secret's metadata
   * @param keys the key names of the latest version, in order
   * @param history the retained versions, oldest first, with their times and authors; never empty
   * @param forVersion the AWS VersionId these tags describe; another AWSCURRENT means a write
   *     moved it and has not written its tags yet (or died before it could)
   * @param revision the token of the last SecretKit write
   */
  record Decoded(SecretMetadata metadata, List<String> keys, List<SecretVersion> history, String forVersion,
      String revision) {
    Decoded {
      history = List.copyOf(history);
      if (history.isEmpty()) {
        throw new IllegalArgumentException("the version history is empty");
      }
    }

    /** Returns the latest SecretKit version. */
    SecretVersion latest() {
      return history.get(history.size() - 1);
    }

    /** Returns the latest SecretKit version number. */
    long version() {
      return latest().number();
    }
  }

  /**
   * Returns the SecretKit tags for the given state, keyed by tag key.
   *
   * @throws IllegalArgumentException if, with the {@code otherTags} already on the secret, they
   *     would pass AWS's 50-tag limit
   */
  static Map<String, String> encode(SecretMetadata m, List<String> keys, List<SecretVersion> history,
      String forVersion, String revision, int otherTags) {
    ObjectNode node = MAPPER.createObjectNode()
        .put("kind", m.kind()).put("manifestVersion", m.manifestVersion()).put("secretType", m.secretType())
        .put("acl", m.acl()).put("owner", m.owner()).put("description", m.description()).put("layer", m.layer())
        .put("createdAt", m.createdAt().toString()).put("createdBy", m.createdBy())
        .put("updatedAt", m.updatedAt().toString()).put("updatedBy", m.updatedBy()).put("forVersion", forVersion);
    ArrayNode versions = node.putArray("history");
    history.forEach(v -> versions.addObject().put("n", v.number()).put("at", v.createdAt().toString())
        .put("by", v.createdBy()));
    m.tags().forEach(node.putArray("tags")::add);
    ArrayNode grants = node.putArray("grants");
    m.grants().forEach(g -> grants.addObject().put("principal", g.principal()).put("permission", g.permission().label()));
    m.dependents().forEach(node.putArray("dependents")::add);
    ObjectNode files = node.putObject("fileNames");
    m.fileNames().forEach(files::put);
    keys.forEach(node.putArray("keys")::add);
    String encoded;
    try {
      encoded = Base64.getEncoder().encodeToString(MAPPER.writeValueAsBytes(node));
    } catch (IOException e) {
      throw new IllegalStateException("writing JSON to memory failed", e);
    }
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 0, chunk = 0; i < encoded.length(); i += MAX_VALUE, chunk++) {
      tags.put(CHUNK + chunk, encoded.substring(i, Math.min(encoded.length(), i + MAX_VALUE)));
    }
    tags.put(REVISION, revision + "." + tags.size());
    if (tags.size() + otherTags > MAX_TAGS) {
      throw new IllegalArgumentException("the secret's metadata (grants, dependents, tags) needs " + tags.size()
          + " AWS tags besides the " + otherTags + " it already has; AWS allows " + MAX_TAGS
          + ": remove some grants, dependents or tags");
    }
    return tags;
  }

  /** Returns whether {@code tag} is one SecretKit writes. */
  static boolean owned(String tag) {
    return tag.startsWith(PREFIX);
  }

  /**
   * Reads the SecretKit tags among {@code tags}.
   *
   * @throws IllegalArgumentException if they are missing or damaged; the message says which, never a value
   */
  static Decoded decode(Map<String, String> tags) {
    Map<Integer, String> chunks = new TreeMap<>();
    tags.forEach((key, value) -> {
      if (key.startsWith(CHUNK)) {
        try {
          chunks.put(Integer.parseInt(key.substring(CHUNK.length())), value);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("tag " + key + " is not one SecretKit writes");
        }
      }
    });
    String stamp = tags.get(REVISION);
    if (chunks.isEmpty() || stamp == null) {
      throw new IllegalArgumentException("the secret carries no SecretKit metadata tags: it was not written by"
          + " SecretKit, or its tags were removed");
    }
    int dot = stamp.lastIndexOf('.');
    int count;
    try {
      count = Integer.parseInt(stamp.substring(dot + 1));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("the SecretKit metadata tags are damaged");
    }
    String revision = stamp.substring(0, Math.max(dot, 0));
    StringBuilder encoded = new StringBuilder();
    // Chunks past the count are left over from a longer document and are about to be removed.
    for (int i = 0; i < count; i++) {
      String chunk = chunks.get(i);
      if (chunk == null) {
        throw new IllegalArgumentException("the SecretKit metadata tags are incomplete: " + CHUNK + i + " is missing");
      }
      encoded.append(chunk);
    }
    try {
      JsonNode node = MAPPER.readTree(new String(Base64.getDecoder().decode(encoded.toString()),
          StandardCharsets.UTF_8));
      List<Grant> grants = new ArrayList<>();
      for (JsonNode grant : node.path("grants")) {
        grants.add(new Grant(grant.path("principal").asText(), Permission.fromLabel(grant.path("permission").asText())
            .orElseThrow(() -> new IllegalArgumentException("a grant has an unknown permission"))));
      }
      Map<String, String> fileNames = new LinkedHashMap<>();
      node.path("fileNames").properties().forEach(e -> fileNames.put(e.getKey(), e.getValue().asText()));
      SecretMetadata metadata = new SecretMetadata(text(node, "kind"), text(node, "manifestVersion"),
          text(node, "secretType"), text(node, "acl"), text(node, "owner"), strings(node, "tags"),
          text(node, "description"), text(node, "layer"), grants, strings(node, "dependents"),
          Instant.parse(text(node, "createdAt")), text(node, "createdBy"), Instant.parse(text(node, "updatedAt")),
          text(node, "updatedBy"), fileNames);
      List<SecretVersion> history = new ArrayList<>();
      for (JsonNode version : node.path("history")) {
        history.add(new SecretVersion(version.path("n").asLong(), Instant.parse(version.path("at").asText()),
            text(version, "by")));
      }
      return new Decoded(metadata, strings(node, "keys"), history, text(node, "forVersion"), revision);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("the SecretKit metadata tags are damaged");
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static List<String> strings(JsonNode node, String field) {
    List<String> items = new ArrayList<>();
    node.path(field).forEach(item -> items.add(item.asText()));
    return items;
  }
}
