package dev.secretkit.projection.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.secretkit.SecretValue;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A hostile review of the two template engines: each test names a behaviour that should hold against a template
 * written to exhaust the process that renders it, and fails on the code it reviews.
 */
class EngineReviewTest {
  private static final TemplateContext CONTEXT =
      new TemplateContext(Map.of("db", Map.of("password", SecretValue.ofString("fake-password"))));

  /**
   * go-template bounds steps (1,000,000) and the size of each value (1 MiB), but not what one step costs, and has
   * no time limit (liquid's renders stop after one second). {@code printf "%.999990f" 1.5} is one step that builds
   * a million-digit number through BigDecimal, about 0.3 s here; this 90-character template asks for 100 of them
   * (about 30 s), and nesting a second range reaches the step limit only after some 300,000 (about a day). Steps
   * over 1 MiB values cost alike: {@code upper}, {@code len} or {@code splitList} of a 1 MiB string in a loop.
   */
  @Test
  void goTemplate_aRenderThatWouldRunForMinutes_failsWithATemplateException_withinSeconds() {
    Template template = GoTemplateEngine.INSTANCE.compile(
        "{{ range splitList \"\" (printf \"%0100d\" 0) }}{{ $x := printf \"%.999990f\" 1.5 }}{{ end }}done",
        Set.of("db"));

    Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(3), () -> catchThrowable(
        () -> template.render(CONTEXT)));

    assertThat(thrown).isInstanceOf(TemplateException.class);
  }

  /**
   * Liquid's limit on one piece of text (1 MiB) is checked on a filter's result, after liqp made it: replace
   * builds its whole result first. Here a 64 Ki-character text with the empty string replaced by itself asks the
   * JDK for 4 Gi characters, and the render ends in an {@link OutOfMemoryError} that escapes the engine (below
   * 2 Gi characters, the JVM really allocates them: a few hundred bytes of template take gigabytes of heap).
   * {@code join} with a long glue over a long list does the same.
   */
  @Test
  void liquid_aFilterWhoseResultWouldPassTheTextLimit_failsWithATemplateException_notAnOutOfMemoryError() {
    Template template = LiquidTemplateEngine.INSTANCE.compile("{% assign s = 'xxxxxxxxxxxxxxxx' %}"
        + "{% for i in (1..12) %}{% assign s = s | append: s %}{% endfor %}{{ s | replace: '', s }}", Set.of("db"));

    Throwable thrown = catchThrowable(() -> template.render(CONTEXT));

    assertThat(thrown).isInstanceOf(TemplateException.class);
  }
}
