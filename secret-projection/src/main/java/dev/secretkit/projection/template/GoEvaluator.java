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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a parsed go-template against one {@link TemplateContext}, by Go's rules: walks the
 * statements, evaluates pipelines, and writes the output, within the engine's limits on output,
 * steps, the characters computed in all, and time, which it checks at every step. A missing key of
 * a secret is an error, except where the template asks whether it is there: as the value of
 * {@code default} or {@code required}, as the condition of {@code if} or {@code with}, and as an
 * argument of {@code and}, {@code or} or {@code not} in such a place; there it is nil. One evaluator
 * renders once; it is not thread-safe.
 */
final class GoEvaluator {
  private static final String INDEX_HINT = "index reads a map by string keys, such as index .secrets.db \"my-key\","
      + " and a list or a string by int positions from 0";

  private final GoSource source;
  private final GoMap root;
  private final Object[] variables;
  private final StringBuilder out = new StringBuilder();
  private final GoTimeLimit timeLimit;
  private final long deadline;
  private int steps;
  private long work;

  GoEvaluator(GoSource source, int slots, TemplateContext context, GoTimeLimit timeLimit) {
    this.source = source;
    this.timeLimit = timeLimit;
    this.deadline = timeLimit.nanoTime().getAsLong() + timeLimit.renderNanos();
    this.root = GoMap.root(context);
    this.variables = new Object[slots];
    this.variables[0] = root;
  }

  /** Returns the output of {@code body}. */
  String render(List<Statement> body) {
    walk(root, body);
    return out.toString();
  }

  private void walk(Object dot, List<Statement> body) {
    for (Statement statement : body) {
      step(statement.pos());
      if (statement instanceof Text text) {
        write(text.text(), text.pos());
      } else if (statement instanceof Action action) {
        Object value = pipeline(dot, action.pipeline(), false);
        if (action.pipeline().variables().isEmpty()) {
          write(text(value, action.pos()), action.pos());
        }
      } else if (statement instanceof Conditional conditional) {
        conditional(dot, conditional);
      } else {
        range(dot, (Range) statement);
      }
    }
  }

  private void conditional(Object dot, Conditional conditional) {
    for (Branch branch : conditional.branches()) {
      Object value = pipeline(dot, branch.condition(), true);
      if (GoValues.truth(value)) {
        walk(conditional.with() ? value : dot, branch.body());
        return;
      }
    }
    walk(dot, conditional.otherwise());
  }

  private void range(Object dot, Range range) {
    Pipeline pipeline = range.pipeline();
    Object value = pipeline(dot, pipeline, false);
    boolean empty = true;
    if (value instanceof GoMap map) {
      for (String key : map.keys()) {
        empty = false;
        iteration(pipeline, key, map.get(key), range);
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        empty = false;
        iteration(pipeline, (long) i, list.get(i), range);
      }
    } else if (value != null) {
      throw source.error(pipeline.pos(), "range can't iterate over a value of type " + GoValues.typeName(value),
          "range iterates over a map, such as .secrets.<alias> (its keys in order) or .secrets, or over a list"
              + " from splitList");
    }
    if (empty) {
      walk(dot, range.otherwise());
    }
  }

  private void iteration(Pipeline pipeline, Object key, Object element, Range range) {
    step(range.pos());
    List<Integer> slots = pipeline.variables();
    if (slots.size() == 1) {
      variables[slots.get(0)] = element;
    } else if (slots.size() == 2) {
      variables[slots.get(0)] = key;
      variables[slots.get(1)] = element;
    }
    walk(element, range.body());
  }

  /** Returns the value of {@code pipeline}; {@code lenient} when a missing key may be its value. */
  private Object pipeline(Object dot, Pipeline pipeline, boolean lenient) {
    List<Command> commands = pipeline.commands();
    boolean[] lenientAt = new boolean[commands.size()];
    lenientAt[commands.size() - 1] = lenient;
    for (int i = commands.size() - 2; i >= 0; i--) {
      lenientAt[i] = commands.get(i + 1).operands().get(0) instanceof Function next
          && next.function().takesMissing(lenientAt[i + 1]);
    }
    Object value = null;
    for (int i = 0; i < commands.size(); i++) {
      value = command(dot, commands.get(i), value, i > 0, lenientAt[i]);
    }
    for (int slot : pipeline.variables()) {
      variables[slot] = value;
    }
    return value;
  }

  private Object command(Object dot, Command command, Object piped, boolean hasPiped, boolean lenient) {
    step(command.pos());
    List<Operand> operands = command.operands();
    if (operands.get(0) instanceof Function function) {
      return call(dot, function, operands.subList(1, operands.size()), piped, hasPiped, lenient);
    }
    return operand(dot, operands.get(0), lenient);
  }

  private Object operand(Object dot, Operand operand, boolean lenient) {
    if (operand instanceof Constant constant) {
      return constant.value();
    } else if (operand instanceof Dot) {
      return dot;
    } else if (operand instanceof Nil) {
      return null;
    } else if (operand instanceof Variable variable) {
      return variables[variable.slot()];
    } else if (operand instanceof Paren paren) {
      return pipeline(dot, paren.pipeline(), lenient);
    } else if (operand instanceof Function function) {
      return call(dot, function, List.of(), null, false, lenient);
    }
    Fields fields = (Fields) operand;
    Object value = operand(dot, fields.receiver(), false);
    for (int i = 0; i < fields.names().size(); i++) {
      value = field(value, fields.names().get(i), fields.positions().get(i), lenient && i == fields.names().size() - 1);
    }
    return value;
  }

  private Object field(Object receiver, String name, int pos, boolean lenient) {
    if (receiver instanceof GoMap map) {
      Object value = map.get(name);
      if (value == null && !(lenient && map instanceof GoMap.Keys)) {
        throw source.error(pos, map.missing(name, true));
      }
      return value;
    }
    throw source.error(pos, "can't read the field ." + name + " of a value of type " + GoValues.typeName(receiver),
        "only the data, .secrets and .secrets.<alias> have fields; to read a field or call a method of another"
            + " value: " + GoTemplateEngine.SUBSET_HINT);
  }

  private Object call(Object dot, Function function, List<Operand> args, Object piped, boolean hasPiped,
      boolean lenient) {
    GoFunction called = function.function();
    if (called == GoFunction.AND || called == GoFunction.OR) {
      Object value = null;
      for (Operand arg : args) {
        value = operand(dot, arg, lenient);
        if (GoValues.truth(value) == (called == GoFunction.OR)) {
          return value;
        }
      }
      return hasPiped ? piped : value;
    }
    List<Object> values = new ArrayList<>(args.size() + 1);
    for (int i = 0; i < args.size(); i++) {
      values.add(operand(dot, args.get(i), called.missingAllowed(!hasPiped && i == args.size() - 1, lenient)));
    }
    if (hasPiped) {
      values.add(piped);
    }
    try {
      Object value = called == GoFunction.INDEX ? index(values, args, lenient, function.pos()) : called.apply(values);
      if (value instanceof String text && text.length() > GoTemplateEngine.MAX_OUTPUT_CHARS) {
        throw new GoFailure(called.goName() + " returned more than " + GoTemplateEngine.MAX_OUTPUT_CHARS
            + " characters", "SecretKit limits every value and the output of a template to 1 MiB");
      }
      compute(size(value), function.pos());
      return value;
    } catch (GoFailure failure) {
      throw source.error(function.pos(), failure);
    }
  }

  /** Go's {@code index}: reads each key in turn; a key the template spells out is named in an error. */
  private Object index(List<Object> values, List<Operand> args, boolean lenient, int pos) {
    Object item = values.get(0);
    if (item == null) {
      throw new GoFailure("index of nil", INDEX_HINT);
    }
    for (int i = 1; i < values.size(); i++) {
      Object key = values.get(i);
      boolean named = i < args.size() && args.get(i) instanceof Constant;
      if (item instanceof GoMap map) {
        if (!(key instanceof String name)) {
          throw new GoFailure("index of a map needs a string key, got " + GoValues.typeName(key), INDEX_HINT);
        }
        item = map.get(name);
        if (item == null && !(lenient && i == values.size() - 1 && map instanceof GoMap.Keys)) {
          throw source.error(i < args.size() ? args.get(i).pos() : pos, map.missing(name, named));
        }
      } else if (item instanceof List<?> list) {
        item = list.get(position(key, list.size()));
      } else if (item instanceof String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        item = (long) (bytes[position(key, bytes.length)] & 0xff);
      } else {
        throw new GoFailure("can't index a value of type " + GoValues.typeName(item), INDEX_HINT);
      }
    }
    return item;
  }

  private static int position(Object key, int size) {
    if (!(key instanceof Long number)) {
      throw new GoFailure("a list or string index must be an int, got " + GoValues.typeName(key), INDEX_HINT);
    } else if (number < 0 || number >= size) {
      throw new GoFailure("index out of range (the position is not shown)", INDEX_HINT);
    }
    return number.intValue();
  }

  private void write(String text, int pos) {
    if (out.length() + (long) text.length() > GoTemplateEngine.MAX_OUTPUT_CHARS) {
      throw source.error(pos, "the output would be larger than " + GoTemplateEngine.MAX_OUTPUT_CHARS
          + " characters (1 MiB)", "render less: fewer keys, or split the template into several");
    }
    compute(text.length(), pos);
    out.append(text);
  }

  /** Returns {@code value} as an action writes it. */
  private String text(Object value, int pos) {
    try {
      return value == null ? "<no value>" : GoFmt.value(value);
    } catch (GoFailure failure) {
      throw source.error(pos, failure);
    }
  }

  /** Returns the characters a value holds: a string's, or a list's items and their characters. */
  private static long size(Object value) {
    if (value instanceof String text) {
      return text.length();
    } else if (value instanceof List<?> list) {
      long size = list.size();
      for (Object element : list) {
        size += element instanceof String text ? text.length() : 0;
      }
      return size;
    }
    return 0;
  }

  /** Counts {@code chars} more characters computed, and fails once the render has computed too many. */
  private void compute(long chars, int pos) {
    work += chars;
    if (work > GoTemplateEngine.MAX_WORK_CHARS) {
      throw source.error(pos, "the template computed more than " + GoTemplateEngine.MAX_WORK_CHARS
          + " characters in all, counting values it builds and drops", "long values built in a loop add up;"
          + " build fewer or shorter values");
    }
  }

  private void step(int pos) {
    if (++steps > GoTemplateEngine.MAX_STEPS) {
      throw source.error(pos, "the template ran more than " + GoTemplateEngine.MAX_STEPS + " steps",
          "nested range loops multiply; loop over fewer values");
    }
    if (timeLimit.nanoTime().getAsLong() - deadline > 0) {
      throw source.error(pos, "the template ran longer than " + timeLimit.renderNanos() / 1_000_000 + " ms",
          "functions of long values take time, and loops repeat them; do less in loops, or on shorter values");
    }
  }
}
