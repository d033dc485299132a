package dev.secretkit.projection.template;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liqp.TemplateContext;
import liqp.filters.Filter;
import liqp.parser.Flavor;

/**
 * The filters Liquid templates have: Liquid's standard ones and {@code base64_decode} and
 * {@code base64_encode}, each guarded so that it keeps to the render's {@link LiquidBudget} and fails
 * with a {@link LiquidProblem} that holds no value, whatever the filter itself would have said.
 */
final class LiquidFilters {
  /** liqp's words for a wrong argument count: only digits, so they can be told without a value. */
  private static final Pattern WRONG_ARGUMENTS =
      Pattern.compile("wrong number of arguments \\(given (\\d+) (?:for|expected) (\\d+)(?:\\.\\.(\\d+))?\\)");
  /** liqp's words for a missing argument, also told without a value. */
  private static final Pattern MISSING_ARGUMENT = Pattern.compile("cannot get param index: \\d+");

  private LiquidFilters() {}

  /** Returns every filter, guarded. */
  static List<Filter> all() {
    List<Filter> filters = new ArrayList<>();
    for (Filter standard : Flavor.LIQUID.getFilters().values()) {
      filters.add(new Guarded(standard, false));
    }
    filters.add(new Guarded(new Base64Decode(), false));
    filters.add(new Guarded(new Base64Encode(), true));
    return filters;
  }

  /**
   * Returns {@code rendered}, what an output renders to, or a piece the output joins.
   *
   * @throws LiquidProblem if it is a {@link Binary} value, which has no text to output
   */
  static Object requireText(Object rendered) {
    if (rendered instanceof Binary) {
      throw binary("is output");
    }
    return rendered;
  }

  private static LiquidProblem binary(String where) {
    return new LiquidProblem("a value base64_decode made " + where + ", but its bytes are not UTF-8 text, and only"
        + " base64_encode takes such a value", "leave out | base64_decode to keep the value base64-encoded, or"
        + " follow it with | base64_encode");
  }

  /** What {@code base64_decode} makes of bytes that are not UTF-8 text: only {@code base64_encode} takes it. */
  static final class Binary {
    private final byte[] bytes;

    private Binary(byte[] bytes) {
      this.bytes = bytes;
    }

    /** Returns a fixed text, never the bytes. */
    @Override
    public String toString() {
      return "(binary value)";
    }
  }

  /** A filter that checks the budget and the kind of what it gets, and tells its failures without values. */
  private static final class Guarded extends Filter {
    private final Filter filter;
    private final boolean takesBinary;

    Guarded(Filter filter, boolean takesBinary) {
      super(filter.name);
      this.filter = filter;
      this.takesBinary = takesBinary;
    }

    @Override
    public Object apply(Object value, TemplateContext context, Object... params) {
      LiquidBudget budget = LiquidBudget.of(context);
      budget.checkTime();
      if (!takesBinary && value instanceof Binary || Arrays.stream(params).anyMatch(Binary.class::isInstance)) {
        throw binary("goes to the filter '" + name + "'");
      }
      Object result;
      try {
        result = filter.apply(value, context, params);
      } catch (LiquidProblem | LiquidSecrets.Missing passed) {
        throw passed;
      } catch (RuntimeException e) {
        throw failed(e, params.length);
      }
      long size = size(result);
      budget.produce(size, size);
      return result;
    }

    private LiquidProblem failed(RuntimeException e, int arguments) {
      String said = String.valueOf(e.getMessage());
      if (MISSING_ARGUMENT.matcher(said).find()) {
        return new LiquidProblem("the filter '" + name + "' needs more arguments than the " + arguments + " it gets",
            "write | " + name + ": argument; " + docs());
      }
      Matcher wrong = WRONG_ARGUMENTS.matcher(said);
      if (wrong.find()) {
        int given = Integer.parseInt(wrong.group(1)) - 1;
        String takes = wrong.group(3) == null ? String.valueOf(Integer.parseInt(wrong.group(2)) - 1)
            : (Integer.parseInt(wrong.group(2)) - 1) + " to " + (Integer.parseInt(wrong.group(3)) - 1);
        return new LiquidProblem("the filter '" + name + "' gets " + given + " argument" + (given == 1 ? "" : "s")
            + "; it takes " + takes, docs());
      }
      return new LiquidProblem("the filter '" + name + "' cannot work on what it gets here ("
          + e.getClass().getSimpleName() + ")", "check what it filters and its arguments; " + docs());
    }

    private String docs() {
      return "the filter is described at https://shopify.github.io/liquid/filters/" + name + "/";
    }

    private static long size(Object result) {
      if (result instanceof CharSequence text) {
        return text.length();
      }
      if (result instanceof Map<?, ?> entries) {
        return entries.size();
      }
      return result instanceof Object[] items ? items.length : 0;
    }
  }

  /** {@code base64_decode}: standard base64 to the UTF-8 text it encodes, or to a {@link Binary} value. */
  private static final class Base64Decode extends Filter {
    Base64Decode() {
      super("base64_decode");
    }

    @Override
    public Object apply(Object value, TemplateContext context, Object... params) {
      noArguments(name, params);
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(asString(value, context));
      } catch (IllegalArgumentException notBase64) {
        throw new LiquidProblem("base64_decode gets text that is not base64", "secrets.<alias>.<key> holds the"
            + " value base64-encoded: decode it once, and do not decode text that is not base64");
      }
      try {
        String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        Arrays.fill(bytes, (byte) 0);
        return text;
      } catch (CharacterCodingException notText) {
        return new Binary(bytes);
      }
    }
  }

  /** {@code base64_encode}: text (as UTF-8) or a {@link Binary} value to standard base64. */
  private static final class Base64Encode extends Filter {
    Base64Encode() {
      super("base64_encode");
    }

    @Override
    public Object apply(Object value, TemplateContext context, Object... params) {
      noArguments(name, params);
      if (value instanceof Binary binary) {
        return Base64.getEncoder().encodeToString(binary.bytes);
      }
      return Base64.getEncoder().encodeToString(asString(value, context).getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void noArguments(String name, Object[] params) {
    if (params.length > 0) {
      throw new LiquidProblem("the filter '" + name + "' takes no arguments", "write {{ value | " + name + " }}");
    }
  }
}
