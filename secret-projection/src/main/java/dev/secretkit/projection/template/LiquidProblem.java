package dev.secretkit.projection.template;

import dev.secretkit.spi.support.Suggestions;
import java.util.Collection;
import java.util.stream.Collectors;
import liqp.exceptions.ExceededMaxIterationsException;
import liqp.exceptions.IncompatibleTypeComparisonException;
import liqp.org.antlr.v4.runtime.Token;
import liqp.org.antlr.v4.runtime.misc.Interval;

/**
 * What goes wrong in a Liquid template, in words that hold no secret value, and where; the liquid
 * engine's internal form of a {@link TemplateException}. liqp's own exceptions may quote values, so
 * they are never passed on: {@link #explain} turns them into one of these by their type.
 */
final class LiquidProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final int NAMES_LISTED = 20;

  private final String hint;
  private final int line;
  private final int column;

  LiquidProblem(String message, String hint) {
    this(message, hint, 0, 0);
  }

  private LiquidProblem(String message, String hint, int line, int column) {
    super(message, null, false, false);
    this.hint = hint;
    this.line = line;
    this.column = column;
  }

  /** Returns this problem placed at {@code line} and {@code column}, unless it already has a place. */
  LiquidProblem at(int line, int column) {
    return this.line > 0 ? this : new LiquidProblem(getMessage(), hint, line, column);
  }

  /** Returns this problem placed where {@code token} starts, unless it already has a place. */
  LiquidProblem at(Token token) {
    int[] place = place(token);
    return at(place[0], place[1]);
  }

  /**
   * Returns the 1-based line and column where {@code token} starts, past the blanks a {@code {{-} or
   * {@code {%-} token takes in. Counted from the text, since liqp's lexer gives some tokens the line
   * and column of where they end.
   */
  static int[] place(Token token) {
    int start = token.getStartIndex();
    String text = token.getText();
    int blanks = 0;
    while (blanks < text.length() && Character.isWhitespace(text.charAt(blanks))) {
      blanks++;
    }
    String before = (start > 0 ? token.getInputStream().getText(Interval.of(0, start - 1)) : "")
        + text.substring(0, blanks);
    int lineStart = before.lastIndexOf('\n') + 1;
    int line = 1 + (int) before.chars().filter(c -> c == '\n').count();
    return new int[] {line, 1 + before.codePointCount(lineStart, before.length())};
  }

  TemplateException toTemplateException() {
    return new TemplateException(getMessage(), Math.max(line, 1), Math.max(column, 1), hint);
  }

  /**
   * Returns the problem {@code thrown} stands for: the first {@link LiquidProblem} in its causes,
   * else one said by the type of what liqp or the JDK threw, never by its message.
   */
  static LiquidProblem explain(Throwable thrown, LiquidLimits limits) {
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      if (cause instanceof LiquidProblem problem) {
        return problem;
      }
      if (cause instanceof LiquidSecrets.Missing missing) {
        return missing.problem(false);
      }
      if (cause instanceof ExceededMaxIterationsException) {
        return new LiquidProblem("the template's loops (for, tablerow) run more than " + limits.iterations()
            + " times in all", "loop over fewer items, or set a limit: {% for x in list limit: 100 %}");
      }
      if (cause instanceof IncompatibleTypeComparisonException) {
        return new LiquidProblem("a comparison here compares values of different types, such as text and a number",
            "convert one side first: | plus: 0 makes a number of text, | append: '' makes text of a number");
      }
    }
    return new LiquidProblem("the template fails here (" + thrown.getClass().getSimpleName() + ")",
        "check the types of the values this tag or output uses; see secret-projection/LIQUID.md");
  }

  /** Returns "did you mean 'x'? " for the closest of {@code known}, or the empty string. */
  static String didYouMean(String word, Collection<String> known) {
    return Suggestions.closest(word, known).map(close -> "did you mean '" + close + "'? ").orElse("");
  }

  /** Returns {@code names} for a message: quoted, in order, the first few and how many more; "none" if empty. */
  static String list(Collection<String> names) {
    if (names.isEmpty()) {
      return "none";
    }
    String shown = names.stream().limit(NAMES_LISTED).map(name -> "'" + name + "'").collect(Collectors.joining(", "));
    return names.size() > NAMES_LISTED ? shown + " and " + (names.size() - NAMES_LISTED) + " more" : shown;
  }
}
