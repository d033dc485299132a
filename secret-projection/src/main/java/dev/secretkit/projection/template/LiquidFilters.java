package dev.secretkit.projection.template;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liqp.TemplateContext;
import liqp.filters.Filter;
import liqp.parser.Flavor;

/**
 * The filters Liquid templates have: Liquid's standard ones (those of {@link LiquidBoundedFilters}
 * made here, the others liqp's) and {@code base64_decode} and {@code base64_encode}, each guarded so
 * that it keeps to the render's {@link LiquidBudget} and fails with a {@link LiquidProblem} that holds
 * no value, whatever the filter itself would have said. A result counts as long as the text it holds:
 * a list as its items and the characters of its texts, so that no list holds more text than one text
 * may; and a number may have at most {@value #MAX_NUMBER_CHARS} characters, so that arithmetic, which
 * liqp does on exact decimals, stays cheap. A filter's inputs are results under these limits, which
 * bounds what a filter that grows its input can make.
 */
final class LiquidFilters {
  /** The most characters of a number a filter makes, as text: digits, point and sign. */
  static final int MAX_NUMBER_CHARS = 1000;

  /** liqp's words for a wrong argument count: only digits, so they can be told without a value. */
  private static final Pattern WRONG_ARGUMENTS =
      Pattern.compile("wrong number of arguments \\(given (\\d+) (?:for|expected) (\\d+)(?:\\.\\.(\\d+))?\\)");
  /** liqp's words for a missing argument, also told without a value. */
  private static final Pattern MISSING_ARGUMENT = Pattern.compile("cannot get param index: \\d+");

  private LiquidFilters() {}

  /** Returns every filter, guarded. */
  static List<Filter> all() {
    Map<String, Filter> standard = new HashMap<>(Flavor.LIQUID.getFilters().getMap());
    for (Filter bounded : LiquidBoundedFilters.all()) {
      standard.put(bounded.name, bounded);
    }
    List<Filter> filters = new ArrayList<>();
    for (Filter filter : standard.values()) {
      filters.add(new Guarded(filter, false));
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
      if (result instanceof Number number && chars(number) > MAX_NUMBER_CHARS) {
        throw new LiquidProblem("the filter '" + name + "' makes a number longer than " + MAX_NUMBER_CHARS
            + " characters", "a projection's numbers are small; round them, such as | round: 2");
      }
      long size = size(result, budget.limits().outputChars());
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

    /**
     * Returns the characters {@code result} holds as text: a list's or a map's items and what they hold
     * in turn; past {@code most}, some number above it, having read about that many characters.
     */
    private static long size(Object result, long most) {
      long size = 0;
      List<Object> pending = new ArrayList<>();
      pending.add(result);
      while (!pending.isEmpty() && size <= most) {
        Object value = pending.remove(pending.size() - 1);
        if (value instanceof CharSequence text) {
          size += text.length();
        } else if (value instanceof Number number) {
          size += chars(number);
        } else if (value instanceof Binary binary) {
          size += binary.bytes.length;
        } else if (value instanceof Map<?, ?> entries) {
          size += entries.size();
          if (size <= most) {
            entries.forEach((key, item) -> {
              pending.add(key);
              pending.add(item);
            });
          }
        } else if (value instanceof Object[] || value instanceof Collection<?>) {
          Collection<?> items = value instanceof Object[] array ? Arrays.asList(array) : (Collection<?>) value;
          size += items.size();
          if (size <= most) {
            pending.addAll(items);
          }
        }
      }
      return size;
    }

    /** Returns the characters of {@code number} written out in full, without writing it. */
    private static long chars(Number number) {
      if (number instanceof BigDecimal decimal) {
        long digits = decimal.scale() <= 0 ? decimal.precision() - (long) decimal.scale()
            : Math.max(decimal.precision(), decimal.scale() + 1L) + 1;
        return digits + (decimal.signum() < 0 ? 1 : 0);
      }
      return String.valueOf(number).length();
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
