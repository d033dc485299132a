package dev.secretkit.projection.template;

import liqp.RenderTransformer;
import liqp.TemplateContext;

/**
 * How liqp joins what a template, a block or a capture renders: into text kept within the render's
 * {@link LiquidBudget}, refusing a {@link LiquidFilters.Binary} value, which has no text.
 */
final class LiquidOutput implements RenderTransformer {
  static final LiquidOutput INSTANCE = new LiquidOutput();

  private LiquidOutput() {}

  @Override
  public ObjectAppender.Controller newObjectAppender(TemplateContext context, int estimatedNumberOfAppends) {
    LiquidBudget budget = LiquidBudget.of(context);
    budget.checkTime();
    StringBuilder text = new StringBuilder();
    return new ObjectAppender.Controller() {
      @Override
      public void append(Object piece) {
        String added = String.valueOf(LiquidFilters.requireText(piece));
        budget.checkTime();
        budget.produce((long) text.length() + added.length(), added.length());
        text.append(added);
      }

      @Override
      public Object getResult() {
        return text.toString();
      }
    };
  }

  @Override
  public Object transformObject(TemplateContext context, Object rendered) {
    return String.valueOf(rendered);
  }
}
