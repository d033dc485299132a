package dev.secretkit.projection.template;

import dev.secretkit.projection.template.GoNode.Action;
import dev.secretkit.projection.template.GoNode.Branch;
import dev.secretkit.projection.template.GoNode.Command;
import dev.secretkit.projection.template.GoNode.Conditional;
import dev.secretkit.projection.template.GoNode.Constant;
import dev.secretkit.projection.template.GoNode.Dot;
import dev.secretkit.projection.template.GoNode.Fields;
import dev.secretkit.projection.template.GoNode.Function;
import dev.secretkit.projection.template.GoNode.Nil;
import dev.secretkit.projection.template.GoNode.Operand;
import dev.secretkit.projection.template.GoNode.Paren;
import dev.secretkit.projection.template.GoNode.Pipeline;
import dev.secretkit.projection.template.GoNode.Range;
import dev.secretkit.projection.template.GoNode.Statement;
import dev.secretkit.projection.template.GoNode.Text;
import dev.secretkit.projection.template.GoNode.Variable;
import dev.secretkit.projection.template.GoToken.Kind;
import dev.secretkit.spi.support.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses go-template text into a {@link GoTemplate}, as Go's {@code text/template} parser does:
 * statements, pipelines with their declarations, commands and operands, each variable resolved to
 * a slot; {@link GoChecker} checks each command and path as it is built. Control structures and
 * parentheses nest at most {@value GoTemplateEngine#MAX_DEPTH} deep, so parsing never runs out of
 * stack, and the first mistake in the text is the one reported.
 */
final class GoParser {
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(0|[1-9][0-9]*)");
  private static final Pattern HEX = Pattern.compile("[+-]?0[xX][0-9a-fA-F]+");
  private static final Pattern FLOAT = Pattern.compile(
      "[+-]?([0-9]+\\.[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?[0-9]+[eE][+-]?[0-9]+");

  private final GoSource source;
  private final GoLexer lexer;
  private final GoChecker checker;
  private final GoTimeLimit timeLimit;
  private final List<GoToken> tokens = new ArrayList<>();
  private final List<String> scope = new ArrayList<>();
  private final List<Integer> scopeSlots = new ArrayList<>();
  private int index;
  private int slots = 1;
  private int depth;
  private int dotMoves;

  GoParser(GoSource source, Set<String> aliases, GoTimeLimit timeLimit) {
    this.source = source;
    this.timeLimit = timeLimit;
    this.lexer = new GoLexer(source);
    this.checker = new GoChecker(source, aliases);
  }

  /** Parses the whole text. */
  GoTemplate parse() {
    List<Statement> body = new ArrayList<>();
    GoToken end = list(body);
    if (end.kind() != Kind.EOF) {
      throw source.error(end.pos(), "{{" + end.text() + "}} without {{if}}, {{with}} or {{range}} to close",
          "remove it, or open the block it is meant to close");
    }
    return new GoTemplate(source, List.copyOf(body), slots, timeLimit);
  }

  /**
   * Adds statements to {@code into} up to the end of the text or an {@code end} or {@code else}
   * action, and returns the token that stopped it: EOF, {@code end} (its action read to the
   * closing delimiter) or {@code else} (the rest of its action still unread).
   */
  private GoToken list(List<Statement> into) {
    while (true) {
      GoToken token = next();
      if (token.kind() == Kind.EOF) {
        return token;
      } else if (token.kind() == Kind.TEXT) {
        into.add(new Text(token.pos(), token.text()));
        continue;
      }
      GoToken keyword = nextNonSpace();
      switch (keyword.kind()) {
        case END -> {
          expect(Kind.RIGHT_DELIM, "end");
          return keyword;
        }
        case ELSE -> {
          return keyword;
        }
        case IF, WITH -> into.add(conditional(keyword));
        case RANGE -> into.add(range(keyword));
        case UNSUPPORTED_KEYWORD -> throw source.error(keyword.pos(), "{{" + keyword.text()
            + "}} is not in SecretKit's go-template subset", GoTemplateEngine.SUBSET_HINT);
        default -> {
          index--;
          into.add(new Action(token.pos(), pipeline("command", Kind.RIGHT_DELIM)));
        }
      }
    }
  }

  private Conditional conditional(GoToken keyword) {
    enter(keyword.pos());
    boolean with = keyword.kind() == Kind.WITH;
    int scopeMark = scope.size();
    List<Branch> branches = new ArrayList<>();
    List<Statement> otherwise = List.of();
    Pipeline condition = pipeline(keyword.text(), Kind.RIGHT_DELIM);
    while (true) {
      List<Statement> body = new ArrayList<>();
      GoToken end = body(body, keyword, with);
      branches.add(new Branch(condition, List.copyOf(body)));
      if (end.kind() == Kind.END) {
        break;
      }
      GoToken next = nextNonSpace();
      if (next.kind() == keyword.kind()) {
        condition = pipeline(keyword.text(), Kind.RIGHT_DELIM);
        continue;
      }
      index--;
      otherwise = elseBody(keyword);
      break;
    }
    truncateScope(scopeMark);
    depth--;
    return new Conditional(keyword.pos(), with, List.copyOf(branches), otherwise);
  }

  private Range range(GoToken keyword) {
    enter(keyword.pos());
    int scopeMark = scope.size();
    Pipeline pipeline = pipeline("range", Kind.RIGHT_DELIM);
    List<Statement> body = new ArrayList<>();
    GoToken end = body(body, keyword, true);
    List<Statement> otherwise = end.kind() == Kind.END ? List.of() : elseBody(keyword);
    truncateScope(scopeMark);
    depth--;
    return new Range(keyword.pos(), pipeline, List.copyOf(body), otherwise);
  }

  /** Parses the body of a block up to its {@code end} or {@code else}; variables it declares end with it. */
  private GoToken body(List<Statement> into, GoToken keyword, boolean movesDot) {
    int scopeMark = scope.size();
    dotMoves += movesDot ? 1 : 0;
    GoToken end = list(into);
    dotMoves -= movesDot ? 1 : 0;
    truncateScope(scopeMark);
    if (end.kind() == Kind.EOF) {
      throw source.error(keyword.pos(), "{{" + keyword.text() + "}} is never closed by {{end}}",
          "add {{end}} where the block ends");
    }
    return end;
  }

  /** Parses what follows {@code {{else}}} (its {@code else} keyword read) up to the block's {@code end}. */
  private List<Statement> elseBody(GoToken keyword) {
    GoToken next = nextNonSpace();
    if (next.kind() == Kind.IF || next.kind() == Kind.WITH) {
      throw source.error(next.pos(), "{{else " + next.text() + "}} cannot continue {{" + keyword.text() + "}}",
          "an {{if}} continues with {{else if}}, a {{with}} with {{else with}}; otherwise write {{else}}{{"
              + next.text() + " ...}}...{{end}}");
    }
    index--;
    expect(Kind.RIGHT_DELIM, "else");
    List<Statement> otherwise = new ArrayList<>();
    GoToken end = body(otherwise, keyword, false);
    if (end.kind() != Kind.END) {
      throw source.error(end.pos(), "a second {{else}} in one {{" + keyword.text() + "}}",
          "a block has at most one {{else}}, and it comes last");
    }
    return List.copyOf(otherwise);
  }

  /** Parses a pipeline, with its declarations, up to {@code end}, which it consumes. */
  private Pipeline pipeline(String context, Kind end) {
    int pos = peekNonSpace().pos();
    List<GoToken> declared = new ArrayList<>();
    boolean assign = false;
    int mark = index;
    GoToken variable = nextNonSpace();
    GoToken operator = variable.kind() == Kind.VARIABLE ? nextNonSpace() : variable;
    if (operator != variable && operator.kind() == Kind.CHAR && operator.text().equals(",")) {
      if (!context.equals("range")) {
        throw source.error(operator.pos(), "too many declarations in " + context, "declare one variable: $x := ...");
      }
      declared.add(variable);
      variable = nextNonSpace();
      operator = nextNonSpace();
      if (variable.kind() != Kind.VARIABLE || (operator.kind() != Kind.DECLARE && operator.kind() != Kind.ASSIGN)) {
        throw source.error(variable.pos(), "range can only initialize variables",
            "write {{range $key, $value := PIPELINE}}");
      }
    }
    if (operator != variable && (operator.kind() == Kind.DECLARE || operator.kind() == Kind.ASSIGN)) {
      declared.add(variable);
      assign = operator.kind() == Kind.ASSIGN;
    } else {
      index = mark;
    }
    List<Integer> assigned = new ArrayList<>();
    for (GoToken name : declared) {
      if (name.text().equals("$")) {
        throw source.error(name.pos(), "$ cannot be declared or assigned", "$ is always the data; use another name");
      }
      if (assign) {
        assigned.add(variable(name).slot());
      }
    }
    List<Command> commands = commands(context, end);
    if (!assign) {
      for (GoToken name : declared) {
        scope.add(name.text());
        scopeSlots.add(slots);
        assigned.add(slots++);
      }
    }
    return new Pipeline(pos, List.copyOf(assigned), commands);
  }

  private List<Command> commands(String context, Kind end) {
    List<Command> commands = new ArrayList<>();
    boolean afterPipe = false;
    while (true) {
      GoToken token = nextNonSpace();
      if (token.kind() == end) {
        if (commands.isEmpty()) {
          throw source.error(token.pos(), "missing value for " + context,
              "give it a value, such as .secrets.<alias>.<key>");
        } else if (afterPipe) {
          throw source.error(token.pos(), "missing command after |", "pipe into a function, such as | upper");
        }
        break;
      } else if (!startsOperand(token.kind())) {
        throw unexpected(token, context);
      }
      index--;
      Command command = command();
      checker.command(command, commands.size(), dotMoves == 0);
      commands.add(command);
      afterPipe = tokens.get(index - 1).kind() == Kind.PIPE;
    }
    return List.copyOf(commands);
  }

  /** Parses operands separated by spaces, up to a {@code |} (consumed) or a closing delimiter (not). */
  private Command command() {
    int pos = peekNonSpace().pos();
    List<Operand> operands = new ArrayList<>();
    while (true) {
      peekNonSpace();
      Operand operand = operand();
      if (operand != null) {
        operands.add(operand);
      }
      GoToken token = next();
      if (token.kind() == Kind.SPACE) {
        continue;
      } else if (token.kind() == Kind.RIGHT_DELIM || token.kind() == Kind.RIGHT_PAREN) {
        index--;
      } else if (token.kind() != Kind.PIPE) {
        throw unexpected(token, "operand");
      }
      return new Command(pos, List.copyOf(operands));
    }
  }

  private Operand operand() {
    Operand term = term();
    if (term == null || peek().kind() != Kind.FIELD) {
      if (term instanceof Fields fields) {
        checker.fields(fields, dotMoves == 0);
      }
      return term;
    }
    List<String> names = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    Operand receiver = term;
    if (term instanceof Fields fields) {
      receiver = fields.receiver();
      names.addAll(fields.names());
      positions.addAll(fields.positions());
    } else if (!(term instanceof Variable || term instanceof Paren)) {
      throw source.error(peek().pos(), "unexpected . after a " + (term instanceof Function ? "function name"
          : "constant, nil or ."), "fields follow the dot, a variable or a parenthesized pipeline: .a.b, $x.a,"
          + " (...).a");
    }
    while (peek().kind() == Kind.FIELD) {
      GoToken field = next();
      names.add(field.text().substring(1));
      positions.add(field.pos());
    }
    Fields fields = new Fields(term.pos(), receiver, List.copyOf(names), List.copyOf(positions));
    checker.fields(fields, dotMoves == 0);
    return fields;
  }

  private Operand term() {
    GoToken token = nextNonSpace();
    switch (token.kind()) {
      case IDENTIFIER -> {
        return new Function(token.pos(), function(token));
      }
      case DOT -> {
        return new Dot(token.pos());
      }
      case NIL -> {
        return new Nil(token.pos());
      }
      case VARIABLE -> {
        return variable(token);
      }
      case FIELD -> {
        return new Fields(token.pos(), new Dot(token.pos()), List.of(token.text().substring(1)), List.of(token.pos()));
      }
      case BOOL -> {
        return new Constant(token.pos(), token.text().equals("true"));
      }
      case NUMBER -> {
        return new Constant(token.pos(), number(token));
      }
      case STRING -> {
        return new Constant(token.pos(), token.text());
      }
      case LEFT_PAREN -> {
        enter(token.pos());
        Pipeline pipeline = pipeline("parenthesized pipeline", Kind.RIGHT_PAREN);
        depth--;
        return new Paren(token.pos(), pipeline);
      }
      default -> {
        index--;
        return null;
      }
    }
  }

  private GoFunction function(GoToken token) {
    String name = token.text();
    return GoFunction.named(name).orElseThrow(() -> source.error(token.pos(), GoFunction.leftOut(name)
        ? "the Go builtin " + name + " is not in SecretKit's go-template subset"
        : "function \"" + name + "\" is not defined",
        Suggestions.closest(name, List.of(GoFunction.names().split(" ")))
            .map(close -> "did you mean " + close + "? ").orElse("") + GoTemplateEngine.SUBSET_HINT));
  }

  private Variable variable(GoToken token) {
    String name = token.text();
    if (name.equals("$")) {
      return new Variable(token.pos(), name, 0);
    }
    int at = scope.lastIndexOf(name);
    if (at < 0) {
      throw source.error(token.pos(), "undefined variable " + name, Suggestions.closest(name, scope)
          .map(close -> "did you mean " + close + "? ").orElse("") + "declare it first: {{ " + name + " := ... }}");
    }
    return new Variable(token.pos(), name, scopeSlots.get(at));
  }

  private Object number(GoToken token) {
    String text = token.text();
    try {
      if (DECIMAL.matcher(text).matches()) {
        return Long.parseLong(text);
      } else if (HEX.matcher(text).matches()) {
        boolean negative = text.startsWith("-");
        long magnitude = Long.parseLong(text.substring(text.indexOf('x') + text.indexOf('X') + 2), 16);
        return negative ? -magnitude : magnitude;
      }
    } catch (NumberFormatException e) {
      throw source.error(token.pos(), "number overflows int", "an int is 64 bits wide");
    }
    if (FLOAT.matcher(text).matches() && Double.isFinite(Double.parseDouble(text))) {
      return Double.parseDouble(text);
    }
    throw source.error(token.pos(), "number syntax not in SecretKit's go-template subset",
        "write decimal ints (42, -7), hex ints (0x1F) or decimal floats (2.5, 1e3)");
  }

  private TemplateException unexpected(GoToken token, String context) {
    return source.error(token.pos(), "unexpected " + token.describe() + " in " + context,
        "separate arguments with spaces, and close each action with }}");
  }

  private void expect(Kind kind, String context) {
    GoToken token = nextNonSpace();
    if (token.kind() != kind) {
      throw unexpected(token, context);
    }
  }

  private void enter(int pos) {
    if (++depth > GoTemplateEngine.MAX_DEPTH) {
      throw source.error(pos, "blocks and parentheses nest more than " + GoTemplateEngine.MAX_DEPTH + " deep",
          "flatten the template");
    }
  }

  private void truncateScope(int size) {
    scope.subList(size, scope.size()).clear();
    scopeSlots.subList(size, scopeSlots.size()).clear();
  }

  private static boolean startsOperand(Kind kind) {
    return switch (kind) {
      case BOOL, DOT, FIELD, IDENTIFIER, NUMBER, NIL, STRING, VARIABLE, LEFT_PAREN -> true;
      default -> false;
    };
  }

  private GoToken next() {
    if (index == tokens.size()) {
      tokens.add(lexer.next());
    }
    return tokens.get(index++);
  }

  private GoToken peek() {
    GoToken token = next();
    index--;
    return token;
  }

  private GoToken nextNonSpace() {
    GoToken token = next();
    while (token.kind() == Kind.SPACE) {
      token = next();
    }
    return token;
  }

  private GoToken peekNonSpace() {
    GoToken token = nextNonSpace();
    index--;
    return token;
  }
}
