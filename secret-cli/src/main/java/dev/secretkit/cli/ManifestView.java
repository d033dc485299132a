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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

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
 *       original file, relative to the manifest, with or without {@code --reveal} (under
 *       {@code KEY/} when two keys had files of one name, and under {@code SCOPE/NAME/} in a listing
 *       of several secrets), with the command that writes each: their bytes (maybe binary) are not
 *       printed, so a re-apply needs those files beside the manifest, and refuses, writing nothing,
 *       where they are missing.
 *   <li>A value that is not UTF-8 text and did not come from a file keeps its placeholder, with a
 *       comment: YAML {@code data:} holds text only.
 * </ul>
 */
final class ManifestView {
  private static final YAMLMapper YAML = YAMLMapper.builder().enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
      .disable(YAMLGenerator.Feature.SPLIT_LINES).build();
  /** For a secret with a value holding a line break that YAML 1.1 readers also break on, which a literal block cannot carry. */
  private static final YAMLMapper QUOTED = YAMLMapper.builder().disable(YAMLGenerator.Feature.SPLIT_LINES).build();

  private static final Pattern YAML_1_1_BREAKS = Pattern.compile("[\u0085\u2028\u2029]");

  private ManifestView() {
  }

  /**
   * Prints {@code summary} as a manifest, with {@code revealed}'s values when it is not null; with
   * {@code oneOfMany}, its {@code files:} paths go under {@code SCOPE/NAME/}, so the files of
   * several secrets printed together never share a path.
   */
  static void print(SecretSummary summary, Secret revealed, String store, boolean oneOfMany, PrintWriter out) {
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
    Map<String, String> paths = new LinkedHashMap<>();
    StringBuilder notText = new StringBuilder();
    boolean quoted = false;
    for (String key : keys) {
      String file = m.fileNames().get(key);
      if (file != null) {
        paths.put(key, filePath(id, key, file, m.fileNames(), oneOfMany));
        files.put(key, escapeDollars(paths.get(key)));
        continue;
      }
      String text = revealed == null ? null : SecretView.utf8(revealed.values().get(key));
      if (revealed != null && text == null) {
        notText.append(notText.length() == 0 ? "" : ", ").append(key);
      }
      data.put(key, text == null ? "${{" + key + "}}" : escapeDollars(text));
      quoted |= text != null && text.contains("\n") && YAML_1_1_BREAKS.matcher(text).find();
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
      out.println("# files: are read from beside this manifest when it is applied; write each with:");
      paths.forEach((key, path) -> {
        int slash = path.lastIndexOf('/');
        out.println("#   " + (slash < 0 ? "" : "mkdir -p " + path.substring(0, slash) + " && ") + "secretctl resolve "
            + id + "#" + key + " > " + path);
      });
    }
    try {
      out.print((quoted ? QUOTED : YAML).writeValueAsString(manifest));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns where a {@code files:} key's file goes, relative to the manifest: its original file
   * name, under {@code KEY/} when another key of the secret had a file of the same name, and under
   * {@code SCOPE/NAME/} for one of several secrets. Only the file name is stored, so the store sees
   * the same names when it is applied back.
   */
  private static String filePath(SecretId id, String key, String file, Map<String, String> fileNames,
      boolean oneOfMany) {
    boolean shared = fileNames.entrySet().stream().anyMatch(e -> !e.getKey().equals(key) && e.getValue().equals(file));
    return (oneOfMany ? id.scope() + "/" + id.name() + "/" : "") + (shared ? key + "/" : "") + file;
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
