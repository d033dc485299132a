package dev.secretkit.projection.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.SecretValue;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/** What the template engines' fuzz tests share: one small context, and the check that any text compiles and renders. */
final class TemplateFuzzing {
  /** Two aliases: text values, a key that is not a name, an empty value, and bytes that are not UTF-8. */
  static final TemplateContext CONTEXT = new TemplateContext(Map.of(
      "db", Map.of("username", SecretValue.ofString("fuzz-user"), "password", SecretValue.ofString("p@ss w0rd/&?"),
          "my-key", SecretValue.ofString(""), "port", SecretValue.ofString("5432")),
      "api", Map.of("token", SecretValue.ofBytes(new byte[] {(byte) 0xff, 0, 'x', (byte) 0xc3}))));
  /** The aliases a template may name: those of the context, and one the context lacks at render time. */
  static final Set<String> ALIASES = Set.of("db", "api", "gone");

  private TemplateFuzzing() {
  }

  /**
   * Compiles {@code input}, as UTF-8 text, with {@code engine} and renders it against {@link #CONTEXT}: either gives
   * at most {@code maxOutputChars} characters, or fails with a {@link TemplateException} at a line and column.
   */
  static void compileAndRender(TemplateEngine engine, byte[] input, int maxOutputChars) {
    try {
      String output = engine.compile(new String(input, StandardCharsets.UTF_8), ALIASES).render(CONTEXT);
      assertThat(output.length()).isLessThanOrEqualTo(maxOutputChars);
    } catch (TemplateException e) {
      assertThat(e.getMessage()).isNotBlank();
      assertThat(e.line()).isPositive();
    }
  }
}
