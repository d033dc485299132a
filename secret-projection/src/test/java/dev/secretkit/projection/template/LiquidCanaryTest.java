package dev.secretkit.projection.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretkit.SecretValue;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A planted value never shows in what a Liquid template's failures say, in any form the template
 * can make of it (as text, base64 or hex), and a compiled template holds none of it after rendering.
 */
class LiquidCanaryTest {
  private static final Set<String> ALIASES = Set.of("a", "b");
  private static final String VALUE = "{% assign v = secrets.a.K | base64_decode %}";

  /** Plants the value in every form a template could make of it, and returns the context holding it. */
  private static TemplateContext plant(Canaries canaries) {
    String value = canaries.plant();
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    canaries.plant(Base64.getEncoder().encodeToString(bytes));
    canaries.plant(HexFormat.of().formatHex(bytes));
    canaries.plant(HexFormat.of().formatHex(bytes).toUpperCase(Locale.ROOT));
    byte[] binary = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, binary, 0, bytes.length);
    binary[bytes.length] = (byte) 0xff;
    canaries.plant(Base64.getEncoder().encodeToString(binary));
    return new TemplateContext(Map.of("a", Map.of("K", SecretValue.ofString(value), "B", SecretValue.ofBytes(binary)),
        "b", Map.of("K", SecretValue.ofString(value))));
  }

  /** Templates that fail while rendering, each with the value at hand, and how each failure starts. */
  private static final Map<String, String> FAILING_RENDERS = Map.ofEntries(
      Map.entry("{{ secrets.a.K | base64_decode | base64_decode }}", "base64_decode gets text that is not base64"),
      Map.entry(VALUE + "{{ secrets.a[v] }}", "the key this asks the secret of alias 'a' for is not one"),
      Map.entry(VALUE + "{{ secrets[v].K }}", "the alias this asks for is not one the context holds"),
      Map.entry(VALUE + "{{ [v] }}", "'[v]' is not defined"),
      Map.entry(VALUE + "{{ v.nope }}", "'v.nope' is not defined"),
      Map.entry("{{ secrets.a.NOPE }}", "the secret of alias 'a' has no key 'NOPE'"),
      Map.entry(VALUE + "{% if v > 5 %}x{% endif %}", "a comparison here compares values of different types"),
      Map.entry("{% if secrets.a.K < 5 %}x{% endif %}", "a comparison here compares values of different types"),
      Map.entry(VALUE + "{{ v | divided_by: 0 }}", "the filter 'divided_by' cannot work on what it gets here"),
      Map.entry(VALUE + "{{ 'x' | truncate: v }}", "the filter 'truncate' cannot work on what it gets here"),
      Map.entry(VALUE + "{{ v | slice: v }}", "the filter 'slice' cannot work on what it gets here"),
      Map.entry(VALUE + "{{ v | append }}", "the filter 'append' needs more arguments than the 0 it gets"),
      Map.entry(VALUE + "{{ v | divided_by: v, v }}", "the filter 'divided_by' gets 2 arguments; it takes 1"),
      Map.entry(VALUE + "{{ v | base64_decode: v }}", "the filter 'base64_decode' takes no arguments"),
      Map.entry(VALUE + "{{ secrets.a | map: v }}", "the key this asks the secret of alias 'a' for is not one"),
      Map.entry("{{ secrets.a.B | base64_decode }}", "a value base64_decode made is output"),
      Map.entry("{{ secrets.a.B | base64_decode | upcase }}", "a value base64_decode made goes to the filter 'upcase'"),
      Map.entry("{% assign x = secrets.a.B | base64_decode %}{{ 'x' | append: x }}",
          "a value base64_decode made goes to the filter 'append'"),
      Map.entry(VALUE + "{% for i in (1..20000) %}{% assign w = v %}{% endfor %}",
          "the template's loops (for, tablerow) run more than"),
      Map.entry(VALUE + "{% for i in (1..200) %}{{ v }}{% endfor %}", "the template makes text (or a list) longer"),
      Map.entry(VALUE + "{% for i in (1..1000) %}{% capture c %}{{ v }}{{ v }}{% endcapture %}{% endfor %}",
          "the template produces more than 65536 characters in all"));

  /** Templates that fail to compile: they cannot hold a value, but are checked all the same. */
  private static final List<String> FAILING_COMPILES = List.of("{{ secrets.a.K", "{% if true %}", "{% endif %}",
      "{% nope %}", "{% %}", "{% include 'x' %}", "{% render 'x' %}", "{{ secrets.a.K | nope }}",
      "{{ secrets.c.K }}", "{% break %}", "{{ secrets.a.K | }}", "{% if 1 == %}{% endif %}");

  @Test
  void everyFailure_saysNothingOfTheValue() {
    Canaries canaries = new Canaries();
    TemplateContext context = plant(canaries);
    LiquidTemplateEngine small = new LiquidTemplateEngine(new LiquidLimits(65_536, 4096, 65_536, 10_000,
        1_000_000_000L, System::nanoTime));
    List<TemplateException> failures = new ArrayList<>();

    FAILING_RENDERS.forEach((template, message) -> {
      Template compiled = small.compile(template, ALIASES);
      TemplateException failure = catchThrowableOfType(TemplateException.class, () -> compiled.render(context));
      assertThat(failure).as(template).isNotNull();
      assertThat(failure.getMessage()).as(template).startsWith(message);
      failures.add(failure);
    });
    for (String template : FAILING_COMPILES) {
      failures.add(catchThrowableOfType(TemplateException.class, () -> small.compile(template, ALIASES)));
    }
    AtomicLong now = new AtomicLong();
    Template slow = new LiquidTemplateEngine(new LiquidLimits(65_536, 4096, 65_536, 10_000, 1_000_000L,
        () -> now.addAndGet(100_000L))).compile(VALUE + "{% for i in (1..100) %}{{ v }}{% endfor %}", ALIASES);
    failures.add(catchThrowableOfType(TemplateException.class, () -> slow.render(context)));

    assertThat(failures).doesNotContainNull().hasSize(FAILING_RENDERS.size() + FAILING_COMPILES.size() + 1);
    for (TemplateException failure : failures) {
      canaries.assertAbsent("a template failure", failure);
      canaries.assertAbsent("its hint", failure.hint());
    }
  }

  @Test
  void aCompiledTemplate_holdsNoValue_afterRendering() throws Exception {
    Canaries canaries = new Canaries();
    TemplateContext context = plant(canaries);
    Template template = TemplateType.LIQUID.engine().compile(VALUE + "{% capture c %}{{ v }}{% endcapture %}"
        + "{% for i in (1..2) %}{% ifchanged %}{{ v }}{% endifchanged %}{% cycle v, 'x' %}{% endfor %}"
        + "{% increment v %}{{ secrets.a | json }}{{ secrets.a.B | base64_decode | base64_encode }}", ALIASES);

    String rendered = template.render(context);

    assertThat(rendered).contains(secretOf(context));
    List<String> found = new ArrayList<>();
    reachableText(template, found);
    for (String text : found) {
      canaries.assertAbsent("what the compiled template holds", text);
    }
    canaries.assertAbsent("the template's toString", template.toString());
  }

  @Test
  void theSearch_findsAValue_whereOneIsHeld_asInLiqpsOwnTemplateAfterItRenders() throws Exception {
    Canaries canaries = new Canaries();
    TemplateContext context = plant(canaries);
    liqp.Template liqps = new liqp.TemplateParser.Builder().build().parse("{{ x }}");
    liqps.render(Map.of("x", secretOf(context)));
    List<String> inContext = new ArrayList<>();
    List<String> inLiqps = new ArrayList<>();

    reachableText(context, inContext);
    reachableText(liqps, inLiqps);

    assertThat(inContext).anyMatch(text -> text.contains(secretOf(context)));
    assertThat(inLiqps).anyMatch(text -> text.contains(secretOf(context)));
  }

  private static String secretOf(TemplateContext context) {
    return context.value("a", "K").orElseThrow().asString();
  }

  /**
   * Adds every text reachable from {@code root}: through the fields of classes outside the JDK, and
   * the items of arrays and of the JDK's collections and maps.
   */
  private static void reachableText(Object root, List<String> found) throws IllegalAccessException {
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Object> next = new ArrayDeque<>();
    next.push(root);
    while (!next.isEmpty()) {
      Object object = next.pop();
      if (!seen.add(object)) {
        continue;
      }
      if (object instanceof CharSequence text) {
        found.add(text.toString());
      } else if (object instanceof char[] chars) {
        found.add(new String(chars));
      } else if (object instanceof byte[] bytes) {
        found.add(new String(bytes, StandardCharsets.ISO_8859_1));
      } else if (object instanceof int[] numbers) {
        StringBuilder codePoints = new StringBuilder();
        for (int number : numbers) {
          codePoints.appendCodePoint(Character.isValidCodePoint(number) ? number : '?');
        }
        found.add(codePoints.toString());
      } else if (object instanceof Object[] items) {
        addAll(next, Arrays.asList(items));
      } else if (object instanceof Collection<?> items && jdk(object.getClass())) {
        addAll(next, new ArrayList<>(items));
      } else if (object instanceof Map<?, ?> entries && jdk(object.getClass())) {
        addAll(next, new ArrayList<>(entries.keySet()));
        addAll(next, new ArrayList<>(entries.values()));
      } else {
        for (Class<?> type = object.getClass(); type != null && !jdk(type); type = type.getSuperclass()) {
          for (Field field : type.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive()
                && field.trySetAccessible()) {
              addAll(next, Collections.singletonList(field.get(object)));
            }
          }
        }
      }
    }
  }

  private static void addAll(Deque<Object> next, List<?> items) {
    for (Object item : items) {
      if (item != null) {
        next.push(item);
      }
    }
  }

  private static boolean jdk(Class<?> type) {
    String name = type.getName();
    return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.");
  }
}
