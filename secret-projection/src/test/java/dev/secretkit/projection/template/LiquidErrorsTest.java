package dev.secretkit.projection.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretkit.SecretValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each way a Liquid template fails: where (1-based line and column), what, and what to do. */
class LiquidErrorsTest {
  private static final TemplateEngine ENGINE = TemplateType.LIQUID.engine();
  private static final Set<String> ALIASES = Set.of("tmsh", "db", "ghost", "none", "many");

  private static TemplateContext context() {
    Map<String, SecretValue> many = new TreeMap<>();
    IntStream.rangeClosed(1, 25).forEach(i -> many.put(String.format("K%02d", i), SecretValue.ofString("v")));
    return new TemplateContext(Map.of(
        "tmsh", Map.of("TRINO_HOST", SecretValue.ofString("trino.example.test"),
            "TRINO_PORT", SecretValue.ofString("7432")),
        "db", Map.of("PORT", SecretValue.ofString("5432"), "BIN", SecretValue.ofBytes(new byte[] {(byte) 0xff})),
        "none", Map.of(), "many", many));
  }

  static Stream<Arguments> compileErrors() {
    return Stream.of(
        Arguments.of("output never closed", "ok\n  {{ secrets.tmsh.TRINO_HOST", 2, 3,
            "this output is never closed with }}", "close it with }}"),
        Arguments.of("tag never closed", "{% if true", 1, 1, "this tag is never closed with %}", "close it with %}"),
        Arguments.of("block never closed", "a\n{% for e in secrets.tmsh %}{% if true %}{% endif %}", 2, 1,
            "the {% for %} block that starts here is never closed", "end it with {% endfor %}"),
        Arguments.of("block closed out of turn", "{% if true %}\n  {% for i in (1..2) %}{% endif %}{% endfor %}", 2, 24,
            "{% endif %} is where the {% for %} block at line 2, column 3 must close",
            "close that block first, with {% endfor %}"),
        Arguments.of("end of no block", "x {% endunless %}", 1, 3, "{% endunless %} closes no open block",
            "open the block before it with {% unless %}"),
        Arguments.of("unknown tag", "{% iff true %}{% endif %}", 1, 1, "there is no tag named 'iff'",
            "did you mean 'if'? the tags: 'assign'"),
        Arguments.of("unknown end tag", "{% if true %}{% endiff %}", 1, 14, "there is no tag named 'endiff'",
            "did you mean 'endif'?"),
        Arguments.of("empty tag", "a {% %}", 1, 3, "this tag is empty", "write a tag as {% name arguments %}"),
        Arguments.of("include", "x\n{% include 'secrets.liquid' %}", 2, 1, "the {% include %} tag is refused",
            "write what the other file holds into this template"),
        Arguments.of("include with blanks", "x\n  {%- include 'a' -%}", 2, 3, "the {% include %} tag is refused", ""),
        Arguments.of("render", "{% render 'secrets' %}", 1, 1, "the {% render %} tag is refused", ""),
        Arguments.of("include_relative", " {% include_relative a.liquid %}", 1, 2,
            "the {% include_relative %} tag is refused", ""),
        Arguments.of("unknown filter", "{{ secrets.tmsh.TRINO_HOST | base64_decod }}", 1, 30,
            "there is no filter named 'base64_decod'", "did you mean 'base64_decode'?"),
        Arguments.of("undeclared alias, dot", "{{ secrets.tmsx.TRINO_HOST | base64_decode }}", 1, 12,
            "the template names the alias 'tmsx', which the projection does not declare",
            "did you mean 'tmsh'? the declared aliases (contextAlias of the projection's secrets): 'db', 'ghost',"
                + " 'many', 'none', 'tmsh'"),
        Arguments.of("undeclared alias, brackets", "{% if true %}\n{{ secrets['trino'].TRINO_HOST }}{% endif %}", 2, 12,
            "the template names the alias 'trino'", "'db', 'ghost', 'many', 'none', 'tmsh'"),
        Arguments.of("undeclared alias in a tag", "{% for e in secrets.nope %}{% endfor %}", 1, 21,
            "the template names the alias 'nope'", ""),
        Arguments.of("break outside a loop", "{% if true %}{% break %}{% endif %}", 1, 14,
            "{% break %} is outside any for loop", "use it inside {% for %}...{% endfor %}"),
        Arguments.of("continue outside a loop", "{% continue %}", 1, 1, "{% continue %} is outside any for loop", ""),
        Arguments.of("output syntax", "a\n{{ secrets.tmsh.TRINO_HOST | }}", 2, 1,
            "the output '{{ secrets.tmsh.TRINO_HOST | }}' does not parse", "write {{ value | filter: argument }}"),
        Arguments.of("key that needs brackets", "{{ secrets.tmsh.my-key }}", 1, 1,
            "the output '{{ secrets.tmsh.my-key }}' does not parse", "secrets['alias']['key']"),
        Arguments.of("tag syntax", "{% if 1 == %}x{% endif %}", 1, 9, "the tag '{% if 1 == %}' does not parse at '=='",
            "write {% name arguments %}"),
        Arguments.of("long tag quoted short", "{% assign = '" + "x".repeat(100) + "' %}", 1, 11,
            "the tag '{% assign = '" + "x".repeat(47) + "...' does not parse at '='", ""),
        Arguments.of("blocks too deep", "{% if true %}".repeat(65) + "{% endif %}".repeat(65), 1, 1 + 64 * 13,
            "blocks nest more than 64 deep here", ""),
        Arguments.of("and / or too long", "{% if " + "true and ".repeat(65) + "true %}{% endif %}", 1, 1,
            "this tag nests more than 64 deep: its levels of parentheses and brackets and its and / or add up to 65",
            "split it up with {% assign %}"),
        Arguments.of("brackets too deep", "x{{ secrets" + "[secrets".repeat(65) + "]".repeat(65) + " }}", 1, 2,
            "this output nests more than 64 deep: its levels of parentheses and brackets and its and / or add up"
                + " to 65", ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("compileErrors")
  void compile_badTemplate_failsAtItsPlace_sayingWhatAndWhatToDo(String name, String template, int line, int column,
      String message, String hint) {
    TemplateException thrown = catchThrowableOfType(TemplateException.class, () -> ENGINE.compile(template, ALIASES));

    assertThat(thrown).as("compiling %s", name).isNotNull();
    assertThat(thrown.getMessage()).startsWith(message);
    assertThat(thrown.hint()).contains(hint);
    assertThat(new int[] {thrown.line(), thrown.column()}).containsExactly(line, column);
  }

  static Stream<Arguments> renderErrors() {
    return Stream.of(
        Arguments.of("unknown key", "A\n {{ secrets.tmsh.TRINO_HOTS | base64_decode }}", 2, 5,
            "the secret of alias 'tmsh' has no key 'TRINO_HOTS'",
            "did you mean 'TRINO_HOST'? its keys: 'TRINO_HOST', 'TRINO_PORT'"),
        Arguments.of("unknown key in brackets", "{{ secrets['tmsh']['trino_host'] }}", 1, 4,
            "the secret of alias 'tmsh' has no key 'trino_host'", "did you mean 'TRINO_HOST'?"),
        Arguments.of("unknown key in a tag", "{% if secrets.db.HOST %}x{% endif %}", 1, 7,
            "the secret of alias 'db' has no key 'HOST'", "its keys: 'BIN', 'PORT'"),
        Arguments.of("unknown key in a filter argument", "{{ 'x' | append: secrets.db.HOST }}", 1, 18,
            "the secret of alias 'db' has no key 'HOST'", ""),
        Arguments.of("computed key", "{% assign k = 'HO' | append: 'ST' %}{{ secrets.db[k] }}", 1, 40,
            "the key this asks the secret of alias 'db' for is not one of its keys", "its keys: 'BIN', 'PORT'"),
        Arguments.of("declared alias the context lacks", "{{ secrets.ghost.KEY }}", 1, 4,
            "the context holds no secret for the alias 'ghost'", "the aliases it holds: 'db', 'many', 'none', 'tmsh'"),
        Arguments.of("computed alias", "{% assign a = 'gh' | append: 'ost' %}{{ secrets[a].KEY }}", 1, 41,
            "the alias this asks for is not one the context holds",
            "the aliases it holds: 'db', 'many', 'none', 'tmsh'"),
        Arguments.of("key asked for by a filter", "{{ secrets.tmsh | map: 'PORT' }}", 1, 19,
            "the key this asks the secret of alias 'tmsh' for is not one of its keys", ""),
        Arguments.of("variable not defined", "{{ secret.tmsh.TRINO_HOST }}", 1, 4,
            "'secret.tmsh.TRINO_HOST' is not defined", "did you mean 'secrets'?"),
        Arguments.of("variable not defined in a loop", "{% for i in (1..2) %}\n{{ j }}{% endfor %}", 2, 4,
            "'j' is not defined", "give it a default: {{ x | default: '' }}"),
        Arguments.of("decode twice", "{{ secrets.tmsh.TRINO_HOST | base64_decode | base64_decode }}", 1, 46,
            "base64_decode gets text that is not base64", "decode it once"),
        Arguments.of("decode with an argument", "{{ secrets.tmsh.TRINO_HOST | base64_decode: 1 }}", 1, 30,
            "the filter 'base64_decode' takes no arguments", "write {{ value | base64_decode }}"),
        Arguments.of("encode with an argument", "{{ 'a' | base64_encode: 1, 2 }}", 1, 10,
            "the filter 'base64_encode' takes no arguments", ""),
        Arguments.of("binary output", "x\n{{ secrets.db.BIN | base64_decode }}", 2, 1,
            "a value base64_decode made is output, but its bytes are not UTF-8 text",
            "leave out | base64_decode to keep the value base64-encoded"),
        Arguments.of("binary to a filter", "{{ secrets.db.BIN | base64_decode | upcase }}", 1, 37,
            "a value base64_decode made goes to the filter 'upcase', but its bytes are not UTF-8 text", ""),
        Arguments.of("binary as an argument", "{% assign b = secrets.db.BIN | base64_decode %}{{ 'a' | append: b }}",
            1, 57, "a value base64_decode made goes to the filter 'append'", ""),
        Arguments.of("filter with too few arguments", "{{ secrets.db.PORT | append }}", 1, 22,
            "the filter 'append' needs more arguments than the 0 it gets", "write | append: argument"),
        Arguments.of("filter with wrong argument count", "{{ 4 | divided_by: 2, 3 }}", 1, 8,
            "the filter 'divided_by' gets 2 arguments; it takes 1",
            "the filter is described at https://shopify.github.io/liquid/filters/divided_by/"),
        Arguments.of("filter that fails", "{{ secrets.db.PORT | base64_decode | divided_by: 0 }}", 1, 38,
            "the filter 'divided_by' cannot work on what it gets here (ArithmeticException)",
            "https://shopify.github.io/liquid/filters/divided_by/"),
        Arguments.of("a secret without keys", "{{ secrets.none.KEY }}", 1, 4,
            "the secret of alias 'none' has no key 'KEY'", "its keys: none"),
        Arguments.of("a secret with many keys", "{{ secrets.many.K26 }}", 1, 4,
            "the secret of alias 'many' has no key 'K26'",
            "did you mean 'K06'? its keys: 'K01', 'K02', 'K03', 'K04', 'K05', 'K06', 'K07', 'K08', 'K09', 'K10',"
                + " 'K11', 'K12', 'K13', 'K14', 'K15', 'K16', 'K17', 'K18', 'K19', 'K20' and 5 more"),
        Arguments.of("filter with an argument count out of its range", "{{ secrets.db | where: 'a', 'b', 'c' }}", 1, 17,
            "the filter 'where' gets 3 arguments; it takes 1 to 2", ""),
        Arguments.of("a tag that fails", "x\n {% for i in (1..secrets.db.PORT) %}{% endfor %}", 2, 2,
            "the template fails here (NumberFormatException)", "check the types of the values this tag or output uses"),
        Arguments.of("comparison of types", "{% if secrets.db.PORT > 5 %}x{% endif %}", 1, 1,
            "a comparison here compares values of different types", "| plus: 0 makes a number of text"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderErrors")
  void render_failure_isAtItsPlace_sayingWhatAndWhatToDo(String name, String template, int line, int column,
      String message, String hint) {
    Template compiled = ENGINE.compile(template, ALIASES);

    TemplateException thrown = catchThrowableOfType(TemplateException.class, () -> compiled.render(context()));

    assertThat(thrown).as("rendering %s", name).isNotNull();
    assertThat(thrown.getMessage()).startsWith(message);
    assertThat(thrown.hint()).contains(hint);
    assertThat(new int[] {thrown.line(), thrown.column()}).containsExactly(line, column);
  }

  @Test
  void include_neverReadsTheFile_evenWhenItExists(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("snippets"));
    Files.writeString(dir.resolve("snippets/other.liquid"), "from the file");

    assertThatThrownBy(() -> ENGINE.compile("{% include 'other' %}", Set.of()))
        .isInstanceOf(TemplateException.class).hasMessageContaining("refused");
    assertThatThrownBy(() -> ENGINE.compile("{% include '" + dir.resolve("snippets/other.liquid") + "' %}", Set.of()))
        .isInstanceOf(TemplateException.class).hasMessageContaining("refused");
  }

  @Test
  void default_toleratesOnlyTheVariableItFilters_notOthersInTheSameOutput() {
    Template template = ENGINE.compile("{{ secrets.db.NOPE | default: secrets.db.ALSO_NOPE }}", ALIASES);

    assertThatThrownBy(() -> template.render(context())).isInstanceOf(TemplateException.class)
        .hasMessage("the secret of alias 'db' has no key 'ALSO_NOPE'");
  }

  @Test
  void compile_nullText_isMisuse() {
    assertThatThrownBy(() -> ENGINE.compile(null, ALIASES)).isInstanceOf(NullPointerException.class);
  }
}
