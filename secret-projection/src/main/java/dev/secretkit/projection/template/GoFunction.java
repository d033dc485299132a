package dev.secretkit.projection.template;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The functions of SecretKit's go-template subset: Go's builtins and a few of Sprig's, each with
 * the number of arguments it takes and which of them a missing key may be. {@code and},
 * {@code or} and {@code index} read their arguments themselves, so {@link GoEvaluator} runs them;
 * the others are plain functions of their argument values.
 */
enum GoFunction {
  AND("and", 1, Integer.MAX_VALUE, Missing.INHERITED, "and X Y ...", null),
  OR("or", 1, Integer.MAX_VALUE, Missing.INHERITED, "or X Y ...", null),
  NOT("not", 1, 1, Missing.INHERITED, "not X", args -> !GoValues.truth(args.get(0))),
  LEN("len", 1, 1, Missing.ERROR, "len X", GoFunction::length),
  INDEX("index", 1, Integer.MAX_VALUE, Missing.ERROR, "index MAP KEY ...", null),
  PRINT("print", 0, Integer.MAX_VALUE, Missing.ERROR, "print X ...", GoFmt::sprint),
  PRINTF("printf", 1, Integer.MAX_VALUE, Missing.ERROR, "printf \"FORMAT\" X ...",
      args -> GoFmt.sprintf((String) args.get(0), args.subList(1, args.size()))),
  PRINTLN("println", 0, Integer.MAX_VALUE, Missing.ERROR, "println X ...", GoFmt::sprintln),
  URLQUERY("urlquery", 0, Integer.MAX_VALUE, Missing.ERROR, "urlquery X ...", GoFunction::urlquery),
  EQ("eq", 2, Integer.MAX_VALUE, Missing.ERROR, "eq X Y ...", GoValues::equalsAny),
  NE("ne", 2, 2, Missing.ERROR, "ne X Y", args -> !GoValues.equal(args.get(0), args.get(1))),
  LT("lt", 2, 2, Missing.ERROR, "lt X Y", args -> GoValues.less(args.get(0), args.get(1))),
  LE("le", 2, 2, Missing.ERROR, "le X Y", args -> lessOrEqual(args)),
  GT("gt", 2, 2, Missing.ERROR, "gt X Y", args -> !lessOrEqual(args)),
  GE("ge", 2, 2, Missing.ERROR, "ge X Y", args -> !GoValues.less(args.get(0), args.get(1))),
  B64ENC("b64enc", 1, 1, Missing.ERROR, "b64enc STRING",
      args -> Base64.getEncoder().encodeToString(string(args, 0, "b64enc").getBytes(StandardCharsets.UTF_8))),
  B64DEC("b64dec", 1, 1, Missing.ERROR, "b64dec STRING", GoFunction::base64Decode),
  DEFAULT("default", 2, 2, Missing.VALUE, "default DEFAULT VALUE, or VALUE | default DEFAULT",
      args -> GoValues.truth(args.get(1)) ? args.get(1) : args.get(0)),
  QUOTE("quote", 0, Integer.MAX_VALUE, Missing.ERROR, "quote X ...", GoFunction::quote),
  UPPER("upper", 1, 1, Missing.ERROR, "upper STRING", args -> mapCodePoints(string(args, 0, "upper"), true)),
  LOWER("lower", 1, 1, Missing.ERROR, "lower STRING", args -> mapCodePoints(string(args, 0, "lower"), false)),
  TRIM("trim", 1, 1, Missing.ERROR, "trim STRING", args -> trimSpace(string(args, 0, "trim"))),
  REQUIRED("required", 2, 2, Missing.VALUE, "required \"MESSAGE\" VALUE, or VALUE | required \"MESSAGE\"",
      GoFunction::required),
  SPLIT_LIST("splitList", 2, 2, Missing.ERROR, "splitList SEPARATOR STRING", GoFunction::splitList);

  /** The most parts {@code splitList} returns. */
  static final int MAX_PARTS = 65_536;

  /** Go builtins the subset leaves out, so that naming one says so instead of "not defined". */
  private static final List<String> LEFT_OUT = List.of("call", "html", "js", "slice");

  private final String goName;
  private final int minArgs;
  private final int maxArgs;
  private final Missing missing;
  private final String usage;
  private final Function<List<Object>, Object> body;

  GoFunction(String goName, int minArgs, int maxArgs, Missing missing, String usage,
      Function<List<Object>, Object> body) {
    this.goName = goName;
    this.minArgs = minArgs;
    this.maxArgs = maxArgs;
    this.missing = missing;
    this.usage = usage;
    this.body = body;
  }

  /** Which arguments of a function may be a missing key, taken as empty. */
  enum Missing {
    /** None: a missing key is an error. */
    ERROR,
    /** The value, its last argument ({@code default}, {@code required}). */
    VALUE,
    /** All of them, where the call's own value may be missing ({@code and}, {@code or}, {@code not}). */
    INHERITED
  }

  /** Returns the function a template names {@code name}. */
  static Optional<GoFunction> named(String name) {
    return Arrays.stream(values()).filter(function -> function.goName.equals(name)).findFirst();
  }

  /** Returns the names of all functions, sorted, joined by spaces. */
  static String names() {
    return Arrays.stream(values()).map(GoFunction::goName).sorted().collect(Collectors.joining(" "));
  }

  /** Returns whether {@code name} is a Go builtin the subset leaves out. */
  static boolean leftOut(String name) {
    return LEFT_OUT.contains(name);
  }

  String goName() {
    return goName;
  }

  String usage() {
    return usage;
  }

  boolean accepts(int count) {
    return count >= minArgs && count <= maxArgs;
  }

  /**
   * Returns whether an argument may be a missing key: {@code last} says whether it is the last,
   * {@code lenient} whether the call's own value may be missing.
   */
  boolean missingAllowed(boolean last, boolean lenient) {
    return missing == Missing.VALUE ? last : missing == Missing.INHERITED && lenient;
  }

  /** Returns whether a missing key piped into this function counts as empty, when the call itself may be missing. */
  boolean takesMissing(boolean lenient) {
    return missingAllowed(true, lenient);
  }

  /**
   * Returns this function's value for {@code args}.
   *
   * @throws GoFailure if the arguments do not suit it
   */
  Object apply(List<Object> args) {
    return body.apply(args);
  }

  private static boolean lessOrEqual(List<Object> args) {
    return GoValues.less(args.get(0), args.get(1)) || GoValues.equal(args.get(0), args.get(1));
  }

  private static String string(List<Object> args, int index, String function) {
    if (args.get(index) instanceof String text) {
      return text;
    }
    throw new GoFailure(function + " needs a string, got " + GoValues.typeName(args.get(index))
        + " (argument " + (index + 1) + ")", "pass it a secret value or a string, such as {{ " + function
        + " .secrets.<alias>.<key> }}");
  }

  private static Object length(List<Object> args) {
    Object value = args.get(0);
    if (value instanceof String text) {
      return (long) text.getBytes(StandardCharsets.UTF_8).length;
    } else if (value instanceof GoMap map) {
      return (long) map.keys().size();
    } else if (value instanceof List<?> list) {
      return (long) list.size();
    }
    throw new GoFailure("len of type " + GoValues.typeName(value), "len takes a string (its length in UTF-8 bytes),"
        + " a map or a list");
  }

  private static Object urlquery(List<Object> args) {
    String text;
    if (args.size() == 1 && args.get(0) instanceof String single) {
      text = single;
    } else {
      List<Object> printable = new ArrayList<>(args);
      printable.replaceAll(arg -> arg == null ? "<no value>" : arg);
      text = GoFmt.sprint(printable);
    }
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
        out.append(c);
      } else if (c == ' ') {
        out.append('+');
      } else {
        GoFmt.hexDigits(out.append('%'), c, 2, true);
      }
      if (out.length() > GoTemplateEngine.MAX_OUTPUT_CHARS) {
        throw tooLong("urlquery");
      }
    }
    return out.toString();
  }

  private static Object base64Decode(List<Object> args) {
    String text = string(args, 0, "b64dec").replace("\r", "").replace("\n", "");
    GoFailure notBase64 = new GoFailure("b64dec: the value is not base64 (the standard alphabet, padded with =)",
        "decode only values stored base64-encoded; the value is not shown");
    if (text.length() % 4 != 0) {
      throw notBase64;
    }
    try {
      return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw notBase64;
    }
  }

  private static Object quote(List<Object> args) {
    StringBuilder out = new StringBuilder();
    for (Object arg : args) {
      if (arg != null) {
        out.append(out.length() > 0 ? " " : "").append(GoFmt.quote(GoFmt.value(arg)));
        if (out.length() > GoTemplateEngine.MAX_OUTPUT_CHARS) {
          throw tooLong("quote");
        }
      }
    }
    return out.toString();
  }

  private static GoFailure tooLong(String function) {
    return new GoFailure(function + " returned more than " + GoTemplateEngine.MAX_OUTPUT_CHARS + " characters",
        "SecretKit limits every value and the output of a template to 1 MiB");
  }

  private static Object required(List<Object> args) {
    Object value = args.get(1);
    if (value == null || "".equals(value)) {
      String message = (String) args.get(0);
      throw new GoFailure(message.isEmpty() ? "a required value is missing or empty" : message,
          "required found its value missing or empty: add the key to the secret, or change the template");
    }
    return value;
  }

  private static Object splitList(List<Object> args) {
    String separator = string(args, 0, "splitList");
    String text = string(args, 1, "splitList");
    List<String> parts = new ArrayList<>();
    TextSearch search = new TextSearch(separator);
    int from = 0;
    while (from <= text.length()) {
      if (parts.size() == MAX_PARTS) {
        throw new GoFailure("splitList: more than " + MAX_PARTS + " parts",
            "split a shorter value, or by a longer separator");
      }
      int at = separator.isEmpty() ? (from < text.length() ? text.offsetByCodePoints(from, 1) : -1)
          : search.in(text, from);
      if (at < 0) {
        if (!separator.isEmpty()) {
          parts.add(text.substring(from));
        }
        break;
      }
      parts.add(text.substring(from, at));
      from = separator.isEmpty() ? at : at + separator.length();
    }
    return List.copyOf(parts);
  }

  private static String mapCodePoints(String text, boolean upper) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> out.appendCodePoint(upper ? Character.toUpperCase(c) : Character.toLowerCase(c)));
    return out.toString();
  }

  /** Go's {@code strings.TrimSpace}: trims Unicode white space, as Go's {@code unicode.IsSpace} tells it. */
  private static String trimSpace(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && isSpace(text.charAt(start))) {
      start++;
    }
    while (end > start && isSpace(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(start, end);
  }

  private static boolean isSpace(char c) {
    return (c >= '\t' && c <= '\r') || c == ' ' || c == 0x85 || c == 0xa0 || c == 0x1680
        || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
  }
}
