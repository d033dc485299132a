package dev.secretkit.projection.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretkit.SecretValue;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bounds a hostile template meets: template size, iterations, text made, text made in all, render time. */
class LiquidLimitsTest {
  private static final TemplateContext CONTEXT =
      new TemplateContext(Map.of("s", Map.of("K", SecretValue.ofString("fake-value"))));

  private static LiquidTemplateEngine engine(int templateBytes, int outputChars, int workChars, int iterations) {
    return new LiquidTemplateEngine(new LiquidLimits(templateBytes, outputChars, workChars, iterations,
        1_000_000_000L, System::nanoTime));
  }

  private static TemplateException renderFailure(TemplateEngine engine, String template) {
    Template compiled = engine.compile(template, Set.of("s"));
    return catchThrowableOfType(TemplateException.class, () -> compiled.render(CONTEXT));
  }

  @Test
  void defaults_areTheDocumentedOnes() {
    LiquidLimits limits = LiquidLimits.DEFAULT;

    assertThat(new long[] {limits.templateBytes(), limits.outputChars(), limits.workChars(), limits.iterations(),
        limits.renderNanos()}).containsExactly(65_536, 1_048_576, 16_777_216, 10_000, 1_000_000_000L);
  }

  @Test
  void template_overTheSizeInBytes_failsBeforeParsing() {
    String twoByteChars = "é".repeat(32_769);

    TemplateException thrown = catchThrowableOfType(TemplateException.class,
        () -> TemplateType.LIQUID.engine().compile(twoByteChars, Set.of()));

    assertThat(thrown.getMessage()).isEqualTo("the template has 65538 bytes; a liquid template has at most 65536");
    assertThat(thrown.hint()).isEqualTo("split it into smaller templates, one per variable or file");
    assertThat(new int[] {thrown.line(), thrown.column()}).containsExactly(1, 1);
  }

  @Test
  void template_ofExactlyTheSize_compiles() {
    LiquidTemplateEngine engine = engine(10, 100, 1000, 10);

    assertThat(engine.compile("0123456789", Set.of()).render(CONTEXT)).isEqualTo("0123456789");
    assertThat(catchThrowableOfType(TemplateException.class, () -> engine.compile("0123456789!", Set.of())))
        .hasMessage("the template has 11 bytes; a liquid template has at most 10");
  }

  @Test
  void nesting_ofExactlyTheLimit_compiles_andBracketsSideBySideDoNotNest() {
    int most = LiquidSyntax.MAX_NESTING;
    String blocks = "{% if true %}".repeat(most) + "x" + "{% endif %}".repeat(most);
    String operators = "{% if " + "true and ".repeat(most) + "true %}y{% endif %}";
    String manyLookups = "{% if " + "secrets['s']['K'] and ".repeat(most - 1) + "true %}z{% endif %}";

    assertThat(TemplateType.LIQUID.engine().compile(blocks + operators + manyLookups, Set.of("s")).render(CONTEXT))
        .isEqualTo("xyz");
  }

  @Test
  void iterations_upToTheLimit_run_andOneMoreFails_atTheLoop() {
    TemplateEngine engine = TemplateType.LIQUID.engine();

    assertThat(engine.compile("{% for i in (1..10000) %}{% endfor %}done", Set.of()).render(CONTEXT))
        .isEqualTo("done");
    TemplateException thrown = renderFailure(engine,
        "{% for i in (1..100) %}\n  {% for j in (1..100) %}{% endfor %}{% endfor %}");
    assertThat(thrown).hasMessage("the template's loops (for, tablerow) run more than 10000 times in all");
    assertThat(thrown.hint()).isEqualTo("loop over fewer items, or set a limit: {% for x in list limit: 100 %}");
    assertThat(new int[] {thrown.line(), thrown.column()}).containsExactly(2, 3);
  }

  @Test
  void output_longerThanTheLimit_fails() {
    LiquidTemplateEngine engine = engine(1000, 99, 1000, 100);

    assertThat(engine.compile("{% for i in (1..33) %}abc{% endfor %}", Set.of()).render(CONTEXT)).hasSize(99);
    TemplateException thrown = renderFailure(engine, "{% for i in (1..34) %}abc{% endfor %}");
    assertThat(thrown).hasMessage("the template makes text (or a list) longer than 99 characters (or items)");
    assertThat(thrown.hint()).isEqualTo("make the template produce less; a projection's values are small");
  }

  @Test
  void filterResult_longerThanTheLimit_failsAtTheFilter() {
    TemplateException thrown = renderFailure(engine(1000, 99, 1000, 100),
        "{% assign s = 'abcdefghij' %}{% for i in (1..9) %}{% assign s = s | append: s %}{% endfor %}");

    assertThat(thrown).hasMessage("the template makes text (or a list) longer than 99 characters (or items)");
    assertThat(new int[] {thrown.line(), thrown.column()}).containsExactly(1, 69);
  }

  @Test
  void textMadeAndDropped_overTheWorkLimit_fails() {
    TemplateException thrown = renderFailure(engine(1000, 100, 1000, 1000),
        "{% for i in (1..100) %}{% capture c %}{{ 'abcdefghij' | append: 'abcdefghij' }}{% endcapture %}{% endfor %}");

    assertThat(thrown).hasMessage("the template produces more than 1000 characters in all while rendering, counting"
        + " text it builds and drops");
    assertThat(thrown.hint()).isEqualTo("make the template build less text, in loops above all");
  }

  @Test
  void render_longerThanTheTimeLimit_fails_onTheEnginesClock() {
    AtomicLong now = new AtomicLong();
    LiquidTemplateEngine engine = new LiquidTemplateEngine(new LiquidLimits(1000, 1000, 100_000, 10_000,
        50_000_000L, () -> now.addAndGet(1_000_000L)));
    Template quick = engine.compile("{{ secrets.s.K | base64_decode }}", Set.of("s"));
    Template slow = engine.compile("{% for i in (1..1000) %}{{ i }}{% endfor %}", Set.of("s"));

    assertThat(quick.render(CONTEXT)).isEqualTo("fake-value");
    TemplateException thrown = catchThrowableOfType(TemplateException.class, () -> slow.render(CONTEXT));
    assertThat(thrown).hasMessage("rendering takes longer than 50 ms");
    assertThat(thrown.hint())
        .isEqualTo("make the template do less: fewer or shorter loops, fewer filters on long text");
  }
}
