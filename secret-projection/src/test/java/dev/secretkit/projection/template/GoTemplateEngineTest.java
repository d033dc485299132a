package dev.secretkit.projection.template;

import static dev.secretkit.projection.template.GoTemplates.ALIASES;
import static dev.secretkit.projection.template.GoTemplates.compile;
import static dev.secretkit.projection.template.GoTemplates.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.SecretValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What templates of the go-template subset render, as Go's text/template (and Sprig) would. */
class GoTemplateEngineTest {

  static Stream<Arguments> specExamples() {
    return Stream.of(
        row("postgresql://{{.secrets.db.username}}:{{.secrets.db.password}}@{{.secrets.db.host}}:{{.secrets.db.port}}"
            + "/{{.secrets.db.database}}", "postgresql://app:s3cr3t@db.internal:5432/orders"),
        row("minerva", "minerva"),
        row("", ""),
        row("{{ range $key, $value := .secrets.kafka }}{{ $key }}={{ $value }};{{ end }}",
            "brokers=k1:9092,k2:9092;sasl=PLAIN;"));
  }

  static Stream<Arguments> actions() {
    return Stream.of(
        row("{{ $.secrets.db.host }}", "db.internal"),
        row("{{ index .secrets.db \"my-key\" }}", "dashed"),
        row("{{ index .secrets \"db\" \"my-key\" }}", "dashed"),
        row("{{ index . \"secrets\" \"db\" \"port\" }}", "5432"),
        row("{{ (index .secrets \"db\").port }} {{ (.secrets.db).host }}", "5432 db.internal"),
        row("<a href='{{ .secrets.db.host }}'>&</a>", "<a href='db.internal'>&</a>"),
        row("{{ .secrets.kafka }} {{ .secrets.none }} {{ splitList \",\" \"a,b\" }}",
            "map[brokers:k1:9092,k2:9092 sasl:PLAIN] map[] [a b]"),
        row("{{ \"a\\tb\\u00e9\\x41\\101\\\"\\\\\\a\\b\\f\\n\\r\\v\\U0001F600\" }}",
            "a\tbéAA\"\\\u0007\b\f\n\r\u000b😀"),
        row("{{ `raw\\n \"q\"` }}", "raw\\n \"q\""),
        row("{{ `a\r\nb` }}", "a\nb"),
        row("{{ 42 }} {{ -7 }} {{ +3 }} {{ 0x1F }} {{ -0X10 }}", "42 -7 3 31 -16"),
        row("{{ 1.5 }} {{ 1e6 }} {{ 100000.0 }} {{ 0.00001 }} {{ 0.0001 }} {{ 1234567.0 }} {{ -0.0 }} {{ .5 }}",
            "1.5 1e+06 100000 1e-05 0.0001 1.234567e+06 -0 0.5"),
        row("{{ true }} {{ false }}", "true false"),
        row("{{ len . }} {{ range $k, $v := . }}{{ $k }}={{ len $v }}{{ end }} {{ .secrets.kafka | index }}",
            "1 secrets=3 map[brokers:k1:9092,k2:9092 sasl:PLAIN]"),
        row("{{ len print }}{{ print quote urlquery }}", "0"),
        row("{{ default nil .secrets.db.nope }}", "<no value>"),
        row("{{ .secrets.db.username | upper }}", "APP"),
        row("{{ .secrets.db.username | printf \"%s-%s\" \"x\" }}", "x-app"),
        row("{{ \"a\" | printf \"%s%s\" \"b\" | upper }}", "BA"),
        row("{{ len (print .secrets.db.username \"xx\") }}", "5"),
        row("{{ $user := .secrets.db.username }}{{ $user }}", "app"),
        row("{{ $x := \"a\" }}{{ $x = \"b\" }}{{ $x }}", "b"),
        row("{{ $db := .secrets.db }}{{ $db.host }}", "db.internal"),
        row("{{ $last := \"\" }}{{ range .secrets.kafka }}{{ $last = . }}{{ end }}{{ $last }}", "PLAIN"),
        row("{{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ $x }}{{ end }}{{ $x }}", "21"),
        row("{{ with $port := .secrets.db.port }}{{ $port }}/{{ . }}{{ end }}", "5432/5432"),
        row("{{ with $v := .secrets.db.empty }}x{{ else }}[{{ $v }}]{{ end }}", "[]"));
  }

  static Stream<Arguments> trimMarkers() {
    return Stream.of(
        row("a  {{- .secrets.db.username -}}  b", "aappb"),
        row("a \t\r\n{{- 1 }}", "a1"),
        row("{{ 1 -}} \t\r\n b", "1b"),
        row("a {{-1}} b", "a -1 b"),
        row("a {{ 3 -}}\n{{- 4 }} b", "a 34 b"),
        row("x{{-\t2\t-}}y", "x2y"),
        row("a\n {{- 1 -}} \n b", "a1b"),
        row("{{- 1 -}}", "1"),
        row("a {{- /* a comment */ -}} b", "ab"),
        row("a {{/* a\nmulti-line comment */}} b", "a  b"),
        row("a\n{{- /* */}}\nb", "a\nb"),
        row("{{ 1 }}{{/* */}}{{/* */}}{{ 2 }}", "12"),
        row("a {{ 1 }} b", "a 1 b"),
        row("{{ 1  -}} x {{ 2 \t\n -}}\n y", "1x 2y"));
  }

  static Stream<Arguments> controlStructures() {
    return Stream.of(
        row("{{ if .secrets.db.username }}yes{{ else }}no{{ end }}", "yes"),
        row("{{ if .secrets.db.empty }}yes{{ else }}no{{ end }}", "no"),
        row("{{ if .secrets.db.nope }}yes{{ else }}no{{ end }}", "no"),
        row("{{ if index .secrets.db \"nope\" }}yes{{ else }}no{{ end }}", "no"),
        row("{{ if not .secrets.db.nope }}absent{{ end }}", "absent"),
        row("{{ if and .secrets.db.username .secrets.db.nope }}both{{ else }}not both{{ end }}", "not both"),
        row("{{ if or .secrets.db.nope .secrets.db.username }}one{{ end }}", "one"),
        row("{{ if (.secrets.db.nope) }}x{{ else }}y{{ end }}", "y"),
        row("{{ if eq .secrets.kafka.sasl \"SCRAM\" }}a{{ else if eq .secrets.kafka.sasl \"PLAIN\" }}b"
            + "{{ else }}c{{ end }}", "b"),
        row("{{ if false }}a{{ else if false }}b{{ end }}", ""),
        row("{{ if 0 }}a{{ else if 0.0 }}b{{ else if \"\" }}c{{ else if .secrets.none }}d{{ else }}e{{ end }}", "e"),
        row("{{ if 1 }}{{ if .secrets }}{{ .secrets.db.port }}{{ end }}{{ end }}", "5432"),
        row("{{ if splitList \"\" \"\" }}a{{ else }}b{{ end }}{{ if splitList \",\" \"\" }}c{{ end }}", "bc"),
        row("{{ with .secrets.db }}{{ .username }}@{{ .host }}{{ end }}", "app@db.internal"),
        row("{{ with .secrets.db.nope }}x{{ else with .secrets.db.username }}{{ . }}{{ else }}none{{ end }}", "app"),
        row("{{ with .secrets.db.empty }}x{{ else with 0 }}y{{ else }}{{ .secrets.db.port }}{{ end }}", "5432"),
        row("{{ range .secrets.kafka }}[{{ . }}]{{ end }}", "[k1:9092,k2:9092][PLAIN]"),
        row("{{ range $value := .secrets.kafka }}{{ $value }} {{ end }}", "k1:9092,k2:9092 PLAIN "),
        row("{{ range .secrets.none }}x{{ else }}no keys in {{ len .secrets }} secrets{{ end }}",
            "no keys in 3 secrets"),
        row("{{ range $alias, $keys := .secrets }}{{ $alias }}:{{ len $keys }} {{ end }}", "db:11 kafka:2 none:0 "),
        row("{{ range $i, $b := splitList \",\" .secrets.kafka.brokers }}{{ $i }}={{ $b }} {{ end }}",
            "0=k1:9092 1=k2:9092 "),
        row("{{ range splitList \",\" .secrets.db.csv }}[{{ . }}]{{ end }}", "[a][b][][c]"),
        row("{{ range splitList \"\" \"héllo\" }}{{ . }}.{{ end }}", "h.é.l.l.o."),
        row("{{ range splitList \"\" \"\" }}x{{ else }}empty{{ end }}", "empty"),
        row("{{ range default nil .secrets.db.nope }}x{{ else }}none{{ end }}", "none"),
        row("{{ range .secrets.kafka }}{{ range $.secrets.kafka }}.{{ end }}{{ end }}", "...."),
        row("{{ $k := \"\" }}{{ $v := \"\" }}{{ range $k, $v = .secrets.kafka }}{{ end }}{{ $k }}={{ $v }}",
            "sasl=PLAIN"),
        row("{{ if true }}{{ else if true }}{{ else if true }}{{ end }}{{ if false }}{{ else if false }}x{{ end }}",
            ""));
  }

  static Stream<Arguments> functions() {
    return Stream.of(
        row("{{ and 1 0 2 }} {{ and 1 2 }} {{ or 0 \"\" \"x\" }} [{{ or 0 \"\" }}]", "0 2 x []"),
        row("{{ and false (index .secrets.db \"nope\") }} {{ or true .secrets.db.nope }}", "false true"),
        row("{{ \"x\" | and 1 }} {{ \"\" | or \"y\" }} {{ \"z\" | or \"\" }}", "x y z"),
        row("{{ not \"\" }} {{ not .secrets.db.username }} {{ not 0 }}", "true false true"),
        row("{{ len .secrets.db.username }} {{ len \"é\" }} {{ len .secrets.kafka }}"
            + " {{ len (splitList \",\" \"a,b,c\") }}", "3 2 2 3"),
        row("{{ index (splitList \",\" \"a,b\") 1 }} {{ index \"abc\" 1 }} {{ index .secrets.kafka }}",
            "b 98 map[brokers:k1:9092,k2:9092 sasl:PLAIN]"),
        row("{{ print 1 2 }}|{{ print \"a\" \"b\" }}|{{ print \"a\" 1 \"b\" }}|{{ print 1 \"a\" 2 }}"
            + "|{{ print nil true 1.5 }}|{{ print }}", "1 2|ab|a1b|1a2|<nil> true 1.5|"),
        row("{{ println \"a\" 1 }}", "a 1\n"),
        row("{{ urlquery \"a b&c=d/é~-_.\" }} {{ urlquery \"a\" 1 nil }} {{ .secrets.db.host | urlquery }}",
            "a+b%26c%3Dd%2F%C3%A9~-_. a1%3Cno+value%3E db.internal"),
        row("{{ eq \"a\" \"a\" }} {{ eq 1 2 3 1 }} {{ eq .secrets.db.port \"5432\" }} {{ eq nil nil }}"
            + " {{ eq \"a\" nil }} {{ eq 1.5 1.5 }} {{ eq true false }} {{ eq nil .secrets.db }}",
            "true true true true false true false false"),
        row("{{ ne \"a\" \"b\" }} {{ ne 1 1 }}", "true false"),
        row("{{ lt 1 2 }} {{ lt \"b\" \"a\" }} {{ le 2 2 }} {{ gt 2.5 1.5 }} {{ ge \"a\" \"a\" }} {{ gt 1 2 }}"
            + " {{ le 3 2 }} {{ ge 1 2 }} {{ lt \"ab\" \"abc\" }}", "true false true true true false false false true"),
        row("{{ lt \"\\uffff\" \"\\U0001F600\" }}", "true"),
        row("{{ .secrets.db.username | b64enc }} [{{ b64enc \"\" }}]", "YXBw []"),
        row("{{ .secrets.db.b64 | b64dec }} {{ b64dec .secrets.db.b64lines }}", "hello hello"),
        row("{{ .secrets.db.nope | default \"fallback\" }} {{ .secrets.db.empty | default \"fallback\" }}"
            + " {{ .secrets.db.username | default \"x\" }}", "fallback fallback app"),
        row("{{ default \"d\" .secrets.db.nope }} {{ default \"d\" 0 }}"
            + " {{ index .secrets.db \"nope\" | default \"d\" }} {{ default \"d\" (index .secrets.db \"nope\") }}"
            + " {{ default \"d\" (or .secrets.db.nope .secrets.db.empty) }}",
            "d d d d d"),
        row("{{ quote .secrets.db.username }} {{ quote 1 \"a\" nil }} [{{ quote }}]", "\"app\" \"1\" \"a\" []"),
        row("{{ quote \"a\\\"b\\\\c\\n\\t\\u00a0é\\x01\\x7f\\u200b\\U0001F600\\U000E0001\" }}",
            "\"a\\\"b\\\\c\\n\\t\\u00a0é\\x01\\x7f\\u200b😀\\U000e0001\""),
        row("{{ upper \"straße\" }} {{ lower \"ÀB\" }}", "STRAßE àb"),
        row("{{ trim .secrets.db.spaced }}|{{ trim \"\\u00a0x\\u3000\" }}|{{ trim \"\\u200bx\" }}|{{ trim \" \" }}",
            "padded|x|\u200bx|"),
        row("{{ .secrets.db.username | required \"need a user\" }} {{ required \"need a port\" .secrets.db.port }}",
            "app 5432"));
  }

  static Stream<Arguments> printf() {
    return Stream.of(
        row("{{ printf \"%s|%5s|%-5s|%.2s|%05s|%5.1s\" \"x\" \"ab\" \"ab\" \"héllo\" \"ab\" \"xyz\" }}",
            "x|   ab|ab   |hé|   ab|    x"),
        row("{{ printf \"%d|%5d|%-5d|%05d|%.3d|[%.0d]|%x|%X|%x|%08.3d|%-05d|\" 42 42 42 -42 7 0 255 255 -255 5 3 }}",
            "42|   42|42   |-0042|007|[]|ff|FF|-ff|     005|3    |"),
        row("{{ printf \"%x|%X|%.1x|%6x|%-6x|\" \"hi\" \"hi\" \"hi\" \"hi\" \"é\" }}", "6869|6869|68|  6869|c3a9  |"),
        row("{{ printf \"%v|%v|%v|%v|%v|%v\" \"s\" 1 1.5 true nil .secrets.kafka }}",
            "s|1|1.5|true|<nil>|map[brokers:k1:9092,k2:9092 sasl:PLAIN]"),
        row("{{ printf \"%q|%q|%q|%q|%q\" \"a\\\"b\" 65 39 -1 1114112 }}", "\"a\\\"b\"|'A'|'\\''|'\uFFFD'|'\uFFFD'"),
        row("{{ printf \"%q|%.2q\" \"\\x00é\" \"abc\" }}", "\"\\x00é\"|\"ab\""),
        row("{{ printf \"%t|%6t|%-6t|%v\" true false true false }}", "true| false|true  |false"),
        row("{{ printf \"%f|%.2f|%.2f|%8.3f|%08.3f|%-8.2f|%.0f|%.0f|%f|%08.2f\""
            + " 3.14159 2.675 0.125 3.14159 -3.14159 1.5 2.5 3.5 -0.0 1.5 }}",
            "3.141590|2.67|0.12|   3.142|-003.142|1.50    |2|4|-0.000000|00001.50"),
        row("{{ printf \"%.3v|%.2v|%v|%v|%10.2v|%-6v|%.0v|%v|%v\" 3.14159 1234.0 1e21 123456.0 1.0 2.5 7.0 1e-7 0.0 }}",
            "3.14|1.2e+03|1e+21|123456|         1|2.5   |7|1e-07|0"),
        row("{{ printf \"%.4v|%.3v\" 100.0 100000.0 }}", "100|1e+05"),
        row("{{ printf \"100%%|%5%|%d%%\" 7 }}", "100%|%|7%"),
        row("{{ printf \"%s|%d|%q\" (splitList \",\" \"a,b\") (splitList \"\" \"\") (splitList \",\" \"x\") }}",
            "[a b]|[]|[\"x\"]"),
        row("{{ printf \"%s\" .secrets.none }}|{{ printf \"plain\" }}|{{ printf \"%5s|%-4d\" \"é\" 7 }}",
            "map[]|plain|    é|7   "));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource({"specExamples", "actions", "trimMarkers", "controlStructures", "functions", "printf"})
  void render_writesWhatGoWould(String template, String expected) {
    assertThat(render(template)).isEqualTo(expected);
  }

  @Test
  void render_readsTheValuesOfTheContextItIsGiven() {
    Template template = compile("{{ .secrets.db.username }}:{{ .secrets.db.password }}");
    assertThat(template.render(contextOf("alice", "pw-1"))).isEqualTo("alice:pw-1");
    assertThat(template.render(contextOf("bob", "pw-2"))).isEqualTo("bob:pw-2");
  }

  @Test
  void render_isThreadSafe_eachRenderHasItsOwnVariablesAndOutput() throws Exception {
    Template template = compile("{{ $u := .secrets.db.username }}{{ range $k, $v := .secrets.db }}{{ $k }}={{ $v }}"
        + ";{{ end }}{{ $u }}");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int thread = 0; thread < 4; thread++) {
        String user = "user" + thread;
        results.add(pool.submit(() -> {
          for (int i = 0; i < 200; i++) {
            String password = user + "-pw-" + i;
            if (!template.render(contextOf(user, password))
                .equals("password=" + password + ";username=" + user + ";" + user)) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void engine_isTheOneTheTemplateTypeNames_andRefusesNulls() {
    assertThat(TemplateType.GO_TEMPLATE.engine()).isSameAs(GoTemplateEngine.INSTANCE);
    assertThatThrownBy(() -> GoTemplateEngine.INSTANCE.compile(null, ALIASES)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> GoTemplateEngine.INSTANCE.compile("x", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> compile("x").render(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void compile_withNoAliasDeclared_acceptsTemplatesThatNameNone() {
    assertThat(GoTemplateEngine.INSTANCE.compile("{{ \"static\" | upper }}", Set.of()).render(
        new TemplateContext(Map.of()))).isEqualTo("STATIC");
  }

  private static TemplateContext contextOf(String user, String password) {
    return new TemplateContext(Map.of("db", Map.of("username", SecretValue.ofString(user),
        "password", SecretValue.ofString(password))));
  }

  private static Arguments row(String template, String expected) {
    return Arguments.of(template, expected);
  }
}
