package dev.secretkit.emulator.gcp;

import com.google.cloud.secretmanager.v1.Replication;
import com.google.cloud.secretmanager.v1.Secret;
import com.google.cloud.secretmanager.v1.SecretVersion;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a secret's settable fields must keep, as the {@code Secret} resource's documentation states them; a
 * field that breaks one is refused with {@code INVALID_ARGUMENT} naming the field, the rule and the value's key.
 */
final class SecretFields {
  /** Label keys and values: Secret.labels' PCRE rules, at most 63 characters and 128 UTF-8 bytes each. */
  private static final Pattern LABEL_KEY = Pattern.compile("[\\p{Ll}\\p{Lo}][\\p{Ll}\\p{Lo}\\p{N}_-]{0,62}");
  private static final Pattern LABEL_VALUE = Pattern.compile("[\\p{Ll}\\p{Lo}\\p{N}_-]{0,63}");
  static final int MAX_LABELS = 64;
  /** Annotation keys: 1 to 63 characters, alphanumeric at both ends, {@code - _ .} between. */
  private static final Pattern ANNOTATION_KEY = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?");
  /** "The total size of annotation keys and values must be less than 16KiB." */
  static final int ANNOTATIONS_BYTES_LIMIT = 16 * 1024;
  private static final Pattern ALIAS = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,62}");
  /** "No more than 50 aliases can be assigned to a given secret." */
  static final int MAX_ALIASES = 50;
  private static final int MAX_KEY_BYTES = 128;

  private SecretFields() {
  }

  static void checkReplication(Secret secret) {
    if (!secret.hasReplication()
        || secret.getReplication().getReplicationCase() == Replication.ReplicationCase.REPLICATION_NOT_SET) {
      throw Errors.invalid("Secret.replication is required: set automatic replication, or user_managed with at least "
          + "one replica location.");
    }
    if (secret.getReplication().hasUserManaged()) {
      Set<String> seen = new HashSet<>();
      if (secret.getReplication().getUserManaged().getReplicasCount() == 0) {
        throw Errors.invalid("Secret.replication.user_managed.replicas must name at least one location.");
      }
      for (Replication.UserManaged.Replica replica : secret.getReplication().getUserManaged().getReplicasList()) {
        if (replica.getLocation().isEmpty() || !seen.add(replica.getLocation())) {
          throw Errors.invalid("Secret.replication.user_managed.replicas: each replica needs a location, and no "
              + "location may repeat ('" + replica.getLocation() + "').");
        }
      }
    }
  }

  static void checkLabels(Map<String, String> labels) {
    if (labels.size() > MAX_LABELS) {
      throw Errors.invalid("Secret.labels has " + labels.size() + " labels; no more than " + MAX_LABELS
          + " can be assigned to a secret.");
    }
    labels.forEach((key, value) -> {
      if (!LABEL_KEY.matcher(key).matches() || bytes(key) > MAX_KEY_BYTES) {
        throw Errors.invalid("Secret.labels key '" + key + "' is invalid: a key is 1 to 63 lowercase letters, "
            + "digits, '_' or '-', starting with a lowercase letter.");
      }
      if (!LABEL_VALUE.matcher(value).matches() || bytes(value) > MAX_KEY_BYTES) {
        throw Errors.invalid("Secret.labels value of key '" + key + "' is invalid: a value is 0 to 63 lowercase "
            + "letters, digits, '_' or '-'.");
      }
    });
  }

  static void checkAnnotations(Map<String, String> annotations) {
    int total = 0;
    for (Map.Entry<String, String> entry : annotations.entrySet()) {
      String key = entry.getKey();
      if (!ANNOTATION_KEY.matcher(key).matches() || bytes(key) > MAX_KEY_BYTES) {
        throw Errors.invalid("Secret.annotations key '" + key + "' is invalid: a key is 1 to 63 letters, digits, "
            + "'-', '_' or '.', beginning and ending with a letter or digit.");
      }
      total += bytes(key) + bytes(entry.getValue());
    }
    if (total >= ANNOTATIONS_BYTES_LIMIT) {
      throw Errors.invalid("Secret.annotations keys and values total " + total + " bytes; they must total less than "
          + ANNOTATIONS_BYTES_LIMIT + " (16 KiB).");
    }
  }

  /**
   * Checks aliases against the documented rules (an alias starts with a letter, has at most 63 letters, digits,
   * {@code -} and {@code _}, is not {@code latest} or {@code NEW} in any case, and a secret has at most 50), and
   * that each names a version of {@code versions} that is not destroyed: the documentation is silent on those two,
   * and the emulator refuses an alias that could never be accessed.
   */
  static void checkAliases(Map<String, Long> aliases, String secretName, NavigableMap<Long, StoredVersion> versions) {
    if (aliases.size() > MAX_ALIASES) {
      throw Errors.invalid("Secret.version_aliases has " + aliases.size() + " aliases; no more than " + MAX_ALIASES
          + " can be assigned to a secret.");
    }
    aliases.forEach((alias, version) -> {
      String lower = alias.toLowerCase(Locale.ROOT);
      if (!ALIAS.matcher(alias).matches() || lower.equals(Names.LATEST) || lower.equals("new")) {
        throw Errors.invalid("Secret.version_aliases alias '" + alias + "' is invalid: an alias starts with a letter, "
            + "has at most 63 letters, digits, '-' and '_', and is not 'latest' or 'new' in any case.");
      }
      StoredVersion target = versions.get(version);
      if (target == null) {
        throw Errors.invalid("Secret.version_aliases alias '" + alias + "' names version " + version + ", which "
            + secretName + " does not have.");
      }
      if (target.state() == SecretVersion.State.DESTROYED) {
        throw Errors.invalid("Secret.version_aliases alias '" + alias + "' names version " + version
            + " of " + secretName + ", which is destroyed.");
      }
    });
  }

  /**
   * Refuses fields the emulator does not emulate (expiry, rotation, Pub/Sub topics, delayed destruction,
   * customer-managed encryption, tags), so a test never passes on a setting that was silently ignored.
   */
  static void checkUnsupported(Secret secret) {
    String field = secret.getTopicsCount() > 0 ? "topics"
        : secret.hasExpireTime() ? "expire_time"
        : secret.hasTtl() ? "ttl"
        : secret.hasRotation() ? "rotation"
        : secret.hasVersionDestroyTtl() ? "version_destroy_ttl"
        : secret.hasCustomerManagedEncryption() ? "customer_managed_encryption"
        : secret.getTagsCount() > 0 ? "tags"
        : null;
    if (field != null) {
      throw Errors.invalid("Secret." + field + " is not supported by the SecretKit emulator; leave it unset.");
    }
  }

  private static int bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
