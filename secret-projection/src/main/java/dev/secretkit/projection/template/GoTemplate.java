package dev.secretkit.projection.template;

import dev.secretkit.projection.template.GoNode.Statement;
import java.util.List;
import java.util.Objects;

/**
 * A compiled go-template: its parsed statements, the number of variable slots they use, and how
 * long a render may take.
 * Immutable and thread-safe; each render runs a {@link GoEvaluator} of its own.
 */
final class GoTemplate implements Template {
  private final GoSource source;
  private final List<Statement> body;
  private final int slots;
  private final GoTimeLimit timeLimit;

  GoTemplate(GoSource source, List<Statement> body, int slots, GoTimeLimit timeLimit) {
    this.source = source;
    this.body = body;
    this.slots = slots;
    this.timeLimit = timeLimit;
  }

  @Override
  public String render(TemplateContext context) {
    Objects.requireNonNull(context, "context");
    return new GoEvaluator(source, slots, context, timeLimit).render(body);
  }
}
