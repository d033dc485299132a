package dev.secretkit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.secretkit.Secret;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretSummary;
import dev.secretkit.SecretValue;
import dev.secretkit.SecretVersion;
import dev.secretkit.access.Grant;
import dev.secretkit.projection.RenderedProjection;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

/**
 * How {@code secretctl} shows secrets to programs: JSON or YAML objects with every metadata field,
 * and values only when the caller revealed them. Kept apart from the table code so that a plain
 * {@code get} never loads Jackson databind.
 */
final class SecretJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SecretJson() {
  }

  /** Returns an empty array to fill. */
  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /** Returns the object for one secret; {@code revealed} is null unless values were asked for. */
  static ObjectNode of(SecretSummary summary, Secret revealed) {
    SecretMetadata m = summary.metadata();
    ObjectNode node = MAPPER.createObjectNode()
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
        .put("created", SecretView.text(m.createdAt())).put("createdBy", m.createdBy())
        .put("updated", SecretView.text(m.updatedAt())).put("updatedBy", m.updatedBy());
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

  /** Returns the object for one version: number, time and author, never values. */
  static ObjectNode of(SecretVersion version) {
    return MAPPER.createObjectNode()
        .put("version", version.number())
        .put("created", SecretView.text(version.createdAt()))
        .put("createdBy", version.createdBy());
  }

  /**
   * Returns the object for what a projection rendered: {@code env} (each variable's value, or null
   * unless {@code reveal}), {@code files} (their paths under {@code dir}), {@code args} (each null
   * unless {@code reveal}) and {@code secrets} (each secret's id and the version used).
   */
  static ObjectNode of(RenderedProjection rendered, boolean reveal, Path dir) {
    ObjectNode node = MAPPER.createObjectNode();
    ObjectNode env = node.putObject("env");
    rendered.env().forEach((name, value) -> env.put(name, reveal ? value : null));
    ArrayNode files = node.putArray("files");
    rendered.files().forEach(file -> files.add(dir.resolve(file.path()).toString()));
    ArrayNode args = node.putArray("args");
    rendered.args().forEach(arg -> args.add(reveal ? arg : null));
    ObjectNode secrets = node.putObject("secrets");
    rendered.versions().forEach((id, version) -> secrets.put(id.toString(), version));
    return node;
  }

  /** Prints {@code document} as pretty JSON or as YAML. */
  static void write(JsonNode document, Format format, PrintWriter out) {
    try {
      if (format == Format.YAML) {
        out.print(new YAMLMapper().writeValueAsString(document));
      } else {
        out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(document));
      }
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Puts a value as text when it is valid UTF-8, else as {@code {"base64": "..."}}, so bytes survive. */
  private static void put(ObjectNode values, String key, SecretValue value) {
    String text = SecretView.utf8(value);
    if (text != null) {
      values.put(key, text);
    } else {
      values.putObject(key).put("base64", Base64.getEncoder().encodeToString(value.bytes()));
    }
  }

  private static void strings(ArrayNode array, List<String> items) {
    items.forEach(array::add);
  }
}
