package dev.secretkit.projection.template;

import dev.secretkit.projection.template.GoNode.Command;
import dev.secretkit.projection.template.GoNode.Constant;
import dev.secretkit.projection.template.GoNode.Dot;
import dev.secretkit.projection.template.GoNode.Fields;
import dev.secretkit.projection.template.GoNode.Function;
import dev.secretkit.projection.template.GoNode.Nil;
import dev.secretkit.projection.template.GoNode.Operand;
import dev.secretkit.projection.template.GoNode.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The checks {@link GoParser} runs on each command and path as it builds them, before any secret
 * is read: what may take arguments and how many, which arguments must be string literals, and the
 * alias of each path that starts at the root ({@code .secrets.<alias>} where the dot is the root,
 * {@code $.secrets.<alias>}, {@code index .secrets "<alias>"}), which must be declared.
 */
final class GoChecker {
  private final GoSource source;
  private final Set<String> aliases;

  GoChecker(GoSource source, Set<String> aliases) {
    this.source = source;
    this.aliases = aliases;
  }

  /**
   * Checks {@code command}, the {@code stage}-th (from 0) of its pipeline, so that from the
   * second on it gets the value piped in as its last argument; {@code dotIsRoot} says whether the
   * dot is the root where it stands.
   */
  void command(Command command, int stage, boolean dotIsRoot) {
    List<Operand> operands = command.operands();
    Operand first = operands.get(0);
    int count = operands.size() - 1 + (stage > 0 ? 1 : 0);
    if (first instanceof Function function) {
      arguments(function, count);
      for (Operand operand : operands.subList(1, operands.size())) {
        if (operand instanceof Function argument) {
          arguments(argument, 0);
        }
      }
      GoFunction called = function.function();
      if ((called == GoFunction.PRINTF || called == GoFunction.REQUIRED) && !(operands.size() > 1
          && operands.get(1) instanceof Constant constant && constant.value() instanceof String)) {
        throw source.error(function.pos(), "the first argument of " + called.goName() + " must be a string literal",
            "write it in the template, such as " + called.usage() + ", so that no value can end up in an error");
      } else if (called == GoFunction.INDEX) {
        indexPath(operands, dotIsRoot);
      }
    } else if (stage > 0 && (first instanceof Constant || first instanceof Nil || first instanceof Dot)) {
      throw source.error(first.pos(), "non-executable command in pipeline stage " + (stage + 1),
          "a value piped with | goes to a function, such as {{ .secrets.<alias>.<key> | upper }}");
    } else if (count > 0) {
      throw source.error(first.pos(), "only a function takes arguments, and this is not a function",
          "to call a method: " + GoTemplateEngine.SUBSET_HINT);
    } else if (first instanceof Nil) {
      throw source.error(first.pos(), "nil is not a command", "use nil only as an argument, such as eq .x nil");
    }
  }

  /** Checks the alias of {@code fields} when they start at the root. */
  void fields(Fields fields, boolean dotIsRoot) {
    if (atRoot(fields.receiver(), dotIsRoot)) {
      rootPath(fields.names(), fields.positions());
    }
  }

  private void arguments(Function function, int count) {
    GoFunction called = function.function();
    if (!called.accepts(count)) {
      throw source.error(function.pos(), "wrong number of arguments for " + called.goName() + ": got " + count,
          "call it as " + called.usage() + " (a value piped in with | is its last argument)");
    }
  }

  /** Checks the alias {@code index .secrets "<alias>"} or {@code index $ "secrets" "<alias>"} names with literals. */
  private void indexPath(List<Operand> operands, boolean dotIsRoot) {
    if (operands.size() < 2) {
      return;
    }
    List<String> names = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    Operand item = operands.get(1);
    if (item instanceof Fields fields && atRoot(fields.receiver(), dotIsRoot)) {
      names.addAll(fields.names());
      positions.addAll(fields.positions());
    } else if (!atRoot(item, dotIsRoot)) {
      return;
    }
    for (Operand key : operands.subList(2, operands.size())) {
      if (!(key instanceof Constant constant && constant.value() instanceof String name)) {
        break;
      }
      names.add(name);
      positions.add(key.pos());
    }
    rootPath(names, positions);
  }

  private void rootPath(List<String> names, List<Integer> positions) {
    if (!names.isEmpty() && !names.get(0).equals("secrets")) {
      throw source.error(positions.get(0), GoMap.noSuchField(names.get(0), true));
    } else if (names.size() > 1 && !aliases.contains(names.get(1))) {
      throw source.error(positions.get(1), GoMap.unknownAlias(names.get(1), true, aliases));
    }
  }

  private static boolean atRoot(Operand operand, boolean dotIsRoot) {
    return (operand instanceof Dot && dotIsRoot) || (operand instanceof Variable variable && variable.slot() == 0);
  }
}
