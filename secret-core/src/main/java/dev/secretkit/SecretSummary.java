package dev.secretkit;

import java.util.List;
import java.util.Objects;

/**
 * What a listing shows of a secret: its id, latest version, metadata and key names, never values.
 *
 * @param id the secret's id
 * @param latest the latest version
 * @param metadata the secret's metadata
 * @param keys the key names of the latest version, in the order they were written
 */
public record SecretSummary(SecretId id, SecretVersion latest, SecretMetadata metadata, List<String> keys) {

  /** Checks every part and copies the keys. */
  public SecretSummary {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(latest, "latest");
    Objects.requireNonNull(metadata, "metadata");
    keys = List.copyOf(keys);
  }
}
