package dev.secretkit.projection.template;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any text compiled by the go-template engine and rendered against a small fixed context gives output within the
 * engine's output limit or a {@link TemplateException} at a line and column: never another exception, a hang or
 * running out of memory (the fuzz execution's 2 s per input and heap bound, FUZZING.md), whatever the template asks
 * for.
 */
class GoTemplateFuzzTest {

  @FuzzTest
  void compileAndRender_anyText(byte[] input) {
    TemplateFuzzing.compileAndRender(TemplateType.GO_TEMPLATE.engine(), input, GoTemplateEngine.MAX_OUTPUT_CHARS);
  }
}
