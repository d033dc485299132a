package dev.secretkit.projection.template;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import liqp.TemplateParser;
import liqp.org.antlr.v4.runtime.tree.ParseTree;

/**
 * A compiled Liquid template: liqp's parse tree, which is only read. Each render builds its own
 * nodes and liqp context and drops them when done, so renders may run at once on many threads, and
 * nothing of a value is kept between them.
 */
final class LiquidTemplate implements Template {
  private final ParseTree tree;
  private final TemplateParser parser;
  private final Set<String> aliases;
  private final LiquidLimits limits;

  LiquidTemplate(ParseTree tree, TemplateParser parser, Set<String> aliases, LiquidLimits limits) {
    this.tree = tree;
    this.parser = parser;
    this.aliases = aliases;
    this.limits = limits;
  }

  @Override
  public String render(TemplateContext context) {
    liqp.TemplateContext liquid = new liqp.TemplateContext(parser,
        Map.of("secrets", new LiquidSecrets(Objects.requireNonNull(context, "context"))));
    new LiquidBudget(limits).install(liquid);
    try {
      return String.valueOf(new LiquidNodeVisitor(parser, aliases).visit(tree).render(liquid));
    } catch (RuntimeException e) {
      throw LiquidProblem.explain(e, limits).toTemplateException();
    }
  }

  @Override
  public String toString() {
    return "LiquidTemplate[aliases=" + aliases + "]";
  }
}
