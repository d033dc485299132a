package dev.secretkit.projection.template;

import java.util.Objects;
import java.util.Set;

/** The engine of {@link TemplateType#NONE}: the text is rendered as written. */
final class LiteralTemplateEngine implements TemplateEngine {
  static final LiteralTemplateEngine INSTANCE = new LiteralTemplateEngine();

  private LiteralTemplateEngine() {}

  @Override
  public Template compile(String text, Set<String> aliases) {
    String literal = Objects.requireNonNull(text, "text");
    return context -> literal;
  }
}
