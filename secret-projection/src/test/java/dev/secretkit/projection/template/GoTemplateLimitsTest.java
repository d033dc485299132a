package dev.secretkit.projection.template;

import static dev.secretkit.projection.template.GoTemplates.render;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
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
}
