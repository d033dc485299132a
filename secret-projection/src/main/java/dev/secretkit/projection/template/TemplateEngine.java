package dev.secretkit.projection.template;

import java.util.Set;

/**
 * Compiles template text of one syntax into a {@link Template}; thread-safe. Compiling reads no
 * secret: it only checks the syntax, and the aliases the text names against those declared.
 */
public interface TemplateEngine {

  /**
   * Compiles {@code text}.
   *
   * @param aliases the context aliases the projection declares; a template that names another
   *     alias where the engine can tell without values fails here
   * @throws TemplateException if the text breaks the syntax or names an undeclared alias, at the
   *     line and column of the text where it does
   */
  Template compile(String text, Set<String> aliases);
}
