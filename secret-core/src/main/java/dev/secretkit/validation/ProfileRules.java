package dev.secretkit.validation;

import static dev.secretkit.internal.ManifestPaths.child;

import dev.secretkit.SecretValue;
import dev.secretkit.internal.ManifestPaths;
import dev.secretkit.spi.support.Suggestions;
import dev.secretkit.manifest.ManifestDocument;
import dev.secretkit.manifest.SecretManifest;
import dev.secretkit.manifest.SecretSection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Checks a manifest's keys against a data-source profile: required, unexpected and forbidden keys. */
final class ProfileRules {
  private static final String TAG_PREFIX = "source:";
  private static final String KEY_PAIR = "key-pair";

  private ProfileRules() {}

  static void check(ManifestDocument document, DataSourceProfile chosen, Findings findings) {
    SecretManifest manifest = document.manifest();
    DataSourceProfile profile = chosen;
    List<String> tagged = new ArrayList<>();
    List<String> tags = manifest.tags();
    for (int i = 0; i < tags.size(); i++) {
      String tag = tags.get(i);
      if (!tag.startsWith(TAG_PREFIX)) {
        continue;
      }
      String path = ManifestPaths.index("tags", i);
      String name = tag.substring(TAG_PREFIX.length());
      var found = DataSourceProfiles.find(name);
      if (found.isEmpty()) {
        Set<String> names = new TreeSet<>();
        DataSourceProfiles.all().forEach(p -> names.add(p.name()));
        findings.error(path, "unknown data-source profile '" + name + "'",
            DataSourceProfiles.closest(name).map(s -> "did you mean 'source:" + s + "'?")
                .orElse("known profiles: " + String.join(", ", names)));
      } else if (!tagged.isEmpty()) {
        findings.error(path, "more than one source: tag", "keep one: a secret holds the credentials of one source");
      } else {
        tagged.add(name);
        if (profile == null || refines(found.get(), profile)) {
          profile = found.get();
        } else if (!profile.name().equals(name)) {
          findings.warning(path, "tagged source:" + name + " but checked against the " + profile.name() + " profile",
              "the profile asked for by the caller wins; fix the tag or the --source option");
        }
      }
    }
    SecretSection section = manifest.secret();
    if (profile == null || section == null) {
      return;
    }
    String sectionPath = document.sectionKey();
    if ("snowflake".equals(profile.name())) {
      boolean keyPair = section.keys().stream().anyMatch(k -> k.equals("auth_mode") || k.equals("key")
          || k.equals("passphrase"));
      profile = DataSourceProfiles.find(keyPair ? "snowflake-keypair" : "snowflake-password").orElseThrow();
    }
    checkKeys(document, sectionPath, section, profile, findings);
    if ("snowflake-keypair".equals(profile.name())) {
      checkSnowflakeKeyPair(document, sectionPath, section, manifest, findings);
    }
  }

  /** Returns whether {@code tagged} is one of the variants {@code chosen} picks between, as snowflake-keypair is for snowflake. */
  private static boolean refines(DataSourceProfile tagged, DataSourceProfile chosen) {
    return tagged.name().startsWith(chosen.name() + "-");
  }

  private static void checkKeys(ManifestDocument document, String section, SecretSection secret,
      DataSourceProfile profile, Findings findings) {
    String data = child(section, "data");
    String files = child(section, "files");
    Set<String> written = new LinkedHashSet<>(document.keysUnder(data));
    written.addAll(document.keysUnder(files));
    written.addAll(document.keysUnder(child(section, "file")));
    for (String key : new TreeSet<>(profile.required())) {
      if (!written.contains(key)) {
        boolean file = profile.fileKeys().contains(key);
        String parent = file ? files : data;
        findings.error(child(parent, key), "missing key '" + key + "' required by the " + profile.name() + " profile",
            "add it under " + (file ? "files: (the path of the file)" : "data:"));
      }
    }
    for (String key : written) {
      String path = secret.files().containsKey(key) || document.has(child(files, key)) ? child(files, key)
          : child(data, key);
      if (profile.forbidden().contains(key)) {
        findings.errorAtKey(path, "key '" + key + "' is not allowed with the " + profile.name()
                + " profile: Snowflake takes one authentication method per secret",
            "remove '" + key + "', or keep the other method's keys and check against its profile");
      } else if (!profile.knows(key)) {
        findings.warningAtKey(path, "key '" + key + "' is not part of the " + profile.name() + " profile"
                + " (expected " + String.join(", ", new TreeSet<>(profile.required()))
                + (profile.optional().isEmpty() ? "" : "; optional " + String.join(", ", new TreeSet<>(profile.optional())))
                + ")",
            Suggestions.closest(key, union(profile)).map(s -> "did you mean '" + s + "'?")
                .orElse("remove it, or check the secret against another profile"));
      }
    }
  }

  private static Set<String> union(DataSourceProfile profile) {
    Set<String> all = new TreeSet<>(profile.required());
    all.addAll(profile.optional());
    return all;
  }

  private static void checkSnowflakeKeyPair(ManifestDocument document, String section, SecretSection secret,
      SecretManifest manifest, Findings findings) {
    String data = child(section, "data");
    SecretValue mode = secret.values().get("auth_mode");
    if (mode != null && !KEY_PAIR.equals(mode.asString())) {
      findings.error(child(data, "auth_mode"), "auth_mode must be key-pair for RSA key-pair authentication",
          "write auth_mode: key-pair, or remove it and use a password");
    }
    SecretValue key = secret.values().get("key");
    if (key == null) {
      return;
    }
    String pem = key.asString();
    String keyPath = secret.files().containsKey("key") ? child(child(section, "files"), "key") : child(data, "key");
    if (!pem.contains("-----BEGIN") || !pem.contains("PRIVATE KEY-----")) {
      findings.error(keyPath, "key must be a PEM private key (-----BEGIN PRIVATE KEY----- or"
              + " -----BEGIN ENCRYPTED PRIVATE KEY-----)",
          "paste the PKCS#8 key as a block scalar (key: |), or load it with files:");
      return;
    }
    boolean hasPassphrase = secret.values().containsKey("passphrase") || document.has(child(data, "passphrase"));
    if (!hasPassphrase) {
      if (pem.contains("ENCRYPTED PRIVATE KEY")) {
        findings.error(child(data, "passphrase"), "the key is encrypted, so passphrase is required",
            "add passphrase: with the key's passphrase");
      } else if (ManifestRules.V1.equals(manifest.version()) || manifest.isInstanceSecret()) {
        findings.error(child(data, "passphrase"), "passphrase is required for Snowflake key-pair secrets in version v1",
            "add passphrase:, or use version v2alpha, where an unencrypted key needs none");
      }
    }
  }
}
