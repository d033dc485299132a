package dev.secretkit.projection.template;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import liqp.Insertion;
import liqp.TemplateParser;
import liqp.blocks.Block;
import liqp.exceptions.LiquidException;
import liqp.org.antlr.v4.runtime.CharStream;
import liqp.org.antlr.v4.runtime.CharStreams;
import liqp.org.antlr.v4.runtime.Token;
import liqp.org.antlr.v4.runtime.misc.Interval;
import liquid.parser.v4.LiquidLexer;

/**
 * A Liquid template's outputs and tags, read with liqp's own lexer before liqp parses it. They tell,
 * at the tag, what liqp's parser would only report as an error somewhere near: an unknown or refused
 * tag, a block left open or closed out of turn, an output or tag never closed; and they refuse
 * nesting deep enough to exhaust the parser's stack. Where liqp's parser still fails, {@link #explain}
 * says so in plain words, quoting the output or tag.
 */
final class LiquidSyntax {
  /**
   * The most blocks open at once; and in one tag or output, the most levels of parentheses and
   * brackets, and {@code and} / {@code or}, added up: liqp's parser recurses for each.
   */
  static final int MAX_NESTING = 64;

  private static final Set<String> BLOCKS =
      Set.of("capture", "case", "comment", "for", "if", "ifchanged", "raw", "tablerow", "unless");
  private static final Set<String> REFUSED = Set.of("include", "include_relative", "render");
  private static final int QUOTED = 60;

  private final CharStream input;
  private final List<Token> tokens;
  private final List<Markup> markups;
  private final SortedSet<String> tags;

  private LiquidSyntax(CharStream input, List<Token> tokens, List<Markup> markups, SortedSet<String> tags) {
    this.input = input;
    this.tokens = tokens;
    this.markups = markups;
    this.tags = tags;
  }

  /** Reads {@code text} as {@code parser} would. */
  static LiquidSyntax read(String text, TemplateParser parser) {
    Set<String> blocks = new HashSet<>();
    Set<String> simple = new HashSet<>();
    for (Insertion insertion : parser.insertions.values()) {
      (insertion instanceof Block ? blocks : simple).add(insertion.getName());
    }
    CharStream input = CharStreams.fromString(text);
    LiquidLexer lexer = new LiquidLexer(input, parser.liquidStyleInclude, parser.isStripSpacesAroundTags(),
        parser.isStripSingleLine(), blocks, simple);
    lexer.removeErrorListeners();
    List<Token> tokens = new ArrayList<>();
    for (Token token : lexer.getAllTokens()) {
      if (token.getChannel() == Token.DEFAULT_CHANNEL) {
        tokens.add(token);
      }
    }
    SortedSet<String> tags = new TreeSet<>(blocks);
    tags.addAll(simple);
    tags.removeAll(REFUSED);
    return new LiquidSyntax(input, tokens, markups(tokens), tags);
  }

  private static List<Markup> markups(List<Token> tokens) {
    List<Markup> markups = new ArrayList<>();
    Markup current = null;
    for (Token token : tokens) {
      int type = token.getType();
      if (current == null) {
        if (type == LiquidLexer.OutStart || type == LiquidLexer.TagStart || type == LiquidLexer.RawEnd) {
          current = new Markup(token, type == LiquidLexer.OutStart);
          markups.add(current);
          if (type == LiquidLexer.RawEnd) {
            current.name = token;
          }
        }
        continue;
      }
      if (!current.output && current.name == null) {
        current.name = token;
      }
      if (type == LiquidLexer.OutEnd || type == LiquidLexer.TagEnd || type == LiquidLexer.InvalidEndTag
          || type == LiquidLexer.RawStart) {
        current.end = token.getStopIndex();
        current = null;
      } else if (type == LiquidLexer.OPar || type == LiquidLexer.OBr) {
        current.depth++;
        current.deepest = Math.max(current.deepest, current.depth);
      } else if (type == LiquidLexer.CPar || type == LiquidLexer.CBr) {
        current.depth--;
      } else if (type == LiquidLexer.And || type == LiquidLexer.Or) {
        current.chain++;
      }
    }
    return markups;
  }

  /**
   * Checks the outputs and tags, in the order written.
   *
   * @throws LiquidProblem at the first output or tag that is never closed, nests too deeply, is
   *     empty, unknown or refused, or opens or closes a block out of turn; or at the innermost block
   *     left open
   */
  void check() {
    Deque<Markup> open = new ArrayDeque<>();
    for (Markup markup : markups) {
      if (markup.end < 0) {
        throw new LiquidProblem("this " + markup.kind() + " is never closed with " + (markup.output ? "}}" : "%}"),
            "close it with " + (markup.output ? "}}" : "%}") + "; to write " + (markup.output ? "{{" : "{%")
                + " as text, put it in {% raw %}...{% endraw %}").at(markup.start);
      }
      if (markup.deepest + markup.chain > MAX_NESTING) {
        throw new LiquidProblem("this " + markup.kind() + " nests more than " + MAX_NESTING + " deep: its levels of"
            + " parentheses and brackets and its and / or add up to " + (markup.deepest + markup.chain),
            "split it up with {% assign %}").at(markup.start);
      }
      String name = markup.name();
      boolean inComment = !open.isEmpty() && open.peek().name().equals("comment");
      if (markup.output || inComment && !name.equals("endcomment")) {
        continue;
      }
      checkName(markup, name);
      if (BLOCKS.contains(name)) {
        open.push(markup);
        if (open.size() > MAX_NESTING) {
          throw new LiquidProblem("blocks nest more than " + MAX_NESTING + " deep here",
              "nest fewer blocks, for example by joining conditions with and / or").at(markup.start);
        }
      } else if (name.startsWith("end") && BLOCKS.contains(name.substring(3))) {
        close(open, markup, name.substring(3));
      }
    }
    if (!open.isEmpty()) {
      Markup unclosed = open.peek();
      throw new LiquidProblem("the {% " + unclosed.name() + " %} block that starts here is never closed",
          "end it with {% end" + unclosed.name() + " %}").at(unclosed.start);
    }
  }

  private void checkName(Markup markup, String name) {
    if (name.isEmpty()) {
      throw new LiquidProblem("this tag is empty", "write a tag as {% name arguments %}, or remove it")
          .at(markup.start);
    }
    int type = markup.name.getType();
    if (type == LiquidLexer.InvalidTagId || type == LiquidLexer.InvalidEndBlockId) {
      if (REFUSED.contains(name)) {
        throw refused(name).at(markup.start);
      }
      SortedSet<String> known = new TreeSet<>(tags);
      BLOCKS.forEach(block -> known.add("end" + block));
      known.addAll(List.of("else", "elsif", "when"));
      throw new LiquidProblem("there is no tag named '" + name + "'", LiquidProblem.didYouMean(name, known)
          + "the tags: " + LiquidProblem.list(tags)).at(markup.start);
    }
  }

  private static void close(Deque<Markup> open, Markup markup, String block) {
    if (open.isEmpty()) {
      throw new LiquidProblem("{% end" + block + " %} closes no open block",
          "remove it, or open the block before it with {% " + block + " %}").at(markup.start);
    }
    Markup innermost = open.peek();
    if (!innermost.name().equals(block)) {
      int[] place = LiquidProblem.place(innermost.start);
      throw new LiquidProblem("{% end" + block + " %} is where the {% " + innermost.name() + " %} block at line "
          + place[0] + ", column " + place[1] + " must close", "close that block first, with {% end"
          + innermost.name() + " %}").at(markup.start);
    }
    open.pop();
  }

  /** Returns the problem of a template that uses {@code tag}, which reads files. */
  static LiquidProblem refused(String tag) {
    return new LiquidProblem("the {% " + tag + " %} tag is refused: it would read a file, and a projection's"
        + " template only reads its secrets", "write what the other file holds into this template");
  }

  /** Returns what {@code failure}, liqp's parse error of the text read, means, at the place liqp gives. */
  LiquidProblem explain(LiquidException failure) {
    int line = failure.line;
    int column = failure.charPositionInLine;
    Markup near = null;
    for (Markup markup : markups) {
      Token start = markup.start;
      if (start.getLine() < line || start.getLine() == line && start.getCharPositionInLine() <= column) {
        near = markup;
      }
    }
    if (near == null) {
      return new LiquidProblem("the template does not parse here", "see secret-projection/LIQUID.md for the syntax")
          .at(Math.max(line, 1), column + 1);
    }
    StringBuilder message = new StringBuilder("the ").append(near.kind()).append(' ')
        .append(quote(near.start.getStartIndex(), near.end)).append(" does not parse");
    for (Token token : tokens) {
      if (token.getLine() == line && token.getCharPositionInLine() == column && token != near.start
          && token.getType() != Token.EOF) {
        message.append(" at ").append(quote(token.getStartIndex(), token.getStopIndex()));
        break;
      }
    }
    String hint = near.output
        ? "write {{ value | filter: argument }}; a key that is not a plain name is written secrets['alias']['key']"
        : "write {% name arguments %} as secret-projection/LIQUID.md shows for each tag";
    return new LiquidProblem(message.toString(), hint).at(Math.max(line, 1), column + 1);
  }

  private String quote(int from, int to) {
    String text = input.getText(Interval.of(from, to)).strip().replaceAll("\\s+", " ");
    return "'" + (text.length() > QUOTED ? text.substring(0, QUOTED) + "..." : text) + "'";
  }

  /** One output ({@code {{ ... }}}) or tag ({@code {% ... %}}) as the lexer sees it. */
  private static final class Markup {
    final Token start;
    final boolean output;
    Token name;
    int end = -1;
    int depth;
    int deepest;
    int chain;

    Markup(Token start, boolean output) {
      this.start = start;
      this.output = output;
    }

    String kind() {
      return output ? "output" : "tag";
    }

    /** Returns the tag's name, such as {@code if} or {@code endraw}; empty for an output or an empty tag. */
    String name() {
      String text = name == null ? "" : name.getText();
      int from = 0;
      while (from < text.length()
          && ("{%-".indexOf(text.charAt(from)) >= 0 || Character.isWhitespace(text.charAt(from)))) {
        from++;
      }
      int to = from;
      while (to < text.length() && (Character.isLetterOrDigit(text.charAt(to)) || text.charAt(to) == '_')) {
        to++;
      }
      return text.substring(from, to);
    }
  }
}
