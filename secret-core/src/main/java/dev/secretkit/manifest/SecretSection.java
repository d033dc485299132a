package dev.secretkit.manifest;

import dev.secretkit.SecretValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The secret section of a manifest: its type, ACL, inline {@code data} and {@code files}.
 *
 * <p>Maps keep the order of the manifest. {@code type} and {@code acl} are null when absent.
 * {@link #toString()} shows keys but never values. Instances are immutable.
 *
 * @param type the secret type, such as {@code key-value-properties}
 * @param acl {@code r}, {@code rw}, or null (V2 manifests usually leave it out)
 * @param data the inline values, by key, each exactly as written (after interpolation)
 * @param files the values loaded from files, by key
 */
public record SecretSection(String type, String acl, Map<String, SecretValue> data, Map<String, FileEntry> files) {

  /** Copies both maps, keeping their order, and checks they are not null. */
  public SecretSection {
    data = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(data, "data")));
    files = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(files, "files")));
  }

  /** Returns every key of {@code data} then {@code files}, in manifest order. */
  public Set<String> keys() {
    Set<String> keys = new LinkedHashSet<>(data.keySet());
    keys.addAll(files.keySet());
    return Collections.unmodifiableSet(keys);
  }

  /** Returns every value by key: {@code data} values and the contents of {@code files}, in manifest order. */
  public Map<String, SecretValue> values() {
    Map<String, SecretValue> values = new LinkedHashMap<>(data);
    files.forEach((key, file) -> values.put(key, file.content()));
    return Collections.unmodifiableMap(values);
  }

  /** Returns a copy with another type. */
  public SecretSection withType(String newType) {
    return new SecretSection(newType, acl, data, files);
  }
}
