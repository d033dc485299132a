package dev.secretkit.projection.template;

import dev.secretkit.projection.template.GoToken.Kind;
import java.util.Map;

/**
 * Splits go-template text into tokens the way Go's {@code text/template} lexer does: text between
 * actions, and the words of each action, with the white space next to a trim marker dropped and
 * comments skipped. It hands out one token at a time, so the first mistake in the text is the
 * first one reported.
 */
final class GoLexer {
  private static final String LEFT = "{{";
  private static final String RIGHT = "}}";
  private static final Map<String, Kind> KEYWORDS = Map.ofEntries(
      Map.entry("if", Kind.IF), Map.entry("else", Kind.ELSE), Map.entry("end", Kind.END),
      Map.entry("range", Kind.RANGE), Map.entry("with", Kind.WITH), Map.entry("nil", Kind.NIL),
      Map.entry("true", Kind.BOOL), Map.entry("false", Kind.BOOL),
      Map.entry("define", Kind.UNSUPPORTED_KEYWORD), Map.entry("template", Kind.UNSUPPORTED_KEYWORD),
      Map.entry("block", Kind.UNSUPPORTED_KEYWORD), Map.entry("break", Kind.UNSUPPORTED_KEYWORD),
      Map.entry("continue", Kind.UNSUPPORTED_KEYWORD));
  private static final String KEY_HINT =
      "a key that is not a Go identifier needs index: {{ index .secrets.<alias> \"my-key\" }}";

  private final GoSource source;
  private final String text;
  private int pos;
  private boolean inAction;
  private int actionStart;
  private int parenDepth;

  GoLexer(GoSource source) {
    this.source = source;
    this.text = source.text();
  }

  /** Returns the next token; after the last one, an {@link Kind#EOF} token each time. */
  GoToken next() {
    return inAction ? insideAction() : outsideAction();
  }

  private GoToken outsideAction() {
    while (pos < text.length()) {
      int delim = text.indexOf(LEFT, pos);
      if (delim < 0) {
        int start = pos;
        pos = text.length();
        return new GoToken(Kind.TEXT, start, text.substring(start));
      }
      boolean trim = isLeftTrimMarker(delim + LEFT.length());
      int end = delim;
      while (trim && end > pos && isSpace(text.charAt(end - 1))) {
        end--;
      }
      int start = pos;
      pos = delim;
      if (end > start) {
        return new GoToken(Kind.TEXT, start, text.substring(start, end));
      }
      int after = delim + LEFT.length() + (trim ? 2 : 0);
      if (!text.startsWith("/*", after)) {
        pos = after;
        inAction = true;
        actionStart = delim;
        parenDepth = 0;
        return new GoToken(Kind.LEFT_DELIM, delim, LEFT);
      }
      skipComment(delim, after + 2);
    }
    return new GoToken(Kind.EOF, text.length(), "");
  }

  private void skipComment(int delim, int from) {
    int close = text.indexOf("*/", from);
    if (close < 0) {
      throw source.error(delim, "unclosed comment", "end the comment with */}}");
    }
    pos = close + 2;
    int right = rightDelimLength(pos);
    if (right == 0) {
      throw source.error(delim, "comment ends before closing delimiter",
          "a comment is {{/* ... */}}: nothing may stand between */ and }} (or */ -}})");
    }
    pos += right;
    if (right > RIGHT.length()) {
      skipSpace();
    }
  }

  private GoToken insideAction() {
    int start = pos;
    int right = rightDelimLength(pos);
    if (right > 0) {
      if (parenDepth > 0) {
        throw source.error(pos, "unclosed left parenthesis", "close each ( with ) before }}");
      }
      pos += right;
      inAction = false;
      if (right > RIGHT.length()) {
        skipSpace();
      }
      return new GoToken(Kind.RIGHT_DELIM, start, RIGHT);
    } else if (pos >= text.length()) {
      throw source.error(actionStart, "unclosed action", "close the action with }}");
    } else if (!isSpace(text.charAt(pos))) {
      return word(text.charAt(pos));
    }
    skipSpace();
    if (text.startsWith("-" + RIGHT, pos)) {
      pos--; // the last space before -}} belongs to the trim marker
    }
    return token(Kind.SPACE, start);
  }

  private GoToken word(char c) {
    int start = pos;
    switch (c) {
      case '=' -> {
        pos++;
        return token(Kind.ASSIGN, start);
      }
      case ':' -> {
        if (!text.startsWith(":=", pos)) {
          throw source.error(pos, "expected :=", "declare a variable with {{ $name := PIPELINE }}");
        }
        pos += 2;
        return token(Kind.DECLARE, start);
      }
      case '|' -> {
        pos++;
        return token(Kind.PIPE, start);
      }
      case '(' -> {
        pos++;
        parenDepth++;
        return token(Kind.LEFT_PAREN, start);
      }
      case ')' -> {
        pos++;
        if (--parenDepth < 0) {
          throw source.error(start, "unexpected right parenthesis", "each ) must close a ( of the same action");
        }
        return token(Kind.RIGHT_PAREN, start);
      }
      case '"' -> {
        return quoted();
      }
      case '`' -> {
        return raw();
      }
      case '$' -> {
        pos++;
        return fieldOrVariable(Kind.VARIABLE, start);
      }
      case '\'' -> throw source.error(pos, "character constants are not in SecretKit's go-template subset",
          "write a string instead, such as \"a\"; " + GoTemplateEngine.SUBSET_HINT);
      case '.' -> {
        if (pos + 1 < text.length() && isDigit(text.charAt(pos + 1))) {
          return number();
        }
        pos++;
        return fieldOrVariable(Kind.FIELD, start);
      }
      default -> {
        if (c == '+' || c == '-' || isDigit(c)) {
          return number();
        }
        int codePoint = text.codePointAt(pos);
        if (isAlphaNumeric(codePoint)) {
          return identifier();
        }
        if (codePoint > ' ' && codePoint < 0x7f) {
          pos++;
          return token(Kind.CHAR, start);
        }
        throw source.error(pos, String.format("unrecognized character in action: U+%04X", codePoint),
            "an action holds names, fields, variables, strings, numbers, |, ( and ); see the go-template subset");
      }
    }
  }

  private GoToken fieldOrVariable(Kind kind, int start) {
    if (atTerminator(pos)) {
      return token(kind == Kind.FIELD ? Kind.DOT : Kind.VARIABLE, start);
    }
    while (pos < text.length() && isAlphaNumeric(text.codePointAt(pos))) {
      pos += Character.charCount(text.codePointAt(pos));
    }
    if (!atTerminator(pos)) {
      throw badCharacter(kind == Kind.FIELD ? "field name" : "variable name");
    }
    return token(kind, start);
  }

  private GoToken identifier() {
    int start = pos;
    while (pos < text.length() && isAlphaNumeric(text.codePointAt(pos))) {
      pos += Character.charCount(text.codePointAt(pos));
    }
    if (!atTerminator(pos)) {
      throw badCharacter("name");
    }
    String word = text.substring(start, pos);
    return new GoToken(KEYWORDS.getOrDefault(word, Kind.IDENTIFIER), start, word);
  }

  private TemplateException badCharacter(String where) {
    int codePoint = text.codePointAt(pos);
    return source.error(pos, String.format("bad character U+%04X in %s", codePoint, where),
        codePoint == '-' ? KEY_HINT : "names hold letters, digits and _; end them with a space, |, ) or }}");
  }

  /** Scans what Go's lexer takes for a number; the parser decides whether the subset reads it. */
  private GoToken number() {
    int start = pos;
    accept("+-");
    String digits = "0123456789_";
    if (accept("0")) {
      if (accept("xX")) {
        digits = "0123456789abcdefABCDEF_";
      } else if (accept("oO")) {
        digits = "01234567_";
      } else if (accept("bB")) {
        digits = "01_";
      }
    }
    acceptRun(digits);
    if (accept(".")) {
      acceptRun(digits);
    }
    if (digits.length() == 11 && accept("eE")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    if (digits.length() == 23 && accept("pP")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    accept("i");
    if (pos < text.length() && isAlphaNumeric(text.codePointAt(pos))) {
      throw source.error(start, "bad number syntax", "a number is written like 42, -7, 0x1F or 2.5");
    }
    return token(Kind.NUMBER, start);
  }

  private boolean accept(String valid) {
    if (pos < text.length() && valid.indexOf(text.charAt(pos)) >= 0) {
      pos++;
      return true;
    }
    return false;
  }

  private void acceptRun(String valid) {
    while (pos < text.length() && valid.indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private GoToken quoted() {
    int start = pos;
    pos++;
    StringBuilder value = new StringBuilder();
    while (true) {
      if (pos >= text.length() || text.charAt(pos) == '\n') {
        throw source.error(start, "unterminated quoted string",
            "close the string with \" on the same line, or use a raw string `...` for several lines");
      }
      char c = text.charAt(pos);
      if (c == '"') {
        pos++;
        return new GoToken(Kind.STRING, start, value.toString());
      }
      if (c == '\\') {
        escape(value);
      } else {
        value.append(c);
        pos++;
      }
    }
  }

  /** Decodes the escape at {@code pos} as Go's string literals do; byte escapes above 0x7f are refused. */
  private void escape(StringBuilder value) {
    int start = pos;
    char c = pos + 1 < text.length() ? text.charAt(pos + 1) : '\n';
    pos += 2;
    String simple = "abfnrtv\\\"";
    int index = simple.indexOf(c);
    if (index >= 0) {
      value.append("\u0007\b\f\n\r\t\u000b\\\"".charAt(index));
      return;
    }
    int code;
    switch (c) {
      case 'x' -> code = digits(start, 2, 16);
      case 'u' -> code = digits(start, 4, 16);
      case 'U' -> code = digits(start, 8, 16);
      default -> {
        if (c < '0' || c > '7') {
          throw source.error(start, "unknown escape sequence in string",
              "Go strings know \\a \\b \\f \\n \\r \\t \\v \\\\ \\\" \\NNN \\xNN \\uNNNN and \\UNNNNNNNN");
        }
        pos--;
        code = digits(start, 3, 8);
      }
    }
    boolean unicode = c == 'u' || c == 'U';
    if (!unicode && code > 0x7f) {
      throw source.error(start, "byte escapes above \\x7f are not in SecretKit's go-template subset",
          "templates produce text: write the character itself, or a \\u escape");
    }
    if (code > Character.MAX_CODE_POINT || (code >= Character.MIN_SURROGATE && code <= Character.MAX_SURROGATE)) {
      throw source.error(start, "escape sequence is not a valid Unicode code point",
          "use a code point up to \\U0010FFFF, and no surrogate");
    }
    value.appendCodePoint(code);
  }

  private int digits(int escape, int count, int radix) {
    int code = 0;
    for (int i = 0; i < count; i++) {
      int digit = pos < text.length() ? Character.digit(text.charAt(pos), radix) : -1;
      if (digit < 0) {
        throw source.error(escape, "malformed escape sequence in string",
            "write \\x with 2 hex digits, \\u with 4, \\U with 8, or \\ with 3 octal digits");
      }
      code = code * radix + digit;
      pos++;
    }
    return code;
  }

  private GoToken raw() {
    int start = pos;
    int close = text.indexOf('`', pos + 1);
    if (close < 0) {
      throw source.error(start, "unterminated raw quoted string", "close the raw string with `");
    }
    pos = close + 1;
    return new GoToken(Kind.STRING, start, text.substring(start + 1, close).replace("\r", ""));
  }

  private GoToken token(Kind kind, int start) {
    return new GoToken(kind, start, text.substring(start, pos));
  }

  /** Returns the length of the closing delimiter at {@code at}: 4 for " -}}", 2 for "}}", 0 for none. */
  private int rightDelimLength(int at) {
    if (at + 1 < text.length() && isSpace(text.charAt(at)) && text.charAt(at + 1) == '-'
        && text.startsWith(RIGHT, at + 2)) {
      return RIGHT.length() + 2;
    }
    return text.startsWith(RIGHT, at) ? RIGHT.length() : 0;
  }

  private boolean isLeftTrimMarker(int at) {
    return at + 1 < text.length() && text.charAt(at) == '-' && isSpace(text.charAt(at + 1));
  }

  private boolean atTerminator(int at) {
    if (at >= text.length()) {
      return true;
    }
    char c = text.charAt(at);
    return isSpace(c) || ".,|:)(".indexOf(c) >= 0 || text.startsWith(RIGHT, at);
  }

  private void skipSpace() {
    while (pos < text.length() && isSpace(text.charAt(pos))) {
      pos++;
    }
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAlphaNumeric(int codePoint) {
    return codePoint == '_' || Character.isLetter(codePoint) || Character.isDigit(codePoint);
  }
}
