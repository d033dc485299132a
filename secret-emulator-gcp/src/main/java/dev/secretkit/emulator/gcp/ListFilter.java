package dev.secretkit.emulator.gcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The subset of the list filter language (AIP-160, as Secret Manager's "Filter lists of secrets and secret versions"
 * page uses it) that the emulator evaluates, and the refusal of the rest with {@code INVALID_ARGUMENT}.
 *
 * <p>Supported: restrictions on {@code name} (the full resource name), {@code labels.KEY} and {@code labels} for
 * secrets, and {@code name} and {@code state} for versions, with {@code :} (has: a substring, or with {@code *} a
 * wildcard pattern anywhere; {@code labels.KEY:*} and {@code labels:KEY} test for the key), {@code =} (equals, with
 * {@code *} matching any run of characters) and {@code !=}; values bare or double-quoted; {@code NOT} and {@code -},
 * {@code AND}, {@code OR} (binding tighter than {@code AND}), juxtaposition as {@code AND}, and parentheses. Matching
 * is case-sensitive, except for state names. Not supported: other fields ({@code create_time}, {@code expire_time},
 * {@code replication...}, {@code topics}, {@code annotations}...), the comparisons {@code < <= > >=}, regular
 * expressions ({@code ~}, which the API does not support either), and bare values (global search).
 */
final class ListFilter {
  /** What a filter sees of one listed resource. */
  record Target(String name, Map<String, String> labels, String state) {
  }

  /** Which list a filter is for, and so which fields it may name. */
  enum Kind {
    SECRETS("name, labels.KEY and labels"),
    VERSIONS("name and state");

    private final String fields;

    Kind(String fields) {
      this.fields = fields;
    }
  }

  private static final Predicate<Target> ALL = target -> true;
  private static final String OPERATORS = ":=<>!~";

  private final String text;
  private final Kind kind;
  private final List<String> tokens;
  private int next;

  private ListFilter(String text, Kind kind) {
    this.text = text;
    this.kind = kind;
    this.tokens = tokenize(text);
  }

  /**
   * Returns the predicate {@code filter} stands for on a list of {@code kind}; an empty filter accepts everything.
   *
   * @throws io.grpc.StatusRuntimeException {@code INVALID_ARGUMENT} if the filter is malformed or uses what the
   *     emulator does not support
   */
  static Predicate<Target> parse(String filter, Kind kind) {
    if (filter.isBlank()) {
      return ALL;
    }
    ListFilter parser = new ListFilter(filter, kind);
    Predicate<Target> predicate = parser.expression();
    if (parser.next < parser.tokens.size()) {
      throw parser.error("unexpected '" + parser.tokens.get(parser.next) + "'");
    }
    return predicate;
  }

  private Predicate<Target> expression() {
    Predicate<Target> result = sequence();
    while (peekIs("AND")) {
      next++;
      result = result.and(sequence());
    }
    return result;
  }

  private Predicate<Target> sequence() {
    Predicate<Target> result = factor();
    while (next < tokens.size() && !peekIs("AND") && !peekIs(")")) {
      result = result.and(factor());
    }
    return result;
  }

  private Predicate<Target> factor() {
    Predicate<Target> result = term();
    while (peekIs("OR")) {
      next++;
      result = result.or(term());
    }
    return result;
  }

  private Predicate<Target> term() {
    if (peekIs("NOT")) {
      next++;
      return term().negate();
    }
    String token = take("a restriction");
    if (token.startsWith("-") && token.length() > 1) {
      tokens.set(next - 1, token.substring(1));
      next--;
      return term().negate();
    }
    if (token.equals("(")) {
      Predicate<Target> inner = expression();
      if (!take("')'").equals(")")) {
        throw error("expected ')'");
      }
      return inner;
    }
    return restriction(token);
  }

  private Predicate<Target> restriction(String field) {
    if (isKeywordOrPunctuation(field)) {
      throw error("unexpected '" + field + "'");
    }
    if (next >= tokens.size() || !isOperator(tokens.get(next))) {
      throw error("'" + field + "' has no operator; searching all fields for a bare value is not supported by the "
          + "emulator, name a field, such as name:" + field);
    }
    String operator = tokens.get(next++);
    String value = unquote(take("a value after '" + field + operator + "'"));
    if (!operator.equals(":") && !operator.equals("=") && !operator.equals("!=")) {
      throw error("the operator '" + operator + "' is not supported by the emulator; use ':', '=' or '!='");
    }
    boolean has = operator.equals(":");
    Predicate<Target> predicate;
    if (field.equals("name")) {
      predicate = target -> matches(target.name(), value, has);
    } else if (kind == Kind.SECRETS && field.equals("labels") && has) {
      predicate = value.equals("*") ? target -> !target.labels().isEmpty()
          : target -> target.labels().containsKey(value);
    } else if (kind == Kind.SECRETS && field.startsWith("labels.") && field.length() > "labels.".length()) {
      String key = field.substring("labels.".length());
      predicate = has && value.equals("*") ? target -> target.labels().containsKey(key)
          : target -> target.labels().containsKey(key) && matches(target.labels().get(key), value, has);
    } else if (kind == Kind.VERSIONS && field.equals("state")) {
      String state = value.toUpperCase(Locale.ROOT);
      predicate = target -> target.state().equals(state);
    } else {
      throw error("filtering on '" + field + "' is not supported by the emulator; it filters "
          + (kind == Kind.SECRETS ? "secrets" : "versions") + " on " + kind.fields);
    }
    return operator.equals("!=") ? predicate.negate() : predicate;
  }

  /** Matches {@code actual} against {@code value}: "has" finds it anywhere, "equals" the whole; {@code *} is a wildcard. */
  private static boolean matches(String actual, String value, boolean has) {
    if (!value.contains("*")) {
      return has ? actual.contains(value) : actual.equals(value);
    }
    StringBuilder regex = new StringBuilder();
    for (String part : value.split("\\*", -1)) {
      if (regex.length() > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    Pattern pattern = Pattern.compile(regex.toString(), Pattern.DOTALL);
    return has ? pattern.matcher(actual).find() : pattern.matcher(actual).matches();
  }

  private boolean peekIs(String token) {
    return next < tokens.size() && tokens.get(next).equals(token);
  }

  private String take(String expected) {
    if (next >= tokens.size()) {
      throw error("expected " + expected + " at the end");
    }
    return tokens.get(next++);
  }

  private static boolean isOperator(String token) {
    return !token.isEmpty() && OPERATORS.indexOf(token.charAt(0)) >= 0;
  }

  private static boolean isKeywordOrPunctuation(String token) {
    return token.equals("AND") || token.equals("OR") || token.equals(")") || isOperator(token);
  }

  private static String unquote(String token) {
    if (!token.startsWith("\"")) {
      return token;
    }
    StringBuilder value = new StringBuilder();
    for (int i = 1; i < token.length() - 1; i++) {
      char c = token.charAt(i);
      value.append(c == '\\' ? token.charAt(++i) : c);
    }
    return value.toString();
  }

  private List<String> tokenize(String filter) {
    List<String> result = new ArrayList<>();
    int i = 0;
    while (i < filter.length()) {
      char c = filter.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(' || c == ')') {
        result.add(String.valueOf(c));
        i++;
      } else if (OPERATORS.indexOf(c) >= 0) {
        int end = i + 1 < filter.length() && filter.charAt(i + 1) == '=' || c == '!' && i + 1 < filter.length()
            && filter.charAt(i + 1) == '~' ? i + 2 : i + 1;
        result.add(filter.substring(i, end));
        i = end;
      } else if (c == '"') {
        int end = i + 1;
        while (end < filter.length() && filter.charAt(end) != '"') {
          end += filter.charAt(end) == '\\' ? 2 : 1;
        }
        if (end >= filter.length()) {
          throw error("unterminated string");
        }
        result.add(filter.substring(i, end + 1));
        i = end + 1;
      } else {
        int end = i;
        while (end < filter.length() && !Character.isWhitespace(filter.charAt(end))
            && "()\"".indexOf(filter.charAt(end)) < 0 && OPERATORS.indexOf(filter.charAt(end)) < 0) {
          end++;
        }
        result.add(filter.substring(i, end));
        i = end;
      }
    }
    return result;
  }

  private RuntimeException error(String problem) {
    return Errors.invalid("Invalid filter '" + text + "': " + problem + ".");
  }
}
