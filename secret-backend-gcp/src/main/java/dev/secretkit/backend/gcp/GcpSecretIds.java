package dev.secretkit.backend.gcp;

import dev.secretkit.InvalidReferenceException;
import dev.secretkit.SecretId;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The reversible, collision-free naming of SecretKit secrets as GCP secret ids, which allow only
 * {@code [A-Za-z0-9_-]}, at most 255 characters: {@code PREFIX + SCOPE + "_" + NAME}, with each
 * {@code .} of the name written {@value #DOT}.
 *
 * <p>Why it is reversible: a scope ({@code [a-z]([-a-z0-9]*[a-z0-9])?}) holds no {@code _}, so the
 * first {@code _} after the prefix ends it; a name ({@code [a-z]([-_.a-z0-9]*[a-z0-9])?}) holds no
 * upper-case letter, so {@value #DOT} stands for {@code .} only. An id decodes only if encoding its
 * decoding gives it back, so every GCP id names at most one secret and every secret exactly one id.
 * With the longest scope (31) and name (59), a prefix may be up to {@value #MAX_PREFIX} characters. Under one prefix
 * the encoding is injective; two prefixes of which one starts with the other share ids ({@code team-} and
 * {@code team-a} both read {@code team-ab_pg}), so stores sharing a project must not use such prefixes.
 */
final class GcpSecretIds {
  /** The most characters of a GCP secret id. */
  static final int MAX_ID = 255;
  /** The longest prefix that leaves room for the longest scope, the separator and the longest name. */
  static final int MAX_PREFIX = MAX_ID - 31 - 1 - 59;
  /** What a {@code .} of a name becomes: an upper-case letter, which no name holds. */
  static final char DOT = 'D';

  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]{0," + MAX_PREFIX + "}");

  private GcpSecretIds() {
  }

  /** Returns whether {@code prefix} may start GCP secret ids: {@code [A-Za-z0-9_-]}, at most {@value #MAX_PREFIX}. */
  static boolean validPrefix(String prefix) {
    return PREFIX.matcher(prefix).matches();
  }

  /** Returns the GCP secret id of {@code id} under {@code prefix}. */
  static String encode(String prefix, SecretId id) {
    return prefix + scopePart(id.scope()) + id.name().replace('.', DOT);
  }

  /** Returns what the ids of every secret in {@code scope} start with, under {@code prefix}. */
  static String scopePrefix(String prefix, String scope) {
    return prefix + scopePart(scope);
  }

  /**
   * Returns the secret that GCP secret id {@code gcpId} names under {@code prefix}, or empty when no
   * SecretKit secret encodes to it (another tool's secret, or one under another prefix).
   */
  static Optional<SecretId> decode(String prefix, String gcpId) {
    if (!gcpId.startsWith(prefix)) {
      return Optional.empty();
    }
    String rest = gcpId.substring(prefix.length());
    int separator = rest.indexOf('_');
    if (separator <= 0) {
      return Optional.empty();
    }
    SecretId id;
    try {
      id = SecretId.of(rest.substring(0, separator), rest.substring(separator + 1).replace(DOT, '.'));
    } catch (InvalidReferenceException notOurs) {
      return Optional.empty();
    }
    return encode(prefix, id).equals(gcpId) ? Optional.of(id) : Optional.empty();
  }

  private static String scopePart(String scope) {
    return scope + "_";
  }
}
