package dev.secretkit.projection.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.SecretValue;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What Liquid templates render, as DataOS renders Liquid projections: values base64-encoded, decoded on demand. */
class LiquidTemplateEngineTest {
  private static final TemplateEngine ENGINE = TemplateType.LIQUID.engine();

  /** The secrets every case renders against: fake values only. */
  private static TemplateContext context() {
    Map<String, Map<String, SecretValue>> secrets = new TreeMap<>();
    secrets.put("tmsh", values(Map.of("TRINO_HOST", "trino.example.test", "TRINO_PORT", "7432",
        "TRINO_USERNAME", "svc-reader", "TRINO_PASSWORD", "fake-p@ss:w/rd", "TRINO_CATALOG", "lakehouse")));
    secrets.put("db", values(Map.of("USER", "app", "PASSWORD", "fake p@ss/word", "HOST", "db.example.test",
        "PORT", "5432", "DATABASE", "orders")));
    secrets.put("odd", values(Map.of("my-key", "dash", "my.key", "dot", "with space", "space", "2fa", "digit",
        "clé", "accent", "my_key", "underscore")));
    secrets.put("text", values(Map.of("NOTE", "grüße ✓ 東京 \uD83D\uDD11", "EMPTY", "")));
    secrets.put("bin", Map.of("RAW", SecretValue.ofBytes(new byte[] {(byte) 0xff, 0})));
    return new TemplateContext(secrets);
  }

  private static Map<String, SecretValue> values(Map<String, String> text) {
    Map<String, SecretValue> values = new LinkedHashMap<>();
    text.forEach((key, value) -> values.put(key, SecretValue.ofString(value)));
    return values;
  }

  private static String render(String template) {
    return ENGINE.compile(template, Set.of("tmsh", "db", "odd", "text", "bin")).render(context());
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  static Stream<Arguments> projections() {
    return Stream.of(
        // The spec's Trino case: each key of the secret aliased tmsh, decoded.
        Arguments.of("TRINO_HOST", "{{ secrets['tmsh'].TRINO_HOST | base64_decode }}", "trino.example.test"),
        Arguments.of("TRINO_PORT", "{{ secrets['tmsh'].TRINO_PORT | base64_decode }}", "7432"),
        Arguments.of("TRINO_USERNAME", "{{ secrets['tmsh'].TRINO_USERNAME | base64_decode }}", "svc-reader"),
        Arguments.of("TRINO_PASSWORD", "{{ secrets['tmsh'].TRINO_PASSWORD | base64_decode }}", "fake-p@ss:w/rd"),
        Arguments.of("dot notation", "{{ secrets.tmsh.TRINO_CATALOG | base64_decode }}", "lakehouse"),
        Arguments.of("brackets both", "{{ secrets['tmsh']['TRINO_CATALOG'] | base64_decode }}", "lakehouse"),
        Arguments.of("double quotes", "{{ secrets[\"tmsh\"][\"TRINO_HOST\"] | base64_decode }}", "trino.example.test"),
        // The spec's troubleshooting case: without base64_decode the variable gets the base64 text.
        Arguments.of("no decode: base64", "{{ secrets['tmsh'].TRINO_HOST }}", base64("trino.example.test")),
        Arguments.of("no decode: password", "{{ secrets.tmsh.TRINO_PASSWORD }}", base64("fake-p@ss:w/rd")),
        Arguments.of("DATABASE_URL", "postgresql://{{ secrets.db.USER | base64_decode }}:"
                + "{{ secrets.db.PASSWORD | base64_decode | url_encode }}@{{ secrets.db.HOST | base64_decode }}:"
                + "{{ secrets.db.PORT | base64_decode }}/{{ secrets.db.DATABASE | base64_decode }}",
            "postgresql://app:fake+p%40ss%2Fword@db.example.test:5432/orders"),
        Arguments.of("constant", "lakehouse", "lakehouse"),
        Arguments.of("constant with braces in raw", "{% raw %}{{ not a tag }}{% endraw %}", "{{ not a tag }}"),
        Arguments.of("empty", "", ""),
        Arguments.of("key with a dash", "{{ secrets['odd']['my-key'] | base64_decode }}", "dash"),
        Arguments.of("key with a dot", "{{ secrets.odd['my.key'] | base64_decode }}", "dot"),
        Arguments.of("key with a space", "{{ secrets.odd['with space'] | base64_decode }}", "space"),
        Arguments.of("key from a digit", "{{ secrets.odd['2fa'] | base64_decode }}", "digit"),
        Arguments.of("key not ASCII", "{{ secrets.odd['clé'] | base64_decode }}", "accent"),
        Arguments.of("key with underscore", "{{ secrets.odd.my_key | base64_decode }}", "underscore"),
        Arguments.of("UTF-8 text", "{{ secrets.text.NOTE | base64_decode }}", "grüße ✓ 東京 \uD83D\uDD11"),
        Arguments.of("empty value", "[{{ secrets.text.EMPTY | base64_decode }}]", "[]"),
        Arguments.of("text encoded", "{{ 'grüße ✓' | base64_encode }}", base64("grüße ✓")),
        Arguments.of("text round trip", "{{ secrets.text.NOTE | base64_decode | base64_encode }}",
            base64("grüße ✓ 東京 \uD83D\uDD11")),
        Arguments.of("for over keys", "{% for entry in secrets.db %}{{ entry[0] }}"
            + "{% unless forloop.last %},{% endunless %}{% endfor %}", "DATABASE,HOST,PASSWORD,PORT,USER"),
        Arguments.of("for over values", "{% for entry in secrets.db %}{% if entry[0] == 'HOST' or entry[0] == 'PORT' %}"
            + "{{ entry[1] | base64_decode }};{% endif %}{% endfor %}", "db.example.test;5432;"),
        Arguments.of("assign and compare", "{% assign port = secrets.db.PORT | base64_decode | plus: 0 %}"
            + "{% if port > 1024 %}high{% else %}low{% endif %}", "high"),
        Arguments.of("capture", "{% capture hostport %}{{ secrets.db.HOST | base64_decode }}:"
            + "{{ secrets.db.PORT | base64_decode }}{% endcapture %}{{ hostport | upcase }}", "DB.EXAMPLE.TEST:5432"),
        Arguments.of("case", "{% assign db = secrets.db.DATABASE | base64_decode %}{% case db %}"
            + "{% when 'orders' %}o{% when 'users' %}u{% else %}x{% endcase %}", "o"),
        Arguments.of("contains a key", "{% if secrets.db contains 'SSLMODE' %}set{% else %}unset{% endif %}"
            + "{% if secrets.db contains 'HOST' %} host{% endif %}", "unset host"),
        Arguments.of("default on a missing key", "{{ secrets.db.SSLMODE | base64_decode | default: 'require' }}",
            "require"),
        Arguments.of("default first", "[{{ secrets.db.SSLMODE | default: '' | base64_decode }}]", "[]"),
        Arguments.of("default on a present key", "{{ secrets.db.PORT | base64_decode | default: '1' }}", "5432"),
        Arguments.of("assign with default", "{% assign mode = secrets.db.SSLMODE | default: 'cHJlZmVy' %}"
            + "{{ mode | base64_decode }}", "prefer"),
        Arguments.of("count keys", "{{ secrets.db.size }} {{ secrets.db | size }}", "5 5"),
        Arguments.of("key names as text", "{{ secrets.db }}", "[DATABASE, HOST, PASSWORD, PORT, USER]"),
        Arguments.of("aliases as text", "{{ secrets }}", "[bin, db, odd, text, tmsh]"),
        Arguments.of("for over aliases", "{% for secret in secrets %}{{ secret[0] }}:{{ secret[1].size }} {% endfor %}",
            "bin:1 db:5 odd:6 text:2 tmsh:5 "),
        Arguments.of("contains an alias", "{% if secrets contains 'db' %}db{% endif %}"
            + "{% unless secrets contains 'nope' %} no nope{% endunless %}", "db no nope"),
        Arguments.of("sorted secret", "{% assign sorted = secrets.db | sort %}{{ sorted | size }}", "5"),
        Arguments.of("binary value is no text", "{% assign b = secrets.bin.RAW | base64_decode %}"
            + "{% if 'grüße' contains b %}y{% else %}n{% endif %}", "n"),
        Arguments.of("json shows base64", "{{ secrets.text | json }}",
            "{\"EMPTY\":\"\",\"NOTE\":\"" + base64("grüße ✓ 東京 \uD83D\uDD11") + "\"}"),
        Arguments.of("standard filters", "{{ secrets.db.HOST | base64_decode | split: '.' | first | upcase }}"
            + " {{ 'a,b' | split: ',' | join: '+' }} {{ 3 | times: 4 }} {{ ' x ' | strip }}", "DB a+b 12 x"),
        Arguments.of("whitespace control", "{%- if true -%}\n  yes\n{%- endif -%}", "yes"),
        Arguments.of("break and continue", "{% for i in (1..9) %}{% if i == 2 %}{% continue %}{% endif %}"
            + "{% if i == 4 %}{% break %}{% endif %}{{ i }}{% endfor %}", "13"),
        Arguments.of("cycle and increment", "{% for i in (1..3) %}{% cycle 'a', 'b' %}{% endfor %}"
            + "{% increment n %}{% increment n %}", "aba01"),
        Arguments.of("comment", "a{% comment %}{{ secrets.db.NOPE }}{% endcomment %}b", "ab"),
        Arguments.of("dates in UTC", "{{ 0 | date: '%Y-%m-%d %H:%M %z' }}", "1970-01-01 00:00 +0000"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("projections")
  void render_projection_givesWhatDataOsGives(String name, String template, String expected) {
    assertThat(render(template)).isEqualTo(expected);
  }

  @Test
  void binaryValues_roundTripExactly_throughDecodeAndEncode() {
    byte[] bytes = new byte[256];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    TemplateContext context = new TemplateContext(Map.of("bin", Map.of("KEYSTORE", SecretValue.ofBytes(bytes))));
    String encoded = Base64.getEncoder().encodeToString(bytes);

    Template template = ENGINE.compile("{{ secrets.bin.KEYSTORE }}"
        + "|{{ secrets.bin.KEYSTORE | base64_decode | base64_encode }}"
        + "|{% assign raw = secrets.bin.KEYSTORE | base64_decode %}{{ raw | base64_encode }}", Set.of("bin"));

    assertThat(template.render(context)).isEqualTo(encoded + "|" + encoded + "|" + encoded);
  }

  @Test
  void aDeclaredAlias_needsNoUse_andAConstantNeedsNoContext() {
    Template template = ENGINE.compile("jdbc:trino://host", Set.of("tmsh", "unused"));

    assertThat(template.render(new TemplateContext(Map.of()))).isEqualTo("jdbc:trino://host");
  }

  @Test
  void aCompiledTemplate_rendersOnManyThreadsAtOnce_eachWithItsOwnSecrets() throws Exception {
    Template template = ENGINE.compile("{% for e in secrets.s %}{{ e[0] }}={{ e[1] | base64_decode }};{% endfor %}"
        + "{% assign n = secrets.s.N | base64_decode %}{% capture c %}{{ n }}{% endcapture %}{{ c }}", Set.of("s"));
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> renders = IntStream.range(0, 400).mapToObj(i -> threads.submit(() -> {
        TemplateContext context = new TemplateContext(Map.of("s", Map.of("N", SecretValue.ofString("n" + i),
            "M", SecretValue.ofString("m" + i))));
        return template.render(context).equals("M=m" + i + ";N=n" + i + ";n" + i);
      })).toList();
      for (Future<Boolean> render : renders) {
        assertThat(render.get()).isTrue();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void engine_isTheOneLiquidNames() {
    assertThat(TemplateType.fromManifestName("liquid")).hasValue(TemplateType.LIQUID);
    assertThat(TemplateType.LIQUID.engine()).isSameAs(LiquidTemplateEngine.INSTANCE);
  }
}
