package dev.secretkit.emulator.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A named ACL policy: the capabilities it grants on path patterns, read from the HCL (or JSON) a Vault
 * operator writes, such as {@code path "secret/data/app/*" { capabilities = ["read", "list"] }}.
 *
 * <p>Only {@code path} blocks with {@code capabilities} (or the old {@code policy = "read"} shorthand) are
 * read; parameter constraints and wrapping TTLs are refused, not ignored, so that a test never relies on a
 * rule the emulator does not enforce.
 */
final class Policy {
  /** The capabilities Vault knows; {@code deny} overrides every other. */
  static final Set<String> CAPABILITIES =
      Set.of("create", "read", "update", "delete", "list", "patch", "sudo", "deny", "subscribe", "recover");

  /** Vault's {@code default} policy, as far as emulated paths go: a token may look up, renew and revoke itself. */
  static final String DEFAULT_HCL = """
      path "auth/token/lookup-self" {
        capabilities = ["read"]
      }
      path "auth/token/renew-self" {
        capabilities = ["update"]
      }
      path "auth/token/revoke-self" {
        capabilities = ["update"]
      }
      """;

  private static final Map<String, List<String>> SHORTHANDS = Map.of(
      "deny", List.of("deny"),
      "read", List.of("read", "list"),
      "write", List.of("create", "read", "update", "delete", "list", "patch"),
      "sudo", List.of("create", "read", "update", "delete", "list", "patch", "sudo"));

  /** One {@code path} block: a pattern and the capabilities it grants. */
  record Rule(String pattern, Set<String> capabilities) {
  }

  private final String name;
  private final List<Rule> rules;

  private Policy(String name, List<Rule> rules) {
    this.name = name;
    this.rules = List.copyOf(rules);
  }

  /**
   * Reads the policy {@code name} from {@code text}, HCL or JSON.
   *
   * @throws IllegalArgumentException naming the policy and line if it is malformed, grants an unknown
   *     capability, or uses a rule the emulator does not enforce
   */
  static Policy parse(String name, String text) {
    String trimmed = text.strip();
    List<Rule> rules = trimmed.startsWith("{") ? json(name, trimmed) : new Hcl(name, text).policy();
    return new Policy(name, rules);
  }

  String name() {
    return name;
  }

  List<Rule> rules() {
    return rules;
  }

  private static List<Rule> json(String name, String text) {
    JsonNode root;
    try {
      root = Wire.JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("policy '" + name + "' is not valid JSON: " + e.getOriginalMessage(), e);
    }
    List<Rule> rules = new ArrayList<>();
    JsonNode paths = root.path("path");
    for (Iterator<String> keys = root.fieldNames(); keys.hasNext();) {
      String key = keys.next();
      if (!key.equals("path")) {
        throw new IllegalArgumentException("policy '" + name + "': '" + key
            + "' is not emulated; expected only 'path'");
      }
    }
    for (Map.Entry<String, JsonNode> entry : paths.properties()) {
      List<String> capabilities = new ArrayList<>();
      for (Map.Entry<String, JsonNode> setting : entry.getValue().properties()) {
        if (setting.getKey().equals("capabilities")) {
          setting.getValue().forEach(capability -> capabilities.add(capability.asText()));
        } else if (setting.getKey().equals("policy")) {
          capabilities.addAll(shorthand(name, entry.getKey(), setting.getValue().asText()));
        } else {
          throw notEmulated(name, entry.getKey(), setting.getKey());
        }
      }
      rules.add(rule(name, entry.getKey(), capabilities));
    }
    return rules;
  }

  private static Rule rule(String policy, String pattern, List<String> capabilities) {
    for (String capability : capabilities) {
      if (!CAPABILITIES.contains(capability)) {
        throw new IllegalArgumentException("policy '" + policy + "', path \"" + pattern + "\": invalid capability \""
            + capability + "\"; expected some of " + new TreeSet<>(CAPABILITIES));
      }
    }
    String normalized = pattern.startsWith("/") ? pattern.substring(1) : pattern;
    return new Rule(normalized, Set.copyOf(new LinkedHashSet<>(capabilities)));
  }

  private static List<String> shorthand(String policy, String pattern, String value) {
    List<String> capabilities = SHORTHANDS.get(value);
    if (capabilities == null) {
      throw new IllegalArgumentException("policy '" + policy + "', path \"" + pattern + "\": invalid policy \""
          + value + "\"; expected deny, read, write or sudo");
    }
    return capabilities;
  }

  private static IllegalArgumentException notEmulated(String policy, String pattern, String key) {
    return new IllegalArgumentException("policy '" + policy + "', path \"" + pattern + "\": '" + key
        + "' is not emulated; the emulator enforces capabilities only");
  }

  /** A reader of the HCL subset Vault policies use: {@code path "..." { key = value ... }} blocks and comments. */
  private static final class Hcl {
    private final String policy;
    private final String text;
    private int at;

    Hcl(String policy, String text) {
      this.policy = policy;
      this.text = text;
    }

    List<Rule> policy() {
      List<Rule> rules = new ArrayList<>();
      for (String word = next(); word != null; word = next()) {
        if (!word.equals("path")) {
          throw error("expected 'path', found " + describe(word));
        }
        String pattern = string(next());
        String open = next();
        if ("=".equals(open)) {
          open = next();
        }
        expect("{", open);
        List<String> capabilities = new ArrayList<>();
        for (String key = next(); !"}".equals(key); key = next()) {
          if (",".equals(key)) {
            continue;
          }
          if (key == null || !Character.isLetter(key.charAt(0))) {
            throw error("expected a setting or '}', found " + describe(key));
          }
          expect("=", next());
          if (key.equals("capabilities")) {
            capabilities.addAll(list());
          } else if (key.equals("policy")) {
            capabilities.addAll(shorthand(policy, pattern, string(next())));
          } else {
            throw notEmulated(policy, pattern, key);
          }
        }
        rules.add(rule(policy, pattern, capabilities));
      }
      return rules;
    }

    private List<String> list() {
      expect("[", next());
      List<String> values = new ArrayList<>();
      for (String token = next(); !"]".equals(token); token = next()) {
        if (",".equals(token)) {
          continue;
        }
        values.add(string(token));
      }
      return values;
    }

    private String string(String token) {
      if (token == null || !token.startsWith("\"")) {
        throw error("expected a quoted string, found " + describe(token));
      }
      return token.substring(1);
    }

    private void expect(String wanted, String token) {
      if (!wanted.equals(token)) {
        throw error("expected '" + wanted + "', found " + describe(token));
      }
    }

    private String describe(String token) {
      return token == null ? "the end" : token.startsWith("\"") ? "\"" + token.substring(1) + "\"" : "'" + token + "'";
    }

    private IllegalArgumentException error(String problem) {
      int line = 1;
      for (int i = 0; i < Math.min(at, text.length()); i++) {
        if (text.charAt(i) == '\n') {
          line++;
        }
      }
      return new IllegalArgumentException("policy '" + policy + "', line " + line + ": " + problem
          + "; the emulator reads path \"PATTERN\" { capabilities = [\"read\", ...] } blocks");
    }

    /** Returns the next token: a word, a punctuation mark, a string as '"' + its value, or null at the end. */
    private String next() {
      skipSpaceAndComments();
      if (at >= text.length()) {
        return null;
      }
      char c = text.charAt(at);
      if ("{}[]=,".indexOf(c) >= 0) {
        at++;
        return String.valueOf(c);
      }
      if (c == '"') {
        StringBuilder value = new StringBuilder("\"");
        at++;
        while (at < text.length() && text.charAt(at) != '"') {
          char d = text.charAt(at++);
          if (d == '\\' && at < text.length()) {
            d = text.charAt(at++);
          }
          value.append(d);
        }
        if (at >= text.length()) {
          throw error("a string is not closed");
        }
        at++;
        return value.toString();
      }
      int start = at;
      while (at < text.length() && isWordCharacter(text.charAt(at))) {
        at++;
      }
      if (start == at) {
        throw error("unexpected character '" + c + "'");
      }
      return text.substring(start, at);
    }

    private static boolean isWordCharacter(char c) {
      return Character.isLetterOrDigit(c) || "_-.".indexOf(c) >= 0;
    }

    private void skipSpaceAndComments() {
      while (at < text.length()) {
        char c = text.charAt(at);
        if (Character.isWhitespace(c)) {
          at++;
        } else if (c == '#' || text.startsWith("//", at)) {
          while (at < text.length() && text.charAt(at) != '\n') {
            at++;
          }
        } else if (text.startsWith("/*", at)) {
          int end = text.indexOf("*/", at + 2);
          at = end < 0 ? text.length() : end + 2;
        } else {
          return;
        }
      }
    }
  }
}
