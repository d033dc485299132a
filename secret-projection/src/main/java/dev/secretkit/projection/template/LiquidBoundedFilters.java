package dev.secretkit.projection.template;

import java.util.List;
import java.util.regex.Pattern;
import liqp.TemplateContext;
import liqp.filters.Filter;

/**
 * Liquid's filters whose cost liqp does not bound by what they get, made here to do what liqp's do,
 * within the render's {@link LiquidBudget}. {@code append}, {@code prepend}, {@code replace},
 * {@code replace_first}, {@code remove} and {@code remove_first} compute the length of their result
 * before they build it, and fail at once if it would pass the limit on one text (liqp's
 * {@code replace} of the empty string builds text as long as the product of two lengths), and find
 * the text they look for in linear time; {@code split} and {@code strip_html} run liqp's regular
 * expressions, which may read a text many times over, on a text that keeps to the deadline; and
 * {@code round} fails on more decimals than a number may have, for which liqp would build a format
 * of that many zeros.
 */
final class LiquidBoundedFilters {
  /** liqp's regular expressions for {@code strip_html}. */
  private static final Pattern HTML_BLOCKS =
      Pattern.compile("<script.*?</script>|<style.*?</style>|<!--.*?-->", Pattern.MULTILINE);
  private static final Pattern HTML_TAGS = Pattern.compile("<.*?>", Pattern.MULTILINE);

  private LiquidBoundedFilters() {}

  /** Returns these filters, to be used instead of liqp's of the same names. */
  static List<Filter> all() {
    return List.of(new Append("append", false), new Append("prepend", true),
        new Replace("replace", true, true), new Replace("replace_first", false, true),
        new Replace("remove", true, false), new Replace("remove_first", false, false),
        new Split(), new StripHtml(), new Round());
  }

  /** {@code append} and {@code prepend}: the text with another after it, or before it. */
  private static final class Append extends Filter {
    private final boolean before;

    Append(String name, boolean before) {
      super(name);
      this.before = before;
    }

    @Override
    public Object apply(Object value, TemplateContext context, Object... params) {
      String text = asString(value, context);
      String other = asString(get(0, params), context);
      LiquidBudget.of(context).expect((long) text.length() + other.length());
      return before ? other + text : text + other;
    }
  }

  /**
   * {@code replace} and {@code replace_first}, {@code remove} and {@code remove_first}: the text with
   * each, or the first, occurrence of a text replaced by another, or by nothing, as Java's
   * {@link String#replace(CharSequence, CharSequence)} replaces them (the empty text occurs before each
   * character and at the end), as liqp does.
   */
  private static final class Replace extends Filter {
    private final boolean all;
    private final boolean replacing;

    Replace(String name, boolean all, boolean replacing) {
      super(name);
      this.all = all;
      this.replacing = replacing;
    }

    @Override
    public Object apply(Object value, TemplateContext context, Object... params) {
      String text = asString(value, context);
      Object needle = get(0, params);
      if (needle == null) {
        throw nil();
      }
      String target = String.valueOf(needle);
      String replacement = "";
      if (replacing && params.length >= 2) {
        Object other = get(1, params);
        if (other == null) {
          throw nil();
        }
        replacement = asString(other, context);
      }
      TextSearch search = new TextSearch(target);
      long found = count(text, target, search);
      LiquidBudget.of(context).expect(text.length() + found * (replacement.length() - target.length()));
      if (found == 0) {
        return text;
      }
      StringBuilder out = new StringBuilder(text.length());
      int from = 0;
      for (long i = 0; i < found; i++) {
        int at = target.isEmpty() ? from : search.in(text, from);
        out.append(text, from, at).append(replacement);
        from = at + target.length();
        if (target.isEmpty() && at < text.length()) {
          out.append(text.charAt(at));
          from++;
        }
      }
      return out.append(text, Math.min(from, text.length()), text.length()).toString();
    }

    private LiquidProblem nil() {
      return new LiquidProblem("the filter '" + name + "' gets nil where it needs a text",
          "give it texts, such as | " + name + (replacing ? ": 'old', 'new'" : ": 'old'"));
    }

    /** Returns how many times this filter replaces {@code target} in {@code text}. */
    private long count(String text, String target, TextSearch search) {
      if (target.isEmpty()) {
        return all ? text.length() + 1L : 1;
      }
      long found = 0;
      for (int at = search.in(text, 0); at >= 0 && (all || found == 0); at = search.in(text, at + target.length())) {
        found++;
      }
      return found;
    }
  }

  /** {@code split}: the text cut at each occurrence of a text but one at its start, by liqp's expression. */
  private static final class Split extends Filter {
    Split() {
      super("split");
    }

    @Override
    public Object apply(Object value, TemplateContext context, Object... params) {
      String text = asString(value, context);
      if (text.isEmpty()) {
        return new String[0];
      }
      String delimiter = asString(get(0, params), context);
      return Pattern.compile("(?<!^)" + Pattern.quote(delimiter)).split(LiquidBudget.of(context).watch(text));
    }
  }

  /** {@code strip_html}: the text without scripts, styles, comments and tags, by liqp's expressions. */
  private static final class StripHtml extends Filter {
    StripHtml() {
      super("strip_html");
    }

    @Override
    public Object apply(Object value, TemplateContext context, Object... params) {
      LiquidBudget budget = LiquidBudget.of(context);
      String blocksGone = HTML_BLOCKS.matcher(budget.watch(asString(value, context))).replaceAll("");
      return HTML_TAGS.matcher(budget.watch(blocksGone)).replaceAll("");
    }
  }

  /** {@code round}: liqp's, once the decimals asked for are no more than a number may have. */
  private static final class Round extends Filter {
    private final Filter liqp = new liqp.filters.Round();

    Round() {
      super("round");
    }

    @Override
    public Object apply(Object value, TemplateContext context, Object... params) {
      if (params.length > 0 && canBeDouble(params[0])
          && asNumber(params[0]).longValue() > LiquidFilters.MAX_NUMBER_CHARS) {
        throw new LiquidProblem("the filter 'round' asks for more than " + LiquidFilters.MAX_NUMBER_CHARS
            + " decimals", "round to a few decimals, such as | round: 2");
      }
      return liqp.apply(value, context, params);
    }
  }
}
