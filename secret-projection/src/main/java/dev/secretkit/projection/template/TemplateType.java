package dev.secretkit.projection.template;

import java.util.Arrays;
import java.util.Optional;

/**
 * The template syntax a projection entry is written in, as its {@code templateType} names it; each
 * has one thread-safe {@link TemplateEngine}.
 */
public enum TemplateType {
  /**
   * A documented subset of Go's {@code text/template}: secret values are plain text at
   * {@code .secrets.<alias>.<key>}. The default.
   */
  GO_TEMPLATE("go-template"),
  /**
   * Liquid, as DataOS renders it: {@code secrets['<alias>'].<key>} holds the value
   * base64-encoded, and the {@code base64_decode} filter turns it back into text.
   */
  LIQUID("liquid"),
  /** No template: the text is used as written. */
  NONE("none");

  private final String manifestName;

  TemplateType(String manifestName) {
    this.manifestName = manifestName;
  }

  /** Returns the name a manifest's {@code templateType} uses: {@code go-template}, {@code liquid} or {@code none}. */
  public String manifestName() {
    return manifestName;
  }

  /** Returns the type a manifest names with {@code name}, matched exactly; empty for any other text. */
  public static Optional<TemplateType> fromManifestName(String name) {
    return Arrays.stream(values()).filter(type -> type.manifestName.equals(name)).findFirst();
  }

  /** Returns the engine that compiles templates of this type. */
  public TemplateEngine engine() {
    return switch (this) {
      case GO_TEMPLATE -> GoTemplateEngine.INSTANCE;
      case LIQUID -> LiquidTemplateEngine.INSTANCE;
      case NONE -> LiteralTemplateEngine.INSTANCE;
    };
  }
}
