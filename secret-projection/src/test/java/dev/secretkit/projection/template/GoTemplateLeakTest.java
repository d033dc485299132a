package dev.secretkit.projection.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretkit.SecretValue;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of go-template error, made to happen with a planted canary value at hand, shows none of it. */
class GoTemplateLeakTest {
  private static final String CANARY = "canary-7f3a9c1e-Hunter2-fake";
  private static final String CANARY_B64 = Base64.getEncoder().encodeToString(CANARY.getBytes(StandardCharsets.UTF_8));
  private static final List<String> FORMS = List.of(CANARY, CANARY_B64, "7f3a9c1e",
      HexFormat.of().formatHex(CANARY.getBytes(StandardCharsets.UTF_8)), "Hunter2");

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "{{ .secrets.c.value | b64dec }}",
      "{{ .secrets.c.b64 | b64dec | b64dec }}",
      "{{ printf \"%d\" .secrets.c.value }}",
      "{{ printf \"%s %s\" .secrets.c.value }}",
      "{{ printf \"%s\" .secrets.c.value .secrets.c.b64 }}",
      "{{ printf \"%d\" .secrets.c }}",
      "{{ upper (len .secrets.c.value) }}",
      "{{ len (eq .secrets.c.value .secrets.c.b64) }}",
      "{{ eq .secrets.c.value 1 }}",
      "{{ lt .secrets.c.value true }}",
      "{{ eq .secrets.c .secrets.c }}",
      "{{ index .secrets.c .secrets.c.value }}",
      "{{ index .secrets .secrets.c.value }}",
      "{{ .secrets.c.value | index .secrets.c }}",
      "{{ index .secrets.c.value 999 }}",
      "{{ index .secrets.c.value \"key\" }}",
      "{{ index (splitList \"-\" .secrets.c.value) 99 }}",
      "{{ range .secrets.c.value }}{{ end }}",
      "{{ .secrets.c.value.field }}",
      "{{ (.secrets.c.value).Method }}",
      "{{ .secrets.c.nope }}",
      "{{ .secrets.c.valu }}",
      "{{ .secrets.nope.value }}",
      "{{ required \"must be set\" (index .secrets.c \"gone\") }}",
      "{{ .secrets.c.empty | required \"must not be empty\" }}",
      "{{ $x := printf \"%1000000s\" .secrets.c.value }}{{ $x }}{{ $x }}",
      "{{ $x := printf \"%1000000s\" .secrets.c.value }}{{ print $x $x }}",
      "{{ $x := printf \"%900000s\" .secrets.c.value }}{{ b64enc $x }}",
      "{{ $s := splitList \"\" (printf \"%2000s\" .secrets.c.value) }}{{ range $s }}{{ range $s }}{{ end }}{{ end }}",
      "{{ splitList \"\" (printf \"%70000s\" .secrets.c.value) }}",
      "{{ .secrets.c.value | urlquery | b64dec }}",
      "{{ quote .secrets.c.value | trim | len | lower }}"})
  void errors_neverShowAValue(String template) {
    TemplateContext context = new TemplateContext(Map.of("c", Map.of("value", SecretValue.ofString(CANARY),
        "b64", SecretValue.ofString(CANARY_B64), "empty", SecretValue.ofString(""))));
    TemplateException error = catchThrowableOfType(TemplateException.class,
        () -> GoTemplateEngine.INSTANCE.compile(template, Set.of("c", "d")).render(context));
    assertThat(error).as("a TemplateException").isNotNull();
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    List<String> texts = List.of(error.getMessage(), error.hint(), error.toString(), trace.toString(),
        context.toString());
    for (String text : texts) {
      for (String form : FORMS) {
        assertThat(text).as("an error text").doesNotContain(form);
      }
    }
    assertThat(error.getCause()).isNull();
    assertThat(error.getSuppressed()).isEmpty();
  }
}
