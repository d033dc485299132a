package dev.secretkit.projection.template;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Go's {@code fmt} for go-template values: {@code %v} as actions and {@code print} write values,
 * {@code Sprint}, {@code Sprintln}, the subset of {@code Sprintf} SecretKit supports, and
 * {@code strconv.Quote}. Where Go would write a {@code %!verb(...)} complaint into the output,
 * these fail instead, naming the verb and the type but never the value. Each fails, before it
 * builds it, a result that would pass {@link GoTemplateEngine#MAX_OUTPUT_CHARS}: a width or a
 * precision is checked before the padding or the digits are made, each element of a list or map
 * before it is padded, and a quoted text as it grows; so no call costs more than a few times that
 * limit in time or memory.
 */
final class GoFmt {
  /** The largest width or precision, as in Go. */
  static final int MAX_WIDTH = 1_000_000;

  private static final String VERBS = "sdvqxXtf";
  private static final String VERB_HINT = "printf supports %s %d %v %q %x %X %t %f and %%, with the flags - and 0,"
      + " a width and a precision";
  private static final Spec PLAIN = new Spec(false, false, -1, -1);

  private GoFmt() {}

  /** Returns {@code value} as {@code %v} writes it. */
  static String value(Object value) {
    if (value instanceof String text) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    format(out, value, PLAIN, 'v', 1);
    return out.toString();
  }

  /** Returns Go's {@code fmt.Sprint}: the values as {@code %v}, with a space between two that are not strings. */
  static String sprint(List<Object> values) {
    return print(values, false);
  }

  /** Returns Go's {@code fmt.Sprintln}: the values as {@code %v}, a space between each two, then a newline. */
  static String sprintln(List<Object> values) {
    return print(values, true);
  }

  private static String print(List<Object> values, boolean line) {
    StringBuilder out = new StringBuilder();
    boolean previousString = false;
    for (int i = 0; i < values.size(); i++) {
      boolean string = values.get(i) instanceof String;
      if (i > 0 && (line || (!string && !previousString))) {
        out.append(' ');
      }
      format(out, values.get(i), PLAIN, 'v', i + 1);
      checkSize(out);
      previousString = string;
    }
    return line ? out.append('\n').toString() : out.toString();
  }

  /**
   * Returns Go's {@code fmt.Sprintf} of {@code format} and {@code args}, for the verbs
   * {@value #VERBS} and {@code %%} with the flags {@code -} and {@code 0}, a width and a precision.
   *
   * @throws GoFailure for any other flag or verb, a verb without an argument or of the wrong
   *     type, or an argument without a verb
   */
  static String sprintf(String format, List<Object> args) {
    StringBuilder out = new StringBuilder();
    int used = 0;
    int i = 0;
    while (i < format.length()) {
      int percent = format.indexOf('%', i);
      if (percent < 0) {
        out.append(format, i, format.length());
        break;
      }
      out.append(format, i, percent);
      i = percent + 1;
      boolean minus = false;
      boolean zero = false;
      for (; i < format.length() && "-0+ #".indexOf(format.charAt(i)) >= 0; i++) {
        char flag = format.charAt(i);
        if (flag == '-') {
          minus = true;
          zero = false;
        } else if (flag == '0') {
          zero = !minus;
        } else {
          throw new GoFailure("printf: the flag '" + flag + "' is not in SecretKit's go-template subset", VERB_HINT);
        }
      }
      int start = i;
      i = skipDigits(format, i);
      int width = number(format, start, i, -1);
      int precision = -1;
      if (i < format.length() && format.charAt(i) == '.') {
        start = ++i;
        i = skipDigits(format, i);
        precision = number(format, start, i, 0);
      }
      if (i >= format.length()) {
        throw new GoFailure("printf: the format ends in the middle of a verb",
            "end each verb with its letter, such as %s, and write %% for a percent sign");
      }
      int verb = format.codePointAt(i);
      i += Character.charCount(verb);
      if (verb == '%') {
        out.append('%');
        continue;
      }
      String spelled = "%" + new String(Character.toChars(verb));
      if (verb == '[' || verb == '*') {
        throw new GoFailure("printf: argument indexes and * widths are not in SecretKit's go-template subset",
            VERB_HINT);
      } else if (VERBS.indexOf(verb) < 0) {
        throw new GoFailure("printf: " + spelled + " is not a verb SecretKit's printf supports", VERB_HINT);
      } else if (used >= args.size()) {
        throw new GoFailure("printf: " + spelled + " has no argument (Go would write %!" + spelled.substring(1)
            + "(MISSING))", "give printf one argument for each verb");
      }
      format(out, args.get(used), new Spec(minus, zero, width, precision), (char) verb, used + 2);
      checkSize(out);
      used++;
    }
    if (used < args.size()) {
      throw new GoFailure("printf: " + args.size() + " arguments but the format has " + used
          + " verbs (Go would write %!(EXTRA ...))", "give printf one argument for each verb");
    }
    return out.toString();
  }

  private static int skipDigits(String format, int from) {
    int i = from;
    while (i < format.length() && format.charAt(i) >= '0' && format.charAt(i) <= '9') {
      i++;
    }
    return i;
  }

  private static int number(String format, int start, int end, int none) {
    if (start == end) {
      return none;
    }
    if (end - start > 7 || Integer.parseInt(format.substring(start, end)) > MAX_WIDTH) {
      throw new GoFailure("printf: a width or precision above " + MAX_WIDTH, "use a smaller width or precision");
    }
    return Integer.parseInt(format.substring(start, end));
  }

  private static void checkSize(StringBuilder out) {
    room(out, 0);
  }

  /** Fails if {@code more} characters appended to {@code out} would take it past the limit on a value. */
  private static void room(StringBuilder out, long more) {
    if (out.length() + more > GoTemplateEngine.MAX_OUTPUT_CHARS) {
      throw new GoFailure("the result would be larger than " + GoTemplateEngine.MAX_OUTPUT_CHARS + " characters",
          "SecretKit limits every value and the output of a template to 1 MiB");
    }
  }

  /** Writes {@code value} by {@code verb} to {@code out}; maps and lists element by element, as Go does. */
  private static void format(StringBuilder out, Object value, Spec spec, char verb, int argument) {
    if (value instanceof String text) {
      switch (verb) {
        case 's', 'v' -> pad(out, truncate(text, spec), spec);
        case 'q' -> pad(out, quote(truncate(text, spec)), spec);
        case 'x', 'X' -> pad(out, hex(text, spec.precision, verb == 'X'), spec);
        default -> throw badVerb(verb, value, argument);
      }
    } else if (value instanceof Long number) {
      switch (verb) {
        case 'd', 'v' -> integer(out, number, 10, false, spec);
        case 'x', 'X' -> integer(out, number, 16, verb == 'X', spec);
        case 'q' -> pad(out, quoteRune(number), spec);
        default -> throw badVerb(verb, value, argument);
      }
    } else if (value instanceof Double number) {
      if (verb != 'v' && verb != 'f') {
        throw badVerb(verb, value, argument);
      }
      floating(out, number, verb, spec);
    } else if (value instanceof Boolean bool) {
      if (verb != 't' && verb != 'v') {
        throw badVerb(verb, value, argument);
      }
      pad(out, bool.toString(), spec);
    } else if (value instanceof GoMap map) {
      out.append("map[");
      String separator = "";
      for (String key : map.keys()) {
        out.append(separator);
        format(out, key, spec, verb, argument);
        out.append(':');
        format(out, map.get(key), spec, verb, argument);
        separator = " ";
      }
      out.append(']');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        out.append(i > 0 ? " " : "");
        format(out, list.get(i), spec, verb, argument);
      }
      out.append(']');
    } else if (verb == 'v') {
      pad(out, "<nil>", spec);
    } else {
      throw badVerb(verb, value, argument);
    }
  }

  private static GoFailure badVerb(char verb, Object value, int argument) {
    return new GoFailure("printf: %" + verb + " cannot format a value of type " + GoValues.typeName(value)
        + " (argument " + argument + ")", "use %s or %q for strings, %d or %x for ints, %f for floats, %t for"
        + " bools, %v for any value; where Go would write %!" + verb + "(...) into the output, SecretKit fails");
  }

  private static String truncate(String text, Spec spec) {
    if (spec.precision < 0 || text.codePointCount(0, text.length()) <= spec.precision) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, spec.precision));
  }

  private static String hex(String text, int precision, boolean upper) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int length = precision >= 0 ? Math.min(precision, bytes.length) : bytes.length;
    StringBuilder out = new StringBuilder(2 * length);
    String digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    for (int i = 0; i < length; i++) {
      out.append(digits.charAt((bytes[i] >> 4) & 0xf)).append(digits.charAt(bytes[i] & 0xf));
    }
    return out.toString();
  }

  private static void integer(StringBuilder out, long number, int radix, boolean upper, Spec spec) {
    if (spec.precision == 0 && number == 0) {
      pad(out, "", spec);
      return;
    }
    boolean negative = number < 0;
    String digits = Long.toUnsignedString(negative ? -number : number, radix);
    int least = spec.precision;
    if (least < 0 && spec.zero && spec.width > 0) {
      least = negative ? spec.width - 1 : spec.width;
    }
    room(out, least);
    String padded = "0".repeat(Math.max(0, least - digits.length())) + digits;
    pad(out, (negative ? "-" : "") + (upper ? padded.toUpperCase(Locale.ROOT) : padded), spec);
  }

  private static void floating(StringBuilder out, double number, char verb, Spec spec) {
    String sign = Math.copySign(1.0, number) < 0 ? "-" : "";
    double magnitude = Math.abs(number);
    String digits;
    if (verb == 'f') {
      int precision = spec.precision < 0 ? 6 : spec.precision;
      room(out, Math.max(precision + 1L, spec.width));
      digits = fixed(magnitude, precision);
    } else {
      digits = general(magnitude, spec.precision);
    }
    int length = sign.length() + digits.length();
    if (spec.zero && spec.width > length) {
      room(out, spec.width);
      out.append(sign).append("0".repeat(spec.width - length)).append(digits);
    } else {
      pad(out, sign + digits, spec);
    }
  }

  /**
   * Returns Go's {@code %f} of a non-negative {@code magnitude} with {@code precision} digits after
   * the point. A double's exact decimal value has at most 1,074 of them: past those, the digits are
   * zeros, appended rather than computed.
   */
  private static String fixed(double magnitude, int precision) {
    BigDecimal exact = new BigDecimal(magnitude);
    if (exact.scale() > precision) {
      return exact.setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
    }
    StringBuilder digits = new StringBuilder(exact.toPlainString());
    if (exact.scale() == 0 && precision > 0) {
      digits.append('.');
    }
    return digits.append("0".repeat(precision - exact.scale())).toString();
  }

  /** Returns Go's {@code %g} of a non-negative {@code magnitude}: shortest when {@code precision} is -1. */
  private static String general(double magnitude, int precision) {
    if (magnitude == 0) {
      return "0";
    }
    BigDecimal decimal = precision < 0 ? new BigDecimal(Double.toString(magnitude))
        : new BigDecimal(magnitude).round(new MathContext(Math.max(precision, 1), RoundingMode.HALF_EVEN));
    decimal = decimal.stripTrailingZeros();
    String digits = decimal.unscaledValue().toString();
    int count = digits.length();
    int point = count - decimal.scale();
    int limit = precision < 0 ? 6 : Math.max(precision, 1);
    if (precision >= 0 && limit > count && count >= point) {
      limit = count;
    }
    int exponent = point - 1;
    if (exponent < -4 || exponent >= limit) {
      String mantissa = count > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
      int size = Math.abs(exponent);
      return mantissa + (exponent < 0 ? "e-" : "e+") + (size < 10 ? "0" : "") + size;
    } else if (point <= 0) {
      return "0." + "0".repeat(-point) + digits;
    } else if (point >= count) {
      return digits + "0".repeat(point - count);
    }
    return digits.substring(0, point) + "." + digits.substring(point);
  }

  private static void pad(StringBuilder out, String text, Spec spec) {
    int fill = spec.width - text.codePointCount(0, text.length());
    room(out, (long) text.length() + Math.max(fill, 0));
    if (fill <= 0) {
      out.append(text);
    } else if (spec.minus) {
      out.append(text).append(" ".repeat(fill));
    } else {
      out.append(" ".repeat(fill)).append(text);
    }
  }

  /**
   * Returns Go's {@code strconv.Quote}: a double-quoted Go string literal of {@code text}.
   *
   * @throws GoFailure as soon as the literal is longer than a value may be
   */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
      escape(out, text.codePointAt(i), '"');
      checkSize(out);
    }
    return out.append('"').toString();
  }

  /** Returns Go's {@code strconv.QuoteRune}: a single-quoted Go character literal; not a code point is U+FFFD. */
  static String quoteRune(long codePoint) {
    boolean valid = codePoint >= 0 && codePoint <= Character.MAX_CODE_POINT
        && (codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE);
    StringBuilder out = new StringBuilder().append('\'');
    escape(out, valid ? (int) codePoint : 0xfffd, '\'');
    return out.append('\'').toString();
  }

  private static void escape(StringBuilder out, int codePoint, char quote) {
    if (codePoint == quote || codePoint == '\\') {
      out.append('\\').appendCodePoint(codePoint);
      return;
    } else if (isPrint(codePoint)) {
      out.appendCodePoint(codePoint);
      return;
    }
    int index = "\u0007\b\f\n\r\t\u000b".indexOf(codePoint);
    if (index >= 0) {
      out.append('\\').append("abfnrtv".charAt(index));
    } else if (codePoint < ' ' || codePoint == 0x7f) {
      hexDigits(out.append("\\x"), codePoint, 2, false);
    } else if (codePoint < 0x10000) {
      hexDigits(out.append("\\u"), codePoint, 4, false);
    } else {
      hexDigits(out.append("\\U"), codePoint, 8, false);
    }
  }

  /** Appends the last {@code digits} hex digits of {@code number}, in upper case if {@code upper}, to {@code out}. */
  static void hexDigits(StringBuilder out, int number, int digits, boolean upper) {
    String alphabet = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
      out.append(alphabet.charAt((number >>> shift) & 0xf));
    }
  }

  /** Go's {@code strconv.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
  private static boolean isPrint(int codePoint) {
    if (codePoint <= 0xff) {
      return (codePoint >= 0x20 && codePoint < 0x7f) || (codePoint >= 0xa1 && codePoint != 0xad);
    }
    return switch (Character.getType(codePoint)) {
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK, Character.ENCLOSING_MARK,
          Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER,
          Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION, Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL,
          Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
      default -> false;
    };
  }

  /** A verb's flags: {@code -} pads on the right, {@code 0} pads numbers with zeros; -1 for no width or precision. */
  private record Spec(boolean minus, boolean zero, int width, int precision) {}
}
