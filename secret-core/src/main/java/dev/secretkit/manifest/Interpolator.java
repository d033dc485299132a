package dev.secretkit.manifest;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Expands {@code $NAME} and {@code ${NAME}} from an environment, as {@code dataos-ctl} does,
 * except that an undefined name is reported instead of silently becoming empty.
 *
 * <p>{@code $$} is a literal {@code $}; a {@code $} followed by anything that cannot start a
 * name is kept as it is. Names are {@code [A-Za-z_][A-Za-z0-9_]*}.
 */
final class Interpolator {
  private final Map<String, String> environment;

  Interpolator(Map<String, String> environment) {
    this.environment = environment;
  }

  /**
   * The outcome of expanding one text.
   *
   * @param text the expanded text; meaningful only when {@code undefined} is empty and {@code malformed} false
   * @param undefined the references to names the environment does not define, as written
   *     ({@code $NAME} or {@code ${NAME}}), in order of appearance
   * @param malformed whether a {@code ${} has no closing brace or holds something other than a name
   */
  record Result(String text, Set<String> undefined, boolean malformed) {
    boolean ok() {
      return undefined.isEmpty() && !malformed;
    }
  }

  Result expand(String input) {
    StringBuilder out = new StringBuilder(input.length());
    Set<String> undefined = new LinkedHashSet<>();
    boolean malformed = false;
    int i = 0;
    while (i < input.length()) {
      char c = input.charAt(i);
      if (c != '$' || i + 1 >= input.length()) {
        out.append(c);
        i++;
        continue;
      }
      char next = input.charAt(i + 1);
      if (next == '$') {
        out.append('$');
        i += 2;
      } else if (next == '{') {
        int close = input.indexOf('}', i + 2);
        String name = close < 0 ? "" : input.substring(i + 2, close);
        if (!isName(name)) {
          malformed = true;
          out.append(c);
          i++;
          continue;
        }
        substitute(name, "${" + name + "}", out, undefined);
        i = close + 1;
      } else if (isNameStart(next)) {
        int end = i + 2;
        while (end < input.length() && isNamePart(input.charAt(end))) {
          end++;
        }
        substitute(input.substring(i + 1, end), input.substring(i, end), out, undefined);
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return new Result(out.toString(), undefined, malformed);
  }

  private void substitute(String name, String reference, StringBuilder out, Set<String> undefined) {
    String value = environment.get(name);
    if (value == null) {
      undefined.add(reference);
    } else {
      out.append(value);
    }
  }

  private static boolean isName(String text) {
    if (text.isEmpty() || !isNameStart(text.charAt(0))) {
      return false;
    }
    return text.chars().allMatch(ch -> isNamePart((char) ch));
  }

  private static boolean isNameStart(char c) {
    return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  private static boolean isNamePart(char c) {
    return isNameStart(c) || (c >= '0' && c <= '9');
  }
}
