package dev.secretkit.projection.template;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any text compiled by the liquid engine and rendered against a small fixed context gives output within the
 * engine's output limit or a {@link TemplateException} at a line and column: never another exception (liqp's own
 * included), a hang or running out of memory (the fuzz execution's 2 s per input and heap bound, FUZZING.md),
 * whatever the template asks for.
 */
class LiquidTemplateFuzzTest {

  @FuzzTest
  void compileAndRender_anyText(byte[] input) {
    TemplateFuzzing.compileAndRender(TemplateType.LIQUID.engine(), input, LiquidLimits.DEFAULT.outputChars());
  }
}
