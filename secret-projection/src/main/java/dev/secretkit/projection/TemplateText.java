package dev.secretkit.projection;

import dev.secretkit.projection.template.TemplateType;
import java.util.Objects;
import java.util.Optional;

/**
 * The text of one projected value as written, {@code template:} or {@code value:} (both are
 * templates), with the engine it asks for and where it starts.
 *
 * @param text the template text
 * @param templateType the entry's own {@code templateType}; empty for the projection's
 * @param location where the text starts, for the positions of template errors
 */
public record TemplateText(String text, Optional<TemplateType> templateType, Location location) {

  /** Checks nothing is null. */
  public TemplateText {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(templateType, "templateType");
    Objects.requireNonNull(location, "location");
  }

  /** Returns text in code, at {@code path}, in the projection's engine. */
  public static TemplateText of(String text, String path) {
    return new TemplateText(text, Optional.empty(), Location.inCode(path));
  }
}
