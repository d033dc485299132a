package dev.secretkit.validation;

import static dev.secretkit.internal.ManifestPaths.child;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretkit.SecretValue;
import dev.secretkit.internal.ManifestPaths;
import dev.secretkit.spi.support.Suggestions;
import dev.secretkit.manifest.ManifestDocument;
import dev.secretkit.manifest.SecretManifest;
import dev.secretkit.manifest.SecretSection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules of DECISIONS section 1 that hold for every manifest, whatever its data source. */
final class ManifestRules {
  static final String V1 = "v1";
  static final String V2ALPHA = "v2alpha";

  private static final int V1_NAME_MAX = 47;
  private static final int V2_NAME_MAX = 59;
  private static final int SCOPE_MAX = 31;
  private static final String RESERVED_SCOPE = "instance";
  private static final Pattern V1_NAME = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern V2_NAME = Pattern.compile("[a-z]([-_.a-z0-9]*[a-z0-9])?");
  private static final List<String> SECRET_TYPES = List.of(
      "cloud-kernel", "cloud-kernel-image-pull", "key-value", "key-value-properties", "certificates");
  private static final String LEGACY_CERTIFICATE = "certificate";
  private static final String IMAGE_PULL = "cloud-kernel-image-pull";
  private static final String DOCKER_CONFIG = ".dockerconfigjson";

  private ManifestRules() {}

  /**
   * Holds the mapper that parses {@code .dockerconfigjson}, so that Jackson databind (a few
   * hundred classes) loads only for image-pull secrets, not on every validation: it is a
   * noticeable part of a command-line run's start-up.
   */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  static void check(ManifestDocument document, Findings findings) {
    if (findings.readingReported(ManifestPaths.ROOT)) {
      return;
    }
    SecretManifest manifest = document.manifest();
    boolean instance = manifest.isInstanceSecret();
    checkType(document, manifest.type(), findings);
    checkVersion(document, manifest, findings);
    checkName(document, manifest, findings);
    checkLayer(manifest.layer(), findings);
    checkWorkspace(document, manifest, findings);
    SecretSection section = manifest.secret();
    if (section != null) {
      String path = document.sectionKey();
      boolean aclRequired = instance || V1.equals(manifest.version());
      checkSecretType(document, path, section.type(), findings);
      checkAcl(document, path, section.acl(), aclRequired, findings);
      checkKeys(document, path, section, findings);
      checkContent(document, path, section, findings);
    }
  }

  /** Returns the manifest with its legacy spellings replaced: {@code certificate} becomes {@code certificates}. */
  static SecretManifest normalise(SecretManifest manifest) {
    SecretSection section = manifest.secret();
    if (section != null && LEGACY_CERTIFICATE.equals(section.type())) {
      return manifest.withSecret(section.withType("certificates"));
    }
    return manifest;
  }

  private static boolean required(ManifestDocument document, String path, Object value, Findings findings) {
    return required(document, path, value, "add " + fieldName(path) + ":", findings);
  }

  private static boolean required(ManifestDocument document, String path, Object value, String hint,
      Findings findings) {
    if (findings.readingReported(path)) {
      return false;
    }
    if (value != null) {
      return true;
    }
    if (document.has(path)) {
      findings.error(path, "'" + fieldName(path) + "' is empty", hint);
    } else {
      findings.error(path, "missing required field '" + fieldName(path) + "'", hint);
    }
    return false;
  }

  private static String fieldName(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  private static void checkType(ManifestDocument document, String type, Findings findings) {
    if (!required(document, "type", type, findings)) {
      return;
    }
    if (SecretManifest.TYPE_SECRET.equals(type) || SecretManifest.TYPE_INSTANCE_SECRET.equals(type)) {
      return;
    }
    String lower = type.toLowerCase(Locale.ROOT);
    if (lower.equals(SecretManifest.TYPE_SECRET) || lower.equals(SecretManifest.TYPE_INSTANCE_SECRET)) {
      findings.error("type", "type must be lower case: found '" + type + "'", "write type: " + lower);
    } else {
      findings.error("type", "type '" + type + "' is not a Secret resource; expected secret or instance-secret",
          "use type: secret (workspace or tenant scope) or type: instance-secret (V1, instance scope)");
    }
  }

  private static void checkVersion(ManifestDocument document, SecretManifest manifest, Findings findings) {
    String version = manifest.version();
    if (!required(document, "version", version, findings)) {
      return;
    }
    if (manifest.isInstanceSecret()) {
      if (!V1.equals(version)) {
        findings.error("version", "version '" + version + "' is not supported for an instance-secret; supported: v1",
            "write version: v1");
      }
    } else if (!V1.equals(version) && !V2ALPHA.equals(version)) {
      findings.error("version", "version '" + version + "' is not supported for a secret; supported: v1, v2alpha",
          "v1 is the dataos.info grammar (acl required), v2alpha the V2 grammar");
    }
  }

  private static void checkName(ManifestDocument document, SecretManifest manifest, Findings findings) {
    String name = manifest.name();
    // A quoted empty name ("") is as empty as a bare one, and has no first character to check.
    if (!required(document, "name", name == null || name.isEmpty() ? null : name, findings)) {
      return;
    }
    boolean v2 = V2ALPHA.equals(manifest.version()) && !manifest.isInstanceSecret();
    Pattern pattern = v2 ? V2_NAME : V1_NAME;
    int max = v2 ? V2_NAME_MAX : V1_NAME_MAX;
    String grammar = v2 ? "version v2alpha" : manifest.isInstanceSecret() ? "an instance-secret" : "version v1";
    String allowed = v2 ? "lower-case letters, digits, '-', '_' and '.'" : "lower-case letters, digits and '-'";
    List<String> reasons = new ArrayList<>();
    if (name.length() > max) {
      reasons.add("it is " + name.length() + " characters, over the limit of " + max);
    }
    if (!pattern.matcher(name).matches()) {
      if (name.charAt(0) < 'a' || name.charAt(0) > 'z') {
        reasons.add("it must start with a lower-case letter");
      }
      Set<String> bad = new LinkedHashSet<>();
      for (char c : name.toCharArray()) {
        if (!allowedInName(c, v2)) {
          bad.add("'" + c + "'");
        }
      }
      if (!bad.isEmpty()) {
        reasons.add("it contains " + String.join(", ", bad) + "; only " + allowed + " are allowed");
      }
      char last = name.charAt(name.length() - 1);
      if (name.length() > 1 && !((last >= 'a' && last <= 'z') || (last >= '0' && last <= '9'))) {
        reasons.add("it must end with a lower-case letter or digit");
      }
    }
    if (!reasons.isEmpty()) {
      String suggestion = suggestName(name, v2, max);
      findings.error("name", "name '" + name + "' is not valid for " + grammar + ": " + String.join("; ", reasons),
          suggestion.isEmpty() ? "use " + allowed + ", starting with a letter" : "for example: " + suggestion);
    }
  }

  private static boolean allowedInName(char c, boolean v2) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || (v2 && (c == '_' || c == '.'));
  }

  private static String suggestName(String name, boolean v2, int max) {
    StringBuilder out = new StringBuilder();
    for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
      out.append(allowedInName(c, v2) ? c : '-');
    }
    String text = out.toString().replaceAll("^[^a-z]+", "");
    if (text.length() > max) {
      text = text.substring(0, max);
    }
    return text.replaceAll("[^a-z0-9]+$", "");
  }

  private static void checkLayer(String layer, Findings findings) {
    if (layer != null && !findings.readingReported("layer") && !layer.equals("user") && !layer.equals("system")) {
      findings.error("layer", "layer '" + layer + "' is not valid; expected user or system", "write layer: user");
    }
  }

  private static void checkWorkspace(ManifestDocument document, SecretManifest manifest, Findings findings) {
    String workspace = manifest.workspace();
    if (workspace == null || findings.readingReported("workspace")) {
      return;
    }
    if (manifest.isInstanceSecret()) {
      findings.error("workspace", "an instance-secret belongs to the whole instance and has no workspace",
          "remove workspace:, or make it type: secret");
    } else if (RESERVED_SCOPE.equals(workspace)) {
      findings.error("workspace", "workspace 'instance' is reserved for instance secrets",
          "choose another workspace, or make it type: instance-secret");
    } else if (workspace.length() > SCOPE_MAX || !V1_NAME.matcher(workspace).matches()) {
      findings.error("workspace", "workspace '" + workspace + "' is not valid: it must be at most " + SCOPE_MAX
              + " lower-case letters, digits and '-', starting with a letter and ending with a letter or digit",
          "for example: " + (suggestName(workspace, false, SCOPE_MAX).isEmpty()
              ? "public" : suggestName(workspace, false, SCOPE_MAX)));
    }
  }

  private static void checkSecretType(ManifestDocument document, String section, String type, Findings findings) {
    String path = child(section, "type");
    if (!required(document, path, type, findings)) {
      return;
    }
    if (SECRET_TYPES.contains(type)) {
      return;
    }
    if (LEGACY_CERTIFICATE.equals(type)) {
      findings.warning(path, "secret type 'certificate' is read as 'certificates'", "write type: certificates");
      return;
    }
    String hint = Suggestions.closest(type, SECRET_TYPES).map(s -> "did you mean '" + s + "'?")
        .orElse("key-value for separate pairs, key-value-properties for data-source credentials");
    findings.error(path, "secret type '" + type + "' is not supported; expected one of " + String.join(", ", SECRET_TYPES),
        hint);
  }

  private static void checkAcl(ManifestDocument document, String section, String acl, boolean required,
      Findings findings) {
    String path = child(section, "acl");
    if (findings.readingReported(path)) {
      return;
    }
    if (acl == null) {
      if (required) {
        required(document, path, null, "add acl: r (read-only) or acl: rw (read-write)", findings);
      }
      return;
    }
    if (!acl.equals("r") && !acl.equals("rw")) {
      String lower = acl.toLowerCase(Locale.ROOT);
      findings.error(path, "acl '" + acl + "' is not valid; expected r or rw",
          lower.equals("r") || lower.equals("rw") ? "write acl: " + lower : "r is read-only, rw is read-write");
    }
  }

  private static void checkKeys(ManifestDocument document, String section, SecretSection secret, Findings findings) {
    String data = child(section, "data");
    String files = document.has(child(section, "file")) && !document.has(child(section, "files"))
        ? child(section, "file") : child(section, "files");
    for (String key : document.keysUnder(files)) {
      if (document.has(child(data, key))) {
        findings.errorAtKey(child(files, key), "key '" + key + "' is in both data and files",
            "keep one: a key holds one value");
      }
    }
    boolean shapeReported = findings.readingReportedWithin(data) || findings.readingReportedWithin(files);
    if (secret.data().isEmpty() && secret.files().isEmpty() && !shapeReported
        && document.keysUnder(data).isEmpty() && document.keysUnder(files).isEmpty()) {
      findings.error(section, "the secret holds no keys; data or files must hold at least one",
          "add data: with key: value pairs, or files: with key: path pairs");
    }
  }

  private static void checkContent(ManifestDocument document, String section, SecretSection secret,
      Findings findings) {
    String type = secret.type();
    if (IMAGE_PULL.equals(type)) {
      checkImagePull(document, section, secret, findings);
    } else if ("certificates".equals(type) || LEGACY_CERTIFICATE.equals(type)) {
      if (secret.files().isEmpty() && document.keysUnder(child(section, "files")).isEmpty()
          && document.keysUnder(child(section, "file")).isEmpty()) {
        findings.error(child(section, "files"), "a certificates secret must hold at least one file",
            "add files: with the trust store or key store, for example truststore: ./truststore.jks");
      }
    }
  }

  private static void checkImagePull(ManifestDocument document, String section, SecretSection secret,
      Findings findings) {
    String data = child(section, "data");
    for (String key : secret.keys()) {
      if (!DOCKER_CONFIG.equals(key)) {
        String path = secret.data().containsKey(key) ? child(data, key) : child(child(section, "files"), key);
        findings.errorAtKey(path, "a cloud-kernel-image-pull secret holds only .dockerconfigjson, not '" + key + "'",
            "remove the key, or store it in another secret");
      }
    }
    SecretValue config = secret.values().get(DOCKER_CONFIG);
    if (config == null) {
      if (!document.has(child(data, DOCKER_CONFIG))) {
        findings.error(data, "a cloud-kernel-image-pull secret must hold the key .dockerconfigjson",
            "add .dockerconfigjson: with the Docker config JSON, {\"auths\": {...}}");
      }
      return;
    }
    String path = secret.data().containsKey(DOCKER_CONFIG) ? child(data, DOCKER_CONFIG)
        : child(child(section, "files"), DOCKER_CONFIG);
    JsonNode json;
    try {
      json = Json.MAPPER.readTree(config.asString());
    } catch (JsonProcessingException e) {
      json = null;
    }
    if (json == null || !json.isObject() || !json.path("auths").isObject()) {
      findings.error(path, ".dockerconfigjson must be a JSON object with an \"auths\" object",
          "write it as {\"auths\": {\"https://index.docker.io/v1/\": {\"auth\": \"...\"}}}");
    }
  }
}
