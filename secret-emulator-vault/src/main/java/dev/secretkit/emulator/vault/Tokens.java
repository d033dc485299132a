package dev.secretkit.emulator.vault;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The token store: issues tokens for a {@link TokenSpec}, finds them by id while they are valid, renews and
 * revokes them, with Vault's TTL arithmetic. Not thread-safe; the emulator serializes calls.
 */
final class Tokens {
  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Token> byId = new HashMap<>();

  /** Returns a fresh random id shaped like Vault's: {@code prefix} and 24 letters and digits. */
  static String randomId(String prefix) {
    StringBuilder id = new StringBuilder(prefix);
    for (int i = 0; i < 24; i++) {
      id.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
    }
    return id.toString();
  }

  /** Issues the root token: policy {@code root}, no TTL, never expires. */
  Token issueRoot(Instant now) {
    Token root = new Token(randomId("hvs."), randomId(""), "", List.of("root"), "root", "auth/token/root", null,
        true, false, false, now, Duration.ZERO, Duration.ZERO, null);
    byId.put(root.id, root);
    return root;
  }

  /**
   * Issues a token as {@code spec} says, with {@code default} added to its policies unless it has
   * {@code root} or the spec leaves it out, its TTL capped by its max TTL. A batch token's id starts with
   * {@code hvb.} and it has no accessor, as in Vault.
   */
  Token issue(TokenSpec spec, String path, String displayName, Map<String, String> meta, boolean orphan, Instant now) {
    TreeSet<String> policies = new TreeSet<>(spec.policies());
    if (!policies.contains("root") && spec.defaultPolicy()) {
      policies.add("default");
    }
    Duration max = spec.maxTtl().isZero() || spec.maxTtl().compareTo(TokenSpec.SYSTEM_MAX_TTL) > 0
        ? TokenSpec.SYSTEM_MAX_TTL : spec.maxTtl();
    Duration ttl = spec.ttl().compareTo(max) > 0 ? max : spec.ttl();
    Token token = new Token(randomId(spec.batch() ? "hvb." : "hvs."), spec.batch() ? "" : randomId(""),
        spec.namespace(), new ArrayList<>(policies), displayName, path, meta == null ? null : Map.copyOf(meta), orphan,
        spec.renewable() && !spec.batch(), spec.batch(), now, ttl, spec.maxTtl(), now.plus(max));
    byId.put(token.id, token);
    return token;
  }

  /** Returns the token {@code id} if it exists and is valid at {@code now}; an expired one is revoked: null. */
  Token find(String id, Instant now) {
    Token token = byId.get(id);
    if (token != null && !token.validAt(now)) {
      byId.remove(id);
      return null;
    }
    return token;
  }

  /** Revokes the token {@code id}; revoking an unknown one does nothing. */
  void revoke(String id) {
    byId.remove(id);
  }

  /**
   * Revokes {@code token} at its own request ({@code auth/token/revoke-self}).
   *
   * @throws VaultError 400 {@code batch tokens cannot be revoked} for a batch token, which stays valid
   */
  void revokeSelf(Token token) {
    if (token.batch) {
      throw VaultError.badRequest("batch tokens cannot be revoked");
    }
    byId.remove(token.id);
  }

  /**
   * Returns how many service tokens of {@code namespace} are valid at {@code now}, root tokens excepted: those
   * Vault keeps in its storage until they expire or are revoked.
   */
  int serviceTokens(String namespace, Instant now) {
    return (int) byId.values().stream().filter(token -> !token.batch && !token.isRoot()
        && token.namespace.equals(namespace) && token.validAt(now)).count();
  }

  /**
   * Renews {@code token} for {@code incrementSeconds} (its creation TTL when zero or less) from {@code now},
   * capped at its max TTL; returns the warnings Vault gives, such as that the TTL was capped.
   *
   * @throws VaultError 400 {@code batch tokens cannot be renewed} for a batch token, {@code invalid lease ID} for
   *     a root token, {@code lease is not renewable} for a non-renewable one
   */
  List<String> renew(Token token, long incrementSeconds, Instant now) {
    if (token.batch) {
      throw VaultError.badRequest("batch tokens cannot be renewed");
    }
    if (token.maxExpire == null) {
      throw VaultError.badRequest("invalid lease ID");
    }
    if (!token.renewable) {
      throw VaultError.badRequest("lease is not renewable");
    }
    Duration ttl = incrementSeconds > 0 ? Duration.ofSeconds(incrementSeconds) : token.creationTtl;
    List<String> warnings = new ArrayList<>();
    if (now.plus(ttl).isAfter(token.maxExpire)) {
      Duration capped = Duration.between(now, token.maxExpire);
      warnings.add("TTL of \"" + Wire.goDuration(ttl.getSeconds()) + "\" exceeded the effective max_ttl of \""
          + Wire.goDuration(capped.getSeconds()) + "\"; TTL value is capped accordingly");
      ttl = capped;
    }
    token.expire = now.plus(ttl);
    token.lastRenewal = now;
    return warnings;
  }
}
