package dev.secretkit.projection.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import liqp.LValue;
import liqp.TemplateContext;
import liqp.TemplateParser;
import liqp.filters.Filter;
import liqp.nodes.AtomNode;
import liqp.nodes.BlockNode;
import liqp.nodes.ContainsNode;
import liqp.nodes.FilterNode;
import liqp.nodes.InsertionNode;
import liqp.nodes.LNode;
import liqp.nodes.OutputNode;
import liqp.org.antlr.v4.runtime.Token;
import liqp.org.antlr.v4.runtime.tree.ParseTree;
import liqp.parser.v4.NodeVisitor;
import liquid.parser.v4.LiquidParser.AssignmentContext;
import liquid.parser.v4.LiquidParser.AtomContext;
import liquid.parser.v4.LiquidParser.BlockContext;
import liquid.parser.v4.LiquidParser.ExprContext;
import liquid.parser.v4.LiquidParser.Expr_containsContext;
import liquid.parser.v4.LiquidParser.Expr_termContext;
import liquid.parser.v4.LiquidParser.FilterContext;
import liquid.parser.v4.LiquidParser.For_arrayContext;
import liquid.parser.v4.LiquidParser.For_rangeContext;
import liquid.parser.v4.LiquidParser.Include_tagContext;
import liquid.parser.v4.LiquidParser.IndexContext;
import liquid.parser.v4.LiquidParser.LookupContext;
import liquid.parser.v4.LiquidParser.Lookup_StrContext;
import liquid.parser.v4.LiquidParser.Lookup_emptyContext;
import liquid.parser.v4.LiquidParser.Lookup_id_indexesContext;
import liquid.parser.v4.LiquidParser.OutputContext;
import liquid.parser.v4.LiquidParser.Param_exprContext;
import liquid.parser.v4.LiquidParser.Simple_tagContext;
import liquid.parser.v4.LiquidParser.Term_StrContext;
import liquid.parser.v4.LiquidParser.Term_lookupContext;

/**
 * Turns a parsed Liquid template into liqp's nodes, changed where this engine differs from liqp.
 * Each output and tag fails at its own place, with a {@link LiquidProblem}; every variable a
 * template reads must exist (a missing alias or key names what exists), unless the output or
 * assignment that reads it has a {@code default} filter; {@code contains} finds a text in another in
 * linear time; {@code include} is refused, and so are
 * unknown filters, {@code break} and {@code continue} outside a for loop, and aliases written in the
 * template that the projection does not declare. It is used once at compile time, for those
 * checks, and once per render, since liqp's nodes keep state while they render.
 */
final class LiquidNodeVisitor extends NodeVisitor {
  private static final String SECRETS = "secrets";
  private static final String DEFAULT = "default";

  private final TemplateParser parser;
  private final Set<String> aliases;
  private boolean lenient;
  private int loops;

  LiquidNodeVisitor(TemplateParser parser, Set<String> aliases) {
    super(parser.insertions, parser.filters, parser.liquidStyleInclude);
    this.parser = parser;
    this.aliases = aliases;
  }

  @Override
  public LNode visit(ParseTree tree) {
    if (tree instanceof LookupContext lookup && !(tree instanceof Lookup_emptyContext)) {
      return lookup(lookup);
    }
    return super.visit(tree);
  }

  private LNode lookup(LookupContext lookup) {
    boolean tolerant = lenient;
    lenient = false;
    String root = "";
    boolean literal = lookup instanceof Lookup_StrContext;
    if (lookup instanceof Lookup_id_indexesContext indexed) {
      root = indexed.id().getText();
      checkAlias(indexed);
      literal = indexed.index().stream().allMatch(index -> index.Dot() != null || string(index.expr()) != null);
    }
    return new StrictLookup(super.visit(lookup), lookup.getText(), root, literal, tolerant, lookup.start);
  }

  private void checkAlias(Lookup_id_indexesContext lookup) {
    if (!SECRETS.equals(lookup.id().getText()) || lookup.index().isEmpty()) {
      return;
    }
    IndexContext first = lookup.index(0);
    String alias = first.Dot() != null ? first.id2().getText() : string(first.expr());
    if (alias != null && !aliases.contains(alias)) {
      throw new LiquidProblem("the template names the alias '" + alias + "', which the projection does not declare",
          LiquidProblem.didYouMean(alias, aliases) + "the declared aliases (contextAlias of the projection's"
              + " secrets): " + LiquidProblem.list(new TreeSet<>(aliases)))
          .at(first.Dot() != null ? first.id2().start : first.expr().start);
    }
  }

  /** Returns the text of {@code expr} if it is a string literal, else null. */
  private static String string(ExprContext expr) {
    if (expr instanceof Expr_termContext term && term.term() instanceof Term_StrContext literal) {
      String quoted = literal.Str().getText();
      return quoted.substring(1, quoted.length() - 1);
    }
    return null;
  }

  @Override
  public BlockNode visitBlock(BlockContext ctx) {
    BlockNode block = new BlockNode();
    for (AtomContext atom : ctx.atom()) {
      LNode node = visit(atom);
      block.add(node == null ? null : new Located(node, atom.start));
    }
    return block;
  }

  @Override
  public LNode visitOutput(OutputContext ctx) {
    lenient = ctx.term() instanceof Term_lookupContext && defaults(ctx.filter());
    LNode term = visit(ctx.term());
    lenient = false;
    OutputNode output = new OutputNode(term, null, null, null);
    for (FilterContext filter : ctx.filter()) {
      output.addFilter(visitFilter(filter));
    }
    return output;
  }

  @Override
  public LNode visitAssignment(AssignmentContext ctx) {
    List<LNode> nodes = new ArrayList<>();
    nodes.add(new AtomNode(ctx.id().getText()));
    lenient = ctx.expr() instanceof Expr_termContext term && term.term() instanceof Term_lookupContext
        && defaults(ctx.filter());
    nodes.add(visit(ctx.expr()));
    lenient = false;
    for (FilterContext filter : ctx.filter()) {
      nodes.add(visitFilter(filter));
    }
    return new InsertionNode(parser.insertions.get("assign"), nodes);
  }

  private static boolean defaults(List<FilterContext> filters) {
    return filters.stream().anyMatch(filter -> DEFAULT.equals(filter.Id().getText()));
  }

  @Override
  public FilterNode visitFilter(FilterContext ctx) {
    String name = ctx.Id().getText();
    Filter filter = parser.filters.get(name);
    if (filter == null) {
      throw new LiquidProblem("there is no filter named '" + name + "'", LiquidProblem.didYouMean(name,
          parser.filters.getMap().keySet()) + "secret-projection/LIQUID.md lists the filters")
          .at(ctx.Id().getSymbol());
    }
    FilterNode node = new LocatedFilter(ctx, filter);
    if (ctx.params() != null) {
      for (Param_exprContext param : ctx.params().param_expr()) {
        node.add(visit(param));
      }
    }
    return node;
  }

  @Override
  public LNode visitExpr_contains(Expr_containsContext ctx) {
    return new Contains(visit(ctx.lhs), visit(ctx.rhs));
  }

  @Override
  public LNode visitInclude_tag(Include_tagContext ctx) {
    throw LiquidSyntax.refused("include").at(ctx.start);
  }

  @Override
  public LNode visitFor_array(For_arrayContext ctx) {
    loops++;
    try {
      return super.visitFor_array(ctx);
    } finally {
      loops--;
    }
  }

  @Override
  public LNode visitFor_range(For_rangeContext ctx) {
    loops++;
    try {
      return super.visitFor_range(ctx);
    } finally {
      loops--;
    }
  }

  @Override
  public LNode visitSimple_tag(Simple_tagContext ctx) {
    String tag = ctx.SimpleTagId().getText();
    if (loops == 0 && (tag.equals("break") || tag.equals("continue"))) {
      throw new LiquidProblem("{% " + tag + " %} is outside any for loop", "use it inside {% for %}...{% endfor %}")
          .at(ctx.start);
    }
    return super.visitSimple_tag(ctx);
  }

  /**
   * An output, tag or text whose failures are placed where it starts, which keeps to the time limit,
   * and whose result may not be a binary value.
   */
  private static final class Located implements LNode {
    private final LNode node;
    private final Token start;

    Located(LNode node, Token start) {
      this.node = node;
      this.start = start;
    }

    @Override
    public Object render(TemplateContext context) {
      LiquidBudget budget = LiquidBudget.of(context);
      budget.checkTime();
      try {
        return LiquidFilters.requireText(node.render(context));
      } catch (RuntimeException e) {
        throw LiquidProblem.explain(e, budget.limits()).at(start);
      }
    }
  }

  /**
   * A variable lookup that must find something: a missing alias or key, or a variable that is not
   * defined, fails here, unless {@code tolerant}, when it is nil for a {@code default} filter.
   */
  private static final class StrictLookup implements LNode {
    private final LNode lookup;
    private final String text;
    private final String root;
    private final boolean literal;
    private final boolean tolerant;
    private final Token start;

    StrictLookup(LNode lookup, String text, String root, boolean literal, boolean tolerant, Token start) {
      this.lookup = lookup;
      this.text = text;
      this.root = root;
      this.literal = literal;
      this.tolerant = tolerant;
      this.start = start;
    }

    @Override
    public Object render(TemplateContext context) {
      Object value;
      try {
        value = lookup.render(context);
      } catch (LiquidSecrets.Missing missing) {
        if (tolerant) {
          return null;
        }
        throw missing.problem(literal).at(start);
      }
      if (value == null && !tolerant) {
        String typo = root.equals(SECRETS) ? "" : LiquidProblem.didYouMean(root, Set.of(SECRETS));
        throw new LiquidProblem("'" + text + "' is not defined", typo + "the variables are secrets and those the"
            + " template assigns; to allow a missing one, give it a default: {{ x | default: '' }}").at(start);
      }
      return value;
    }
  }

  /**
   * Liquid's {@code contains}, as liqp's: on texts, found by a {@link TextSearch}, since liqp's
   * {@link String#contains} may compare the whole text it looks for at every position; on anything
   * else, by liqp.
   */
  private static final class Contains extends LValue implements LNode {
    private final LNode lhs;
    private final LNode rhs;

    Contains(LNode lhs, LNode rhs) {
      this.lhs = lhs;
      this.rhs = rhs;
    }

    @Override
    public Object render(TemplateContext context) {
      Object collection = lhs.render(context);
      Object needle = rhs.render(context);
      if (isString(collection)) {
        return new TextSearch(asString(needle, context)).in(asString(collection, context), 0) >= 0;
      }
      return new ContainsNode(new AtomNode(collection), new AtomNode(needle)).render(context);
    }
  }

  /** A filter whose failures are placed at its name. */
  private static final class LocatedFilter extends FilterNode {
    private final Token name;

    LocatedFilter(FilterContext ctx, Filter filter) {
      super(ctx, filter);
      this.name = ctx.Id().getSymbol();
    }

    @Override
    public Object apply(Object value, TemplateContext context) {
      try {
        return super.apply(value, context);
      } catch (RuntimeException e) {
        throw LiquidProblem.explain(e, LiquidBudget.of(context).limits()).at(name);
      }
    }
  }
}
