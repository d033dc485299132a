package dev.secretkit.projection.template;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;
import liqp.TemplateParser;
import liqp.exceptions.LiquidException;
import liqp.filters.Filter;
import liqp.org.antlr.v4.runtime.tree.ParseTree;
import liqp.parser.Flavor;

/**
 * The engine of {@link TemplateType#LIQUID}: compiles Liquid templates, through liqp, that render a
 * projection's secrets as DataOS renders Liquid projections. Thread-safe.
 *
 * <p><b>Context.</b> A template reads one variable, {@code secrets}: each context alias to its
 * secret's keys, each holding the value <em>base64-encoded</em> (standard base64 of the value's
 * bytes). {@code {{ secrets['tmsh'].TRINO_HOST | base64_decode }}} gives the host as text, as do
 * {@code secrets.tmsh.TRINO_HOST} and, for a key that is not a plain name,
 * {@code secrets['tmsh']['my-key']}; without {@code | base64_decode} the base64 text is rendered.
 * {@code base64_decode} turns base64 into the UTF-8 text it encodes; text that is not base64 fails
 * (saying so, not showing it), and bytes that are not UTF-8 give a binary value that only
 * {@code base64_encode} takes, so binary values round-trip exactly. {@code base64_encode} encodes
 * text as UTF-8. A whole secret rendered as text shows its key names; {@code | json} shows it all.
 *
 * <p><b>Liquid.</b> Liquid's standard tags and filters work as in Shopify's Liquid, with the
 * {@code date} filter in UTC. Refused at compile time, at the tag: {@code include},
 * {@code include_relative} and {@code render}, which would read files; no tag or filter reads a
 * file or the environment.
 *
 * <p><b>Strict.</b> Every variable a template reads must exist. An alias written in the text
 * ({@code secrets.x}, {@code secrets['x']}) that the projection does not declare fails at compile
 * time; at render time, an alias or key the context does not hold, or a variable not defined,
 * fails at the lookup, naming the aliases or key names there are (never a value) and the closest
 * one. The exception: in an output or assignment with a {@code default} filter anywhere in its
 * filters, the variable it starts from may be missing, and is nil, so that
 * {@code {{ secrets.a.OPTIONAL | default: '' | base64_decode }}} works. To test for a key, write
 * {@code {% if secrets.a contains 'KEY' %}}. {@code break} and {@code continue} outside a for loop,
 * and unknown filters and tags, fail at compile time.
 *
 * <p><b>Errors.</b> A {@link TemplateException} gives the 1-based line and column of the output,
 * tag, lookup or filter at fault (of the place liqp reports for a syntax error liqp's parser finds),
 * and says what is wrong and what to do in words that hold no secret value: liqp's own messages,
 * which may quote values, are never passed on.
 *
 * <p><b>Limits.</b> A template has at most 64 KiB; blocks nest at most 64 deep, and so do a tag's
 * or output's parentheses and brackets with its {@code and} / {@code or}. A render runs loops
 * ({@code for}, {@code tablerow}) at most 10,000 times in all, makes no text (or filter result; a
 * list counts its items and the characters of its texts) longer than 1 MiB characters, no number
 * longer than 1,000 characters, and at most 16 Mi characters in all, and takes at most one second;
 * past any of these it fails, saying which. Filters that could make text far longer than what they
 * get ({@code append}, {@code prepend}, {@code replace} and its kin) fail before they build it, and
 * no filter or {@code contains} runs for long unchecked: see {@link LiquidBoundedFilters}.
 *
 * <p><b>Threads and values.</b> A compiled template only keeps the parse tree: each render builds
 * its own nodes and context and drops them, so templates render on many threads at once and hold no
 * value between renders. secret-projection/LIQUID.md says all this for template authors.
 */
final class LiquidTemplateEngine implements TemplateEngine {
  static final LiquidTemplateEngine INSTANCE = new LiquidTemplateEngine(LiquidLimits.DEFAULT);

  private final LiquidLimits limits;
  private final TemplateParser parser;

  LiquidTemplateEngine(LiquidLimits limits) {
    this.limits = limits;
    TemplateParser.Builder builder = new TemplateParser.Builder().withFlavor(Flavor.LIQUID)
        .withMaxIterations(limits.iterations()).withDefaultTimeZone(ZoneId.of("UTC"))
        .withRenderTransformer(LiquidOutput.INSTANCE);
    for (Filter filter : LiquidFilters.all()) {
      builder.withFilter(filter);
    }
    this.parser = builder.build();
  }

  @Override
  public Template compile(String text, Set<String> aliases) {
    Objects.requireNonNull(text, "text");
    Set<String> declared = Set.copyOf(aliases);
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > limits.templateBytes()) {
      throw new TemplateException("the template has " + bytes + " bytes; a liquid template has at most "
          + limits.templateBytes(), 1, 1, "split it into smaller templates, one per variable or file");
    }
    try {
      LiquidSyntax syntax = LiquidSyntax.read(text, parser);
      syntax.check();
      ParseTree tree;
      try {
        tree = parser.parse(text).getParseTree();
      } catch (LiquidException failure) {
        throw syntax.explain(failure);
      }
      new LiquidNodeVisitor(parser, declared).visit(tree);
      return new LiquidTemplate(tree, parser, declared, limits);
    } catch (RuntimeException e) {
      throw LiquidProblem.explain(e, limits).toTemplateException();
    }
  }
}
