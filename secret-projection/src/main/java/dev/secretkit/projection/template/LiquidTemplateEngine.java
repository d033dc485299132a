package dev.secretkit.projection.template;

import java.util.Set;

/** Placeholder until the engine lands: compiling always fails. */
final class LiquidTemplateEngine implements TemplateEngine {
  static final LiquidTemplateEngine INSTANCE = new LiquidTemplateEngine();

  private LiquidTemplateEngine() {}

  @Override
  public Template compile(String text, Set<String> aliases) {
    throw new TemplateException("this engine is not built yet", 1, 1, "");
  }
}
