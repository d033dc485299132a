package dev.secretkit.leakcheck;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Found by the acceptance audit of issue 16 (issue 16 point 3, "the scanner also finds canaries ... JSON-escaped"), now fixed. Forms writes the ASCII-only JSON form
 * of a value with lower-case hex ({@code \u00e9}), but Jackson, the JSON library SecretKit itself uses, escapes
 * non-ASCII characters with upper-case hex ({@code \u00E9}), as do many other encoders; JSON allows either. A chosen
 * value (found only whole) with a non-ASCII character, written by Jackson with ESCAPE_NON_ASCII, is therefore not a
 * form the scanner looks for, and its leak passes. Expected: both hex cases are forms, as they are for plain hex.
 */
class JsonEscapeCaseTest {
  @Test
  void asciiOnlyEscapingWithUpperCaseHex_asJacksonWritesIt_isAForm() {
    String value = "p\u00e4ssw\u00f6rt-fake";

    // What Jackson's JsonGenerator writes for value with JsonWriteFeature.ESCAPE_NON_ASCII on, quotes left out.
    assertThat(Forms.of(value)).extracting(Form::text).contains("p\\u00E4ssw\\u00F6rt-fake");
  }
}
