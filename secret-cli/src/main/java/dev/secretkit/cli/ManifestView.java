package dev.secretkit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.secretkit.Secret;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretSummary;
import dev.secretkit.manifest.SecretManifest;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Collection;

/**
 * How {@code get -o manifest} prints a stored secret: as a Secret manifest that {@code apply}
 * reads back, one YAML document per secret, with comments before it.
 *
 * <ul>
 *   <li>Fields: {@code name}, {@code version}, {@code type}, {@code workspace} (not for an
 *       instance secret), {@code tags}, {@code description}, {@code owner}, {@code layer}, and the
 *       {@code secret:} (or {@code instance-secret:}) section with its {@code type}, {@code acl} and
 *       keys.
 *   <li>Without the values, each {@code data:} value is the placeholder {@code ${{KEY}}}, which
 *       {@code apply} refuses ("unfilled template placeholder"), so a manifest printed without
 *       {@code --reveal} can never store placeholders as values.
 *   <li>With them, each value is written exactly (every string double-quoted, YAML escapes for
 *       control characters, a literal block for lines), and {@code $} as {@code $$}, which
 *       {@code apply}'s interpolation reads back as {@code $}: applying the output changes nothing.
 *   <li>Keys that came from {@code files:} are printed as {@code files:} entries naming the
 *       original file, relative to the manifest, with or without {@code --reveal}: their bytes
 *       (maybe binary) are not printed, so a re-apply needs those files beside the manifest, and
 *       refuses, writing nothing, where they are missing.
 *   <li>A value that is not UTF-8 text and did not come from a file keeps its placeholder, with a
 *       comment: YAML {@code data:} holds text only.
 * </ul>
 */
final class ManifestView {
  private static final YAMLMapper YAML = YAMLMapper.builder().enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
      .disable(YAMLGenerator.Feature.SPLIT_LINES).build();

  private ManifestView() {
  }

  /** Prints {@code summary} as a manifest, with {@code revealed}'s values when it is not null. */
  static void print(SecretSummary summary, Secret revealed, String store, PrintWriter out) {
    SecretId id = summary.id();
    SecretMetadata m = revealed != null ? revealed.metadata() : summary.metadata();
    Collection<String> keys = revealed != null ? revealed.values().keySet() : summary.keys();
    long version = revealed != null ? revealed.version().number() : summary.latest().number();
    boolean instance = SecretManifest.TYPE_INSTANCE_SECRET.equals(m.kind());

    ObjectNode manifest = YAML.createObjectNode().put("name", id.name()).put("version", m.manifestVersion())
        .put("type", m.kind());
    if (!instance) {
      manifest.put("workspace", id.scope());
    }
    if (!m.tags().isEmpty()) {
      m.tags().forEach(manifest.putArray("tags")::add);
    }
    putIfSet(manifest, "description", m.description());
    manifest.put("owner", m.owner());
    putIfSet(manifest, "layer", m.layer());
    ObjectNode section = manifest.putObject(instance ? SecretManifest.TYPE_INSTANCE_SECRET : "secret")
        .put("type", m.secretType());
    putIfSet(section, "acl", m.acl());
    ObjectNode data = YAML.createObjectNode();
    ObjectNode files = YAML.createObjectNode();
    StringBuilder notText = new StringBuilder();
    for (String key : keys) {
      String file = m.fileNames().get(key);
      if (file != null) {
        files.put(key, escapeDollars(file));
        continue;
      }
      String text = revealed == null ? null : SecretView.utf8(revealed.values().get(key));
      if (revealed != null && text == null) {
        notText.append(notText.length() == 0 ? "" : ", ").append(key);
      }
      data.put(key, text == null ? "${{" + key + "}}" : escapeDollars(text));
    }
    if (!data.isEmpty()) {
      section.set("data", data);
    }
    if (!files.isEmpty()) {
      section.set("files", files);
    }

    out.println("# " + id + ", version " + version + ", from store " + store);
    if (revealed == null) {
      out.println("# data values are ${{KEY}} placeholders, which apply refuses: fill them in, or print them with"
          + " --reveal");
    } else {
      out.println("# data values are those of version " + version + ", each '$' written '$$' as apply reads it"
          + " (do not apply with --disable-interpolation)");
    }
    if (notText.length() > 0) {
      out.println("# not text, so left as placeholders: " + notText + "; secretctl resolve " + id + "#KEY > FILE"
          + " writes one, and files: can name it");
    }
    if (!files.isEmpty()) {
      out.println("# files: are read from beside this manifest when it is applied; secretctl resolve " + id
          + "#KEY > FILE writes each");
    }
    try {
      out.print(YAML.writeValueAsString(manifest));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void putIfSet(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  private static String escapeDollars(String text) {
    return text.replace("$", "$$");
  }
}
