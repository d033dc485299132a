package dev.secretkit.projection.template;

/** A compiled template; thread-safe, and holds no secret value between renders. */
public interface Template {

  /**
   * Renders this template against {@code context}.
   *
   * @throws TemplateException if the template names an alias or key the context does not hold,
   *     or a function fails; the message names the place in the template and what the context
   *     holds (aliases, key names), never a value
   */
  String render(TemplateContext context);
}
