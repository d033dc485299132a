package dev.secretkit.projection.template;

import java.util.Map;
import liqp.TemplateContext;

/**
 * What one render of a Liquid template has left of its {@link LiquidLimits}: its deadline and the
 * text it may still produce. It travels in liqp's context, where the filters and the output see it.
 * The deadline is checked between outputs, tags and filters, and, through {@link #watch}, while a
 * regular expression reads a text.
 */
final class LiquidBudget {
  private static final String REGISTRY = LiquidBudget.class.getName();

  private final LiquidLimits limits;
  private final long deadline;
  private long work;

  LiquidBudget(LiquidLimits limits) {
    this.limits = limits;
    this.deadline = limits.nanoTime().getAsLong() + limits.renderNanos();
  }

  /** Makes this the budget of the render {@code context} starts. */
  void install(TemplateContext context) {
    Map<String, Object> registry = context.getRegistry(REGISTRY);
    registry.put(REGISTRY, this);
  }

  /** Returns the budget of the render {@code context} belongs to. */
  static LiquidBudget of(TemplateContext context) {
    Map<String, Object> registry = context.getRegistry(REGISTRY);
    return (LiquidBudget) registry.get(REGISTRY);
  }

  LiquidLimits limits() {
    return limits;
  }

  /** Fails once the render has taken longer than the limit. */
  void checkTime() {
    if (limits.nanoTime().getAsLong() - deadline > 0) {
      throw new LiquidProblem("rendering takes longer than " + limits.renderNanos() / 1_000_000 + " ms",
          "make the template do less: fewer or shorter loops, fewer filters on long text");
    }
  }

  /**
   * Returns {@code text} as a sequence that fails, as {@link #checkTime()} does, once the render has
   * taken too long while something reads it: for regular expressions, which may read a text many
   * times over.
   */
  CharSequence watch(String text) {
    return new Watched(text);
  }

  /** Fails if a piece of text (or list) {@code size} long is longer than one may be; before it is made. */
  void expect(long size) {
    if (size > limits.outputChars()) {
      throw new LiquidProblem("the template makes text (or a list) longer than " + limits.outputChars()
          + " characters (or items)", "make the template produce less; a projection's values are small");
    }
  }

  /**
   * Accounts for {@code added} characters (or list items) produced, for a piece of text (or list)
   * now {@code size} long; fails if that piece is longer than one may be, or the render has produced
   * too much in all.
   */
  void produce(long size, long added) {
    expect(size);
    work += added;
    if (work > limits.workChars()) {
      throw new LiquidProblem("the template produces more than " + limits.workChars()
          + " characters in all while rendering, counting text it builds and drops",
          "make the template build less text, in loops above all");
    }
  }

  /** A text that checks the render's time every few thousand characters read. */
  private final class Watched implements CharSequence {
    private static final int READS_BETWEEN_CHECKS = 4096;

    private final String text;
    private int reads;

    Watched(String text) {
      this.text = text;
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      if (++reads == READS_BETWEEN_CHECKS) {
        reads = 0;
        checkTime();
      }
      return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.substring(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
