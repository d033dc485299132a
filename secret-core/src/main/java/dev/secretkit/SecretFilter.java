package dev.secretkit;

import java.util.List;

/**
 * Which secrets a listing returns; a null or empty criterion matches everything.
 *
 * @param owner only secrets owned by this principal id
 * @param tags only secrets holding every one of these tags
 * @param secretType only secrets of this secret type, such as {@code key-value-properties}
 */
public record SecretFilter(String owner, List<String> tags, String secretType) {

  /** A filter that matches every secret. */
  public static final SecretFilter ALL = new SecretFilter(null, List.of(), null);

  /** Copies the tags. */
  public SecretFilter {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** Returns whether {@code summary} passes this filter. */
  public boolean matches(SecretSummary summary) {
    SecretMetadata metadata = summary.metadata();
    return (owner == null || owner.equals(metadata.owner()))
        && metadata.tags().containsAll(tags)
        && (secretType == null || secretType.equals(metadata.secretType()));
  }
}
