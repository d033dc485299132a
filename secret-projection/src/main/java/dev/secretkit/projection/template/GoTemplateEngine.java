package dev.secretkit.projection.template;

import java.util.Set;

/** Placeholder until the engine lands: compiling always fails. */
final class GoTemplateEngine implements TemplateEngine {
  static final GoTemplateEngine INSTANCE = new GoTemplateEngine();

  private GoTemplateEngine() {}

  @Override
  public Template compile(String text, Set<String> aliases) {
    throw new TemplateException("this engine is not built yet", 1, 1, "");
  }
}
