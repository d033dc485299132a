package dev.secretkit.manifest;

import java.util.List;
import java.util.Objects;

/**
 * A DataOS Secret or Instance Secret manifest: the resource meta fields and the secret section.
 *
 * <p>Fields are null when the manifest does not set them ({@code tags} is then empty). A manifest
 * returned by a {@link dev.secretkit.manifest.Validation} without errors has {@code name},
 * {@code version}, {@code type} and {@code secret} set. {@link #toString()} shows keys but never
 * values. Instances are immutable.
 *
 * @param name the resource name
 * @param version {@code v1} or {@code v2alpha}
 * @param type {@code secret} or {@code instance-secret}
 * @param tags the tags, in order, possibly empty
 * @param description free text
 * @param owner the owning user's id
 * @param layer {@code user} or {@code system}
 * @param workspace the scope given in the manifest (the V1 workspace or V2 tenant)
 * @param secret the secret section ({@code secret:}, {@code spec:} or {@code instance-secret:})
 */
public record SecretManifest(
    String name,
    String version,
    String type,
    List<String> tags,
    String description,
    String owner,
    String layer,
    String workspace,
    SecretSection secret) {

  /** The {@code type} of a workspace (V1) or tenant (V2) secret. */
  public static final String TYPE_SECRET = "secret";
  /** The {@code type} of a V1 instance-scoped secret. */
  public static final String TYPE_INSTANCE_SECRET = "instance-secret";

  /** Copies {@code tags} and checks it is not null. */
  public SecretManifest {
    tags = List.copyOf(Objects.requireNonNull(tags, "tags"));
  }

  /** Returns whether this is an instance secret ({@code type: instance-secret}). */
  public boolean isInstanceSecret() {
    return TYPE_INSTANCE_SECRET.equals(type);
  }

  /** Returns a copy with another secret section. */
  public SecretManifest withSecret(SecretSection section) {
    return new SecretManifest(name, version, type, tags, description, owner, layer, workspace, section);
  }
}
