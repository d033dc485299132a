package dev.secretkit.emulator.vault;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The merged rules of a token's policies, which answer whether a capability on a path is allowed, with
 * Vault's ACL semantics.
 *
 * <p>Rules for the same pattern are merged (their capabilities add up, and {@code deny} takes them all
 * away). A path is governed by the single most specific pattern that matches it, chosen with Vault's
 * priority rules: the later the first {@code +} or {@code *}, the more specific; a pattern not ending in
 * {@code *} beats one that does; fewer {@code +} segments beat more; a longer pattern beats a shorter one;
 * then the lexically larger wins. {@code *} at the end matches any rest of the path, {@code +} matches one
 * path segment. A token with the {@code root} policy may do anything.
 */
final class Acl {
  private final boolean root;
  private final Map<String, Set<String>> rules = new HashMap<>();

  Acl(Collection<Policy> policies, boolean root) {
    this.root = root;
    for (Policy policy : policies) {
      for (Policy.Rule rule : policy.rules()) {
        Set<String> merged = rules.computeIfAbsent(rule.pattern(), pattern -> new HashSet<>());
        merged.addAll(rule.capabilities());
      }
    }
  }

  /** Returns whether {@code capability} is allowed on {@code path}. */
  boolean allows(String path, String capability) {
    if (root) {
      return true;
    }
    String best = null;
    for (String pattern : rules.keySet()) {
      if (matches(pattern, path) && (best == null || compare(pattern, best) > 0)) {
        best = pattern;
      }
    }
    if (best == null) {
      return false;
    }
    Set<String> capabilities = rules.get(best);
    return !capabilities.contains("deny") && capabilities.contains(capability);
  }

  /** Returns whether {@code pattern}, with {@code +} segments and maybe a trailing {@code *}, matches {@code path}. */
  static boolean matches(String pattern, String path) {
    boolean glob = pattern.endsWith("*");
    String[] wanted = (glob ? pattern.substring(0, pattern.length() - 1) : pattern).split("/", -1);
    String[] actual = path.split("/", -1);
    if (glob ? actual.length < wanted.length : actual.length != wanted.length) {
      return false;
    }
    for (int i = 0; i < wanted.length; i++) {
      boolean last = i == wanted.length - 1;
      if (wanted[i].equals("+")) {
        continue;
      }
      if (glob && last ? !actual[i].startsWith(wanted[i]) : !actual[i].equals(wanted[i])) {
        return false;
      }
    }
    return true;
  }

  /** Compares two patterns by Vault's ACL priority: positive when {@code a} is the more specific. */
  static int compare(String a, String b) {
    int firstA = firstWildcard(a);
    int firstB = firstWildcard(b);
    if (firstA != firstB) {
      return Integer.compare(firstA, firstB);
    }
    boolean globA = a.endsWith("*");
    boolean globB = b.endsWith("*");
    if (globA != globB) {
      return globA ? -1 : 1;
    }
    int plusA = plusSegments(a);
    int plusB = plusSegments(b);
    if (plusA != plusB) {
      return Integer.compare(plusB, plusA);
    }
    if (a.length() != b.length()) {
      return Integer.compare(a.length(), b.length());
    }
    return a.compareTo(b);
  }

  private static int firstWildcard(String pattern) {
    int first = Integer.MAX_VALUE;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      boolean plus = c == '+' && (i == 0 || pattern.charAt(i - 1) == '/')
          && (i == pattern.length() - 1 || pattern.charAt(i + 1) == '/');
      if (plus || c == '*' && i == pattern.length() - 1) {
        first = i;
        break;
      }
    }
    return first;
  }

  private static int plusSegments(String pattern) {
    int count = 0;
    for (String segment : pattern.split("/", -1)) {
      if (segment.equals("+")) {
        count++;
      }
    }
    return count;
  }
}
