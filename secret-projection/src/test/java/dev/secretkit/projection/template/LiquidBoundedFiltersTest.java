package dev.secretkit.projection.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretkit.SecretValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import liqp.TemplateParser;
import liqp.filters.Filter;
import liqp.parser.Flavor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The filters made here instead of by liqp do what liqp's do, but fail before they build text past the limit, find
 * text in linear time and keep to the deadline; lists and numbers count as the text they hold.
 */
@Timeout(value = 5, unit = TimeUnit.SECONDS)
class LiquidBoundedFiltersTest {
  private static final TemplateContext CONTEXT =
      new TemplateContext(Map.of("s", Map.of("K", SecretValue.ofString("fake-value"))));
  private static final String TOO_LONG = "the template makes text (or a list) longer than 99 characters (or items)";
  /** Assigns s a text of 1 MiB, and h one of half that and a 'y': a text h almost matches everywhere. */
  private static final String LONG_TEXTS = "{% assign s = 'xxxxxxxxxxxxxxxx' %}{% for i in (1..16) %}"
      + "{% assign s = s | append: s %}{% endfor %}{% assign h = s | slice: 0, 524288 | append: 'y' %}";

  private static LiquidTemplateEngine engine(int outputChars) {
    return new LiquidTemplateEngine(new LiquidLimits(65_536, outputChars, 16 * 1024 * 1024, 10_000, 1_000_000_000L,
        System::nanoTime));
  }

  private static String render(TemplateEngine engine, String template) {
    return engine.compile(template, Set.of("s")).render(CONTEXT);
  }

  private static TemplateException failure(TemplateEngine engine, String template) {
    Template compiled = engine.compile(template, Set.of("s"));
    TemplateException thrown = catchThrowableOfType(TemplateException.class, () -> compiled.render(CONTEXT));
    assertThat(thrown).as("a TemplateException from %s", template).isNotNull();
    return thrown;
  }

  @Test
  void eachFilter_returnsWhatLiqpsReturns() {
    TemplateParser parser = new TemplateParser.Builder().withFlavor(Flavor.LIQUID).build();
    liqp.TemplateContext context = new liqp.TemplateContext(parser, Map.of());
    new LiquidBudget(LiquidLimits.DEFAULT).install(context);
    List<Object> values = Arrays.asList("", "abc", "a.b.c.", ".a..b", "aaaa", "ä😀x😀", 42L, 1.5, null,
        new Object[] {"a", "b"}, "<p>a<b>c</b></p><script>x</script><!-- y -->z<style>s</style>");
    List<Object> arguments = Arrays.asList("", "a", ".", "aa", "😀", "x", 2L, "<b>");
    List<Object[]> paramLists = new ArrayList<>();
    paramLists.add(new Object[0]);
    for (Object first : arguments) {
      paramLists.add(new Object[] {first});
      for (Object second : arguments) {
        paramLists.add(new Object[] {first, second});
      }
    }
    int compared = 0;
    for (Filter ours : LiquidBoundedFilters.all()) {
      Filter theirs = Flavor.LIQUID.getFilters().getMap().get(ours.name);
      for (Object value : values) {
        for (Object[] params : paramLists) {
          Object expected;
          try {
            expected = theirs.apply(value, context, params);
          } catch (RuntimeException failed) {
            continue;
          }
          assertThat(describe(ours.apply(value, context, params)))
              .as("%s of %s with %s", ours.name, describe(value), Arrays.toString(params))
              .isEqualTo(describe(expected));
          compared++;
        }
      }
    }
    assertThat(compared).isGreaterThan(3000);
  }

  private static String describe(Object value) {
    return value instanceof Object[] items ? Arrays.toString(items) : String.valueOf(value);
  }

  @Test
  void textFilters_failBeforeBuildingTextPastTheLimit_atTheFilter_andReachItExactly() {
    LiquidTemplateEngine small = engine(99);
    String ten = "{% assign t = 'abcdefghij' %}";
    String fifty = "{% assign f = 'abcdefghij' | append: 'abcdefghij' | append: 'abcdefghij' | append: 'abcdefghij'"
        + " | append: 'abcdefghij' %}{% assign g = f | append: 'x' %}";
    String texts = ten + fifty;

    assertThat(render(small, texts + "{{ t | replace: '', 'abcdefgh' }}")).hasSize(98);
    assertThat(render(small, texts + "{{ f | append: 'abcdefghijabcdefghijabcdefghijabcdefghijabcdefghi' }}"))
        .hasSize(99);
    assertThat(render(small, texts + "{{ f | replace: 'a', 'abcdefghij' }}")).hasSize(95);
    assertThat(render(small, texts + "{{ f | replace_first: 'a', f }}")).hasSize(99);
    for (String grows : List.of("{{ t | replace: '', 'abcdefghi' }}", "{{ f | append: g }}", "{{ f | prepend: g }}",
        "{{ f | replace: 'a', 'abcdefghijk' }}", "{{ f | replace_first: 'a', g }}")) {
      TemplateException thrown = failure(small, texts + grows);
      assertThat(thrown).as(grows).hasMessage(TOO_LONG);
      assertThat(thrown.column()).as(grows).isEqualTo(texts.length() + grows.indexOf(" | ") + 4);
    }
  }

  @Test
  void replace_ofTheEmptyTextByAHuge_failsAtOnce_notAfterAskingForGigabytes() {
    TemplateException thrown = failure(TemplateType.LIQUID.engine(), LONG_TEXTS + "{{ s | replace: '', s }}");

    assertThat(thrown).hasMessage("the template makes text (or a list) longer than 1048576 characters (or items)");
  }

  @Test
  void searchingFilters_andContains_findALongTextThatAlmostMatchesEverywhere_inLinearTime() {
    TemplateEngine liquid = TemplateType.LIQUID.engine();

    assertThat(render(liquid, LONG_TEXTS + "{{ s | remove: h | size }} {{ s | remove_first: h | size }}"
        + " {{ s | replace: h, 'z' | size }} {% if s contains h %}found{% else %}none{% endif %}"))
        .isEqualTo("1048576 1048576 1048576 none");
    assertThat(render(liquid, "{% assign a = 'x,y' | split: ',' %}{% if a contains 'y' %}A{% endif %}"
        + "{% if secrets.s contains 'K' %}B{% endif %}{% if 'abc' contains 'bc' %}C{% endif %}"
        + "{% if 'abc' contains 'cb' %}D{% endif %}{% if 42 contains '4' %}E{% endif %}")).isEqualTo("ABC");
  }

  @Test
  void regularExpressions_keepToTheDeadline_whileTheyReadAText() {
    AtomicLong now = new AtomicLong();
    LiquidTemplateEngine slowClock = new LiquidTemplateEngine(new LiquidLimits(65_536, 1024 * 1024,
        16 * 1024 * 1024, 10_000, 200_000_000L, () -> now.addAndGet(1_000_000L)));
    String build = "{% assign t = '<<<<<<<<<<<<<<<<' %}{% for i in (1..9) %}{% assign t = t | append: t %}{% endfor %}";

    for (String slow : List.of("{{ t | strip_html }}", "{{ t | split: u }}")) {
      String template = build + "{% assign u = t | slice: 0, 4096 | append: 'y' %}" + slow;
      TemplateException thrown = failure(slowClock, template);
      assertThat(thrown).as(slow).hasMessage("rendering takes longer than 200 ms");
      assertThat(thrown.column()).as(slow).isEqualTo(template.lastIndexOf(" | ") + 4);
    }
  }

  @Test
  void aList_countsItsItemsAndTheirText_soNoListHoldsMoreTextThanOneText() {
    String template = "{% assign a = 'abcdefghij' | split: ',' %}{% for i in (1..4) %}{% assign a = a | concat: a %}"
        + "{% endfor %}";

    TemplateException thrown = failure(engine(99), template);
    assertThat(thrown).hasMessage(TOO_LONG);
    assertThat(render(engine(99), template.replace("(1..4)", "(1..3)") + "{{ a | size }}")).isEqualTo("8");
  }

  @Test
  void numbers_haveAtMostAThousandCharacters_andRoundAtMostAThousandDecimals() {
    String squares = "{% assign x = 0.1 %}{% for i in (1..30) %}{% assign x = x | times: x %}{% endfor %}";
    TemplateEngine liquid = TemplateType.LIQUID.engine();

    TemplateException thrown = failure(liquid, squares);
    assertThat(thrown).hasMessage("the filter 'times' makes a number longer than 1000 characters");
    assertThat(thrown.hint()).isEqualTo("a projection's numbers are small; round them, such as | round: 2");
    assertThat(thrown.column()).isEqualTo(squares.indexOf("times") + 1);
    assertThat(render(liquid, squares.replace("(1..30)", "(1..8)") + "{{ x | append: '' | size }}")).isEqualTo("258");
    assertThat(failure(liquid, "{{ 1.5 | round: 1000000000000 }}"))
        .hasMessage("the filter 'round' asks for more than 1000 decimals");
    assertThat(render(liquid, "{{ 1.23456 | round: 3 }} {{ 2.5 | round }} {{ 1.5 | round: 'x' }}"))
        .isEqualTo("1.235 3 2");
  }

  @Test
  void replaceOfNil_failsSayingSo() {
    TemplateException thrown = failure(TemplateType.LIQUID.engine(), "{{ 'abc' | replace: nil, 'x' }}");

    assertThat(thrown).hasMessage("the filter 'replace' gets nil where it needs a text");
    assertThat(thrown.hint()).isEqualTo("give it texts, such as | replace: 'old', 'new'");
    assertThat(failure(TemplateType.LIQUID.engine(), "{{ 'abc' | remove: 'b', nil | remove_first: nil }}"))
        .hasMessage("the filter 'remove_first' gets nil where it needs a text");
    assertThat(failure(TemplateType.LIQUID.engine(), "{{ 'abc' | replace_first: 'b', nil }}").hint())
        .isEqualTo("give it texts, such as | replace_first: 'old', 'new'");
  }
}
