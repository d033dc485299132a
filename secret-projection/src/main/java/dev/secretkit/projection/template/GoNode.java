package dev.secretkit.projection.template;

import java.util.List;

/**
 * The syntax tree of a go-template, which {@link GoParser} builds and {@link GoEvaluator} walks:
 * statements, pipelines, commands and operands, each at the offset in the template text where it
 * starts. Every node is immutable.
 */
sealed interface GoNode {

  /** Returns the offset in the template text where this node starts. */
  int pos();

  /** A part of a template body. */
  sealed interface Statement extends GoNode {}

  /** An operand of a command: what a function is given, or the value of a command of its own. */
  sealed interface Operand extends GoNode {}

  /** Text outside the actions, written as it is. */
  record Text(int pos, String text) implements Statement {}

  /** <code>{{pipeline}}</code>: writes the pipeline's value, unless the pipeline sets variables. */
  record Action(int pos, Pipeline pipeline) implements Statement {}

  /**
   * <code>{{if}}</code> (or <code>{{with}}</code>, which also moves the dot to the value) with its
   * {@code else if} ({@code else with}) branches, tried in order, and the body of its {@code else}.
   */
  record Conditional(int pos, boolean with, List<Branch> branches, List<Statement> otherwise) implements Statement {}

  /** A condition of a {@link Conditional} and the body it runs when the condition holds. */
  record Branch(Pipeline condition, List<Statement> body) {}

  /** <code>{{range}}</code>: the body for each element, a map's in key order; {@code otherwise} when there is none. */
  record Range(int pos, Pipeline pipeline, List<Statement> body, List<Statement> otherwise) implements Statement {}

  /**
   * Commands joined by {@code |}, each one's value the last argument of the next; the value is
   * stored in the variable slots {@code variables} ({@code :=} and {@code =} alike).
   */
  record Pipeline(int pos, List<Integer> variables, List<Command> commands) implements GoNode {}

  /** A function with its arguments, or a single operand that is not a function. */
  record Command(int pos, List<Operand> operands) implements GoNode {}

  /** {@code .}, the current value. */
  record Dot(int pos) implements Operand {}

  /** A variable, {@code $} (slot 0, the root) or {@code $name}, by the slot the parser gave it. */
  record Variable(int pos, String name, int slot) implements Operand {}

  /** Fields read one after the other from a receiver: {@code .a.b} (of the dot), {@code $x.a}, {@code (p).a}. */
  record Fields(int pos, Operand receiver, List<String> names, List<Integer> positions) implements Operand {}

  /** A parenthesized pipeline. */
  record Paren(int pos, Pipeline pipeline) implements Operand {}

  /** A function of the subset, by name. */
  record Function(int pos, GoFunction function) implements Operand {}

  /** A string, an integer ({@link Long}), a float ({@link Double}) or a boolean written in the template. */
  record Constant(int pos, Object value) implements Operand {}

  /** {@code nil}. */
  record Nil(int pos) implements Operand {}
}
