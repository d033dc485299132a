package dev.secretkit.projection.template;

import static dev.secretkit.projection.template.GoTemplates.context;
import static dev.secretkit.projection.template.GoTemplates.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretkit.SecretValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hostile go-templates fail fast, with an error naming the limit, and never run out of stack. */
@Timeout(value = 5, unit = TimeUnit.SECONDS)
class GoTemplateLimitsTest {

  @Test
  void nesting_deeperThanTheLimit_failsAtTheFirstBlockTooDeep() {
    String deep = "{{if 1}}".repeat(3000) + "x" + "{{end}}".repeat(3000);
    TemplateException error = GoTemplateErrorTest.failure(deep);
    assertThat(error.getMessage()).isEqualTo("blocks and parentheses nest more than 100 deep");
    assertThat(error.column()).isEqualTo(100 * "{{if 1}}".length() + 3);
    assertThat(render("{{if 1}}".repeat(100) + "x" + "{{end}}".repeat(100))).isEqualTo("x");
  }

  @Test
  void parentheses_deeperThanTheLimit_fail() {
    String deep = "{{ " + "(".repeat(20_000) + "1" + ")".repeat(20_000) + " }}";
    TemplateException error = GoTemplateErrorTest.failure(deep);
    assertThat(error.getMessage()).isEqualTo("blocks and parentheses nest more than 100 deep");
    assertThat(error.column()).isEqualTo(3 + 100 + 1);
    assertThat(render("{{ " + "(".repeat(99) + "1" + ")".repeat(99) + " }}")).isEqualTo("1");
  }

  @Test
  void templateLength_isBounded() {
    TemplateException error = GoTemplateErrorTest.failure("x".repeat(64 * 1024 + 1));
    assertThat(error.getMessage()).isEqualTo("the template has 65537 characters; the most is 65536");
    assertThat(error.line()).isEqualTo(1);
    assertThat(error.column()).isEqualTo(1);
    assertThat(render("x".repeat(64 * 1024))).hasSize(64 * 1024);
  }

  @Test
  void output_isBounded_atTheActionThatWouldPassTheLimit() {
    String template = "{{ $x := printf \"%1000000s\" \"\" }}{{ $x }}{{ $x }}";
    TemplateException error = GoTemplateErrorTest.failure(template);
    assertThat(error.getMessage()).isEqualTo("the output would be larger than 1048576 characters (1 MiB)");
    assertThat(error.column()).isEqualTo(template.lastIndexOf("{{") + 1);
    String text = "{{ $x := printf \"%1000000s\" \"\" }}{{ $x }}" + "y".repeat(60_000);
    assertThat(GoTemplateErrorTest.failure(text).column()).isEqualTo(text.indexOf('y') + 1);
    assertThat(render("{{ printf \"%1000000s\" \"\" }}")).hasSize(1_000_000);
  }

  @Test
  void values_areBounded_whereAFunctionComputesThem() {
    assertThat(GoTemplateErrorTest.failure("{{ $x := printf \"%1000000s\" \"\" }}{{ $y := print $x $x }}").getMessage())
        .isEqualTo("the result would be larger than 1048576 characters");
    assertThat(GoTemplateErrorTest.failure("{{ $x := printf \"%900000s\" \"\" }}{{ $y := b64enc $x }}").getMessage())
        .isEqualTo("b64enc returned more than 1048576 characters");
    assertThat(GoTemplateErrorTest.failure("{{ $x := 1 }}{{ range splitList \"\" (printf \"%70000s\" \"\") }}{{ end }}")
        .getMessage()).isEqualTo("splitList: more than 65536 parts");
  }

  @Test
  void steps_areBounded_soNestedLoopsEnd() {
    String template = "{{ $s := splitList \"\" (printf \"%1001s\" \"\") }}"
        + "{{ range $s }}{{ range $s }}{{ end }}{{ end }}";
    assertThat(GoTemplateErrorTest.failure(template).getMessage())
        .isEqualTo("the template ran more than 1000000 steps");
  }

  @Test
  void longFlatTemplates_renderInLinearTime() {
    assertThat(render("{{- 1 -}} \n".repeat(5_000))).isEqualTo("1".repeat(5_000));
    assertThat(render("{{ if false }}" + "{{ else if false }}".repeat(3_000) + "{{ else }}x{{ end }}")).isEqualTo("x");
    assertThat(render("{{/* c */}}".repeat(5_000) + "{{ 1 }}")).isEqualTo("1");
    assertThat(render("{{ \"a\"" + " | printf \"%s\"".repeat(3_000) + " }}")).isEqualTo("a");
  }

  @Test
  void render_longerThanTheTimeLimit_fails_atTheStepThatPassesIt_onTheEnginesClock() {
    AtomicLong now = new AtomicLong();
    GoTemplateEngine engine = new GoTemplateEngine(new GoTimeLimit(50_000_000L, () -> now.addAndGet(1_000_000L)));
    Template quick = engine.compile("{{ 1 }}{{ 2 }}", Set.of());
    Template slow = engine.compile("{{ range splitList \"\" (printf \"%100s\" \"\") -}}\n  {{ $x := 1 }}{{ end }}",
        Set.of());

    assertThat(quick.render(context())).isEqualTo("12");
    TemplateException error = catchThrowableOfType(TemplateException.class, () -> slow.render(context()));
    assertThat(error).hasMessage("the template ran longer than 50 ms");
    assertThat(error.hint()).isEqualTo("functions of long values take time, and loops repeat them; do less in loops,"
        + " or on shorter values");
    assertThat(error.line()).isEqualTo(2);
  }

  @Test
  void charactersComputedInAll_pastTheLimit_fail_atTheFunctionThatPassesIt() {
    String loop = "{{ range splitList \"\" (printf \"%COUNTs\" \"\") }}{{ $x := printf \"%1000000s\" \"\" }}"
        + "{{ end }}ok";

    assertThat(render(loop.replace("COUNT", "16"))).isEqualTo("ok");
    String template = loop.replace("COUNT", "17");
    TemplateException error = GoTemplateErrorTest.failure(template);
    assertThat(error).hasMessage("the template computed more than 16777216 characters in all, counting values it"
        + " builds and drops");
    assertThat(error.hint()).isEqualTo("long values built in a loop add up; build fewer or shorter values");
    assertThat(error.column()).isEqualTo(template.indexOf("printf \"%1000000s") + 1);
  }

  @Test
  void printfF_pastAFloatsOwnDigits_appendsZeros_asGoDoes_insteadOfComputingThem() {
    for (String number : List.of("1.5", "2.5", "-2.5", "0.1", "123.456", "1e20", "5e-324")) {
      for (int precision : List.of(0, 1, 6, 17, 1074, 1075, 2000)) {
        String expected = new BigDecimal(Double.parseDouble(number)).setScale(precision, RoundingMode.HALF_EVEN)
            .toPlainString();
        assertThat(render("{{ printf \"%." + precision + "f\" " + number + " }}")).as(number + " %." + precision + "f")
            .isEqualTo(expected);
      }
    }
    assertThat(render("{{ printf \"%.999990f\" 1.5 }}")).hasSize(999_992).startsWith("1.50").endsWith("000");
  }

  @Test
  void printf_failsBeforeAWidthOrPrecisionTakesItsResultPastTheLimit_elementByElementForALists() {
    String large = "the result would be larger than 1048576 characters";
    String half = "{{ $x := printf \"%600000s\" \"\" }}";

    assertThat(GoTemplateErrorTest.failure("{{ printf \"%1000000v\" (splitList \"\" (printf \"%2000s\" \"\")) }}"))
        .hasMessage(large);
    assertThat(GoTemplateErrorTest.failure(half + "{{ printf \"%s%500000d\" $x 7 }}")).hasMessage(large);
    assertThat(GoTemplateErrorTest.failure(half + "{{ printf \"%s%.500000d\" $x 7 }}")).hasMessage(large);
    assertThat(GoTemplateErrorTest.failure(half + "{{ printf \"%s%.500000f\" $x 1.5 }}")).hasMessage(large);
    assertThat(GoTemplateErrorTest.failure(half + "{{ printf \"%s%0500000f\" $x 1.5 }}")).hasMessage(large);
    assertThat(render(half + "{{ printf \"%s%.400000f\" $x 1.5 | len }}")).isEqualTo("1000002");
  }

  @Test
  void quoteAndUrlquery_failAsSoonAsTheirResultPassesTheLimit() {
    TemplateContext controls = new TemplateContext(Map.of("big", Map.of("v", SecretValue.ofString(
        "\u0001".repeat(300_000)))));

    assertThat(failure("{{ quote .secrets.big.v }}", controls)).hasMessage("the result would be larger than 1048576"
        + " characters");
    assertThat(failure("{{ $x := printf \"%300000s\" \"\" }}{{ quote $x $x $x $x }}", controls))
        .hasMessage("quote returned more than 1048576 characters");
    assertThat(failure("{{ $x := printf \"%400000s\" \"\" | urlquery }}{{ urlquery $x }}", controls))
        .hasMessage("urlquery returned more than 1048576 characters");
  }

  @Test
  void anActionWritingAValueLongerThanTheLimit_failsAtTheAction() {
    TemplateContext big = new TemplateContext(Map.of("big", Map.of("v", SecretValue.ofString("x".repeat(1_100_000)))));

    TemplateException error = failure("ok{{ .secrets.big }}", big);
    assertThat(error).hasMessage("the result would be larger than 1048576 characters");
    assertThat(error.column()).isEqualTo(3);
  }

  @Test
  void splitList_findsALongSeparatorThatAlmostMatchesEverywhere_inLinearTime() {
    assertThat(render("{{ $text := printf \"%1000000s\" \"\" }}{{ $sep := printf \"%500000sx\" \"\" }}"
        + "{{ len (splitList $sep $text) }}")).isEqualTo("1");
    assertThat(render("{{ $sep := printf \"%40sx\" \"\" }}{{ range splitList $sep (printf \"a%sb%sc\" $sep $sep) }}"
        + "[{{ . }}]{{ end }}")).isEqualTo("[a][b][c]");
  }

  private static TemplateException failure(String template, TemplateContext context) {
    Template compiled = GoTemplateEngine.INSTANCE.compile(template, Set.of("big"));
    TemplateException error = catchThrowableOfType(TemplateException.class, () -> compiled.render(context));
    assertThat(error).as("a TemplateException from %s", template).isNotNull();
    return error;
  }
}
