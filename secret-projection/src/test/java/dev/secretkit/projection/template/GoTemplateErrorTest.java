package dev.secretkit.projection.template;

import static dev.secretkit.projection.template.GoTemplates.compile;
import static dev.secretkit.projection.template.GoTemplates.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where and how go-templates fail: at compile time for what the text alone shows, at render time
 * for what the values show; always at the line and column of the fault, with a hint.
 */
class GoTemplateErrorTest {

  static Stream<Arguments> compileErrors() {
    return Stream.of(
        row("{{ .secrets.nope.x }}", ".nope", "no secret has the alias \"nope\"; the aliases are: db, kafka, none"),
        row("{{ $.secrets.nope }}", ".nope", "no secret has the alias \"nope\""),
        row("{{ index .secrets \"nope\" }}", "\"nope\"", "no secret has the alias \"nope\""),
        row("{{ index . \"secrets\" \"nope\" \"x\" }}", "\"nope\"", "no secret has the alias \"nope\""),
        row("{{ if true }}{{ .secrets.nope }}{{ end }}", ".nope", "no secret has the alias \"nope\""),
        row("{{ with .secrets.db }}{{ else }}{{ .secrets.nope }}{{ end }}", ".nope", "the alias \"nope\""),
        row("{{ range .secrets.db }}{{ $.secrets.nope }}{{ end }}", ".nope", "the alias \"nope\""),
        row("{{ .Secrets.db }}", ".Secrets", "the data has no field \"Secrets\"; it holds only .secrets"),
        row("{{ index $ \"values\" }}", "\"values\"", "the data has no field \"values\""),
        row("{{ if true }}never closed", "if", "{{if}} is never closed by {{end}}"),
        row("{{ range .secrets.db }}x", "range", "{{range}} is never closed by {{end}}"),
        row("{{ with 1 }}{{ else }}x", "with", "{{with}} is never closed by {{end}}"),
        row("a{{ end }}", "end", "{{end}} without {{if}}, {{with}} or {{range}} to close"),
        row("{{ else }}", "else", "{{else}} without"),
        row("{{ if 1 }}{{ else }}{{ else }}{{ end }}", "else }}{{ end", "a second {{else}} in one {{if}}"),
        row("{{ if 1 }}{{ else with 2 }}{{ end }}", "with 2", "{{else with}} cannot continue {{if}}"),
        row("{{ with 1 }}{{ else if 2 }}{{ end }}", "if 2", "{{else if}} cannot continue {{with}}"),
        row("{{ range .secrets.db }}{{ else if 1 }}{{ end }}", "if 1", "{{else if}} cannot continue {{range}}"),
        row("{{ if 1 }}{{ else 2 }}{{ end }}", "2", "unexpected \"2\" in else"),
        row("{{ end 1 }}", "1", "unexpected \"1\" in end"),
        row("{{ define \"x\" }}{{ end }}", "define", "{{define}} is not in SecretKit's go-template subset"),
        row("{{ template \"x\" }}", "template", "{{template}} is not in SecretKit's go-template subset"),
        row("{{ block \"x\" . }}{{ end }}", "block", "{{block}} is not in SecretKit's go-template subset"),
        row("{{ range .secrets.db }}{{ break }}{{ end }}", "break", "{{break}} is not in"),
        row("{{ range .secrets.db }}{{ continue }}{{ end }}", "continue", "{{continue}} is not in"),
        row("{{ call .secrets.db.x }}", "call", "the Go builtin call is not in SecretKit's go-template subset"),
        row("{{ html \"x\" }}", "html", "the Go builtin html is not in"),
        row("{{ js \"x\" }}", "js", "the Go builtin js is not in"),
        row("{{ slice \"abc\" 1 }}", "slice", "the Go builtin slice is not in"),
        row("{{ uper \"x\" }}", "uper", "function \"uper\" is not defined"),
        row("{{ .secrets.db.username \"x\" }}", ".secrets", "only a function takes arguments"),
        row("{{ \"x\" | .secrets.db.username }}", ".secrets", "only a function takes arguments"),
        row("{{ \"x\" | $ }}", "$", "only a function takes arguments"),
        row("{{ nil }}", "nil", "nil is not a command"),
        row("{{ \"a\" | \"b\" }}", "\"b\"", "non-executable command in pipeline stage 2"),
        row("{{ \"a\" | upper | nil }}", "nil", "non-executable command in pipeline stage 3"),
        row("{{ }}", "}}", "missing value for command"),
        row("{{ if }}{{ end }}", "}}", "missing value for if"),
        row("{{ () }}", ")", "missing value for parenthesized pipeline"),
        row("{{ \"x\" | }}", "}}", "missing command after |"),
        row("{{ (\"x\" |) }}", ")", "missing command after |"),
        row("{{ $x }}", "$x", "undefined variable $x"),
        row("{{ if true }}{{ $x := 1 }}{{ end }}{{ $x }}", "$x }}", "undefined variable $x"),
        row("{{ if $v := 1 }}{{ end }}{{ $v }}", "$v }}", "undefined variable $v"),
        row("{{ $y = 1 }}", "$y", "undefined variable $y"),
        row("{{ $ := 1 }}", "$", "$ cannot be declared or assigned"),
        row("{{ $x, $y := 1 }}", ",", "too many declarations in command"),
        row("{{ range $a, 1 }}{{ end }}", "1", "range can only initialize variables"),
        row("{{ range $a, $b }}{{ end }}", "$b", "range can only initialize variables"),
        row("{{ upper }}", "upper", "wrong number of arguments for upper: got 0"),
        row("{{ \"a\" | upper \"b\" }}", "upper", "wrong number of arguments for upper: got 2"),
        row("{{ default \"x\" }}", "default", "wrong number of arguments for default: got 1"),
        row("{{ eq 1 }}", "eq", "wrong number of arguments for eq: got 1"),
        row("{{ print upper }}", "upper", "wrong number of arguments for upper: got 0"),
        row("{{ required .secrets.db.username .secrets.db.host }}", "required",
            "the first argument of required must be a string literal"),
        row("{{ printf .secrets.db.username }}", "printf", "the first argument of printf must be a string literal"),
        row("{{ \"%s\" | printf }}", "printf", "the first argument of printf must be a string literal"),
        row("{{ \"abc }}", "\"abc", "unterminated quoted string"),
        row("{{ \"a\nb\" }}", "\"a", "unterminated quoted string"),
        row("{{ `abc }}", "`", "unterminated raw quoted string"),
        row("{{ 'a' }}", "'", "character constants are not in SecretKit's go-template subset"),
        row("{{ .secrets.db.my-key }}", "-", "bad character U+002D in field name"),
        row("{{ $my-var }}", "-", "bad character U+002D in variable name"),
        row("{{ up-per }}", "-", "bad character U+002D in name"),
        row("{{ \"\\q\" }}", "\\q", "unknown escape sequence in string"),
        row("{{ \"\\x80\" }}", "\\x", "byte escapes above \\x7f are not in SecretKit's go-template subset"),
        row("{{ \"\\377\" }}", "\\3", "byte escapes above \\x7f"),
        row("{{ \"\\xZZ\" }}", "\\x", "malformed escape sequence in string"),
        row("{{ \"\\u12\" }}", "\\u", "malformed escape sequence in string"),
        row("{{ \"\\uD800\" }}", "\\u", "escape sequence is not a valid Unicode code point"),
        row("{{ \"\\U00110000\" }}", "\\U", "escape sequence is not a valid Unicode code point"),
        row("x {{ 1 ", "{{", "unclosed action"),
        row("x {{ $", "{{", "unclosed action"),
        row("x {{/* a comment", "{{", "unclosed comment"),
        row("x {{/* a comment */ }}", "{{", "comment ends before closing delimiter"),
        row("{{ (1 }}", "}}", "unclosed left parenthesis"),
        row("{{ 1) }}", ")", "unexpected right parenthesis"),
        row("{{ # }}", "#", "unexpected \"#\" in command"),
        row("{{ , }}", ",", "unexpected \",\" in command"),
        row("{{ := 1 }}", ":=", "unexpected \":=\" in command"),
        row("{{ print if }}", "if", "unexpected \"if\" in operand"),
        row("{{ print \"a\"\"b\" }}", "\"b\"", "unexpected a string in operand"),
        row("{{ § }}", "§", "unrecognized character in action: U+00A7"),
        row("{{ $x:1 }}", ":", "expected :="),
        row("{{ 1a }}", "1a", "bad number syntax"),
        row("{{ 010 }}", "010", "number syntax not in SecretKit's go-template subset"),
        row("{{ 0o17 }}", "0o17", "number syntax not in SecretKit's go-template subset"),
        row("{{ 0b1 }}", "0b1", "number syntax not in SecretKit's go-template subset"),
        row("{{ 1_000 }}", "1_000", "number syntax not in SecretKit's go-template subset"),
        row("{{ 1i }}", "1i", "number syntax not in SecretKit's go-template subset"),
        row("{{ 0x1p3 }}", "0x1p3", "number syntax not in SecretKit's go-template subset"),
        row("{{ 1e400 }}", "1e400", "number syntax not in SecretKit's go-template subset"),
        row("{{ 99999999999999999999 }}", "999", "number overflows int"),
        row("{{ 0xFFFFFFFFFFFFFFFFF }}", "0x", "number overflows int"),
        row("{{ \"a\".x }}", ".x", "unexpected . after a constant, nil or ."),
        row("{{ print.x }}", ".x", "unexpected . after a function name"));
  }

  static Stream<Arguments> renderErrors() {
    return Stream.of(
        row("{{ .secrets.db.passwrd }}", ".passwrd",
            "the secret with alias \"db\" has no key \"passwrd\"; its keys are: b64, b64lines, csv, database, empty,"
                + " host, my-key, password, port, spaced, username"),
        row("{{ index .secrets.db \"nope\" }}", "\"nope\"", "the secret with alias \"db\" has no key \"nope\""),
        row("{{ $k := \"nope\" }}{{ index .secrets.db $k }}", "$k }}",
            "the secret with alias \"db\" has no key the template computed (not shown)"),
        row("{{ \"nope\" | index .secrets }}", "index", "no secret has the alias the template computed (not shown)"),
        row("{{ with . }}{{ .values }}{{ end }}", ".values",
            "the data has no field \"values\"; it holds only .secrets"),
        row("{{ $k := \"x\" }}{{ index . $k }}", "$k }}", "the data has no such field; it holds only .secrets"),
        row("{{ .secrets.none.x }}", ".x", "the secret with alias \"none\" has no key \"x\"; it has no keys"),
        row("{{ with .secrets.db }}{{ .secrets.nope }}{{ end }}", ".secrets.nope", "has no key \"secrets\""),
        row("{{ .secrets.db.nope | upper }}", ".nope", "has no key \"nope\""),
        row("{{ .secrets.db.nope | upper | default \"x\" }}", ".nope", "has no key \"nope\""),
        row("{{ if eq .secrets.db.nope \"x\" }}{{ end }}", ".nope", "has no key \"nope\""),
        row("{{ range .secrets.db.nope }}{{ end }}", ".nope", "has no key \"nope\""),
        row("{{ with .secrets.db.nope.x }}{{ end }}", ".nope", "has no key \"nope\""),
        row("{{ or .secrets.db.nope \"fallback\" }}", ".nope", "has no key \"nope\""),
        row("{{ required \"the database needs a user\" .secrets.db.user }}", "required", "the database needs a user"),
        row("{{ .secrets.db.empty | required \"an empty user\" }}", "required", "an empty user"),
        row("{{ required \"\" nil }}", "required", "a required value is missing or empty"),
        row("{{ .secrets.db.username | b64dec }}", "b64dec", "b64dec: the value is not base64"),
        row("{{ b64dec \"!!!!\" }}", "b64dec", "b64dec: the value is not base64"),
        row("{{ upper 1 }}", "upper", "upper needs a string, got int (argument 1)"),
        row("{{ 1 | lower }}", "lower", "lower needs a string, got int (argument 1)"),
        row("{{ trim nil }}", "trim", "trim needs a string, got nil"),
        row("{{ b64enc .secrets.db }}", "b64enc", "b64enc needs a string, got map"),
        row("{{ splitList \",\" 2 }}", "splitList", "splitList needs a string, got int (argument 2)"),
        row("{{ len 3 }}", "len", "len of type int"),
        row("{{ len true }}", "len", "len of type bool"),
        row("{{ eq .secrets.db.port 5432 }}", "eq", "incompatible types for comparison: string and int"),
        row("{{ ne 1 1.0 }}", "ne", "incompatible types for comparison: int and float64"),
        row("{{ lt true false }}", "lt", "invalid type for comparison: bool"),
        row("{{ le nil 1 }}", "le", "invalid type for comparison: nil"),
        row("{{ gt 1 .secrets.db }}", "gt", "invalid type for comparison: map"),
        row("{{ ge 1 \"a\" }}", "ge", "incompatible types for comparison: int and string"),
        row("{{ eq .secrets.db .secrets.db }}", "eq", "can't compare values of type map and map"),
        row("{{ eq .secrets.db (splitList \",\" \"\") }}", "eq", "can't compare values of type map and list"),
        row("{{ index 1 2 }}", "index", "can't index a value of type int"),
        row("{{ index nil }}", "index", "index of nil"),
        row("{{ index (splitList \",\" \"a\") 5 }}", "index", "index out of range (the position is not shown)"),
        row("{{ index \"abc\" -1 }}", "index", "index out of range"),
        row("{{ index (splitList \",\" \"a\") \"x\" }}", "index", "a list or string index must be an int, got string"),
        row("{{ index .secrets 1 }}", "index", "index of a map needs a string key, got int"),
        row("{{ range 5 }}{{ end }}", "5", "range can't iterate over a value of type int"),
        row("{{ range .secrets.db.username }}{{ end }}", ".secrets", "range can't iterate over a value of type string"),
        row("{{ .secrets.db.password.Len }}", ".Len", "can't read the field .Len of a value of type string"),
        row("{{ (1).x }}", ".x", "can't read the field .x of a value of type int"),
        row("{{ $x := default nil \"\" }}{{ $x.y }}", ".y", "can't read the field .y of a value of type nil"),
        row("{{ printf \"%d\" \"x\" }}", "printf", "printf: %d cannot format a value of type string (argument 2)"),
        row("{{ printf \"%s %s\" \"x\" 1 }}", "printf", "printf: %s cannot format a value of type int (argument 3)"),
        row("{{ printf \"%d %d\" 1 }}", "printf", "printf: %d has no argument"),
        row("{{ printf \"%d\" 1 2 }}", "printf", "printf: 2 arguments but the format has 1 verbs"),
        row("{{ printf \"%z\" 1 }}", "printf", "printf: %z is not a verb SecretKit's printf supports"),
        row("{{ printf \"%+d\" 1 }}", "printf", "printf: the flag '+' is not in SecretKit's go-template subset"),
        row("{{ printf \"%#x\" 1 }}", "printf", "printf: the flag '#'"),
        row("{{ printf \"% d\" 1 }}", "printf", "printf: the flag ' '"),
        row("{{ printf \"%[1]d\" 1 }}", "printf", "printf: argument indexes and * widths are not in"),
        row("{{ printf \"%*d\" 1 2 }}", "printf", "printf: argument indexes and * widths are not in"),
        row("{{ printf \"abc%\" }}", "printf", "printf: the format ends in the middle of a verb"),
        row("{{ printf \"%-5.\" }}", "printf", "printf: the format ends in the middle of a verb"),
        row("{{ printf \"%2000000d\" 1 }}", "printf", "printf: a width or precision above 1000000"),
        row("{{ printf \"%.99999999999d\" 1 }}", "printf", "printf: a width or precision above 1000000"),
        row("{{ printf \"%t\" \"x\" }}", "printf", "printf: %t cannot format a value of type string"),
        row("{{ printf \"%f\" 1 }}", "printf", "printf: %f cannot format a value of type int"),
        row("{{ printf \"%x\" 1.5 }}", "printf", "printf: %x cannot format a value of type float64"),
        row("{{ printf \"%s\" nil }}", "printf", "printf: %s cannot format a value of type nil"),
        row("{{ printf \"%d\" true }}", "printf", "printf: %d cannot format a value of type bool"),
        row("{{ printf \"%d\" .secrets.kafka }}", "printf", "printf: %d cannot format a value of type string"),
        row("{{ printf \"%q\" 1.5 }}", "printf", "printf: %q cannot format a value of type float64"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("compileErrors")
  void compile_failsAtTheFault(String template, String fault, String message) {
    TemplateException error = catchThrowableOfType(TemplateException.class, () -> compile(template));
    assertFault(error, template, fault, message);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("renderErrors")
  void render_failsAtTheFault(String template, String fault, String message) {
    Template compiled = compile(template);
    TemplateException error = catchThrowableOfType(TemplateException.class, () -> compiled.render(context()));
    assertFault(error, template, fault, message);
  }

  @Test
  void errors_suggestWhatWasMeant() {
    assertThat(failure("{{ .secrets.dv.host }}").hint()).startsWith("did you mean \"db\"?");
    assertThat(failure("{{ .secrets.db.passwrd }}").hint()).startsWith("did you mean \"password\"?")
        .contains("default or required", "if or with");
    assertThat(failure("{{ .secret.db.host }}").hint()).startsWith("did you mean .secrets?");
    assertThat(failure("{{ uper \"x\" }}").hint()).startsWith("did you mean upper?");
    assertThat(failure("{{ $user := 1 }}{{ $usr }}").hint()).startsWith("did you mean $user?");
    assertThat(failure("{{ .secrets.db.my-key }}").hint()).contains("index .secrets.<alias> \"my-key\"");
    assertThat(failure("{{ index .secrets.db \"passwrd\" }}").hint()).startsWith("did you mean \"password\"?");
    assertThat(failure("{{ $k := \"passwrd\" }}{{ index .secrets.db $k }}").hint()).doesNotContain("did you mean");
  }

  @Test
  void unsupportedConstructs_hintAtTheSubset() {
    for (String template : new String[] {"{{ define \"x\" }}", "{{ call .x }}", "{{ 'a' }}", "{{ toYaml . }}",
        "{{ .secrets.db.username \"x\" }}", "{{ .secrets.db.password.Len }}"}) {
      assertThat(failure(template).hint()).as(template).contains("not in SecretKit's go-template subset",
          "range", "with", "b64dec", "default", "urlquery", "splitList");
    }
  }

  @Test
  void anUndeclaredAlias_failsToCompile_andOneTheContextLacks_failsToRender() {
    assertThat(failure("{{ .secrets.db.host }}", Set.of()).getMessage())
        .isEqualTo("no secret has the alias \"db\"; the projection declares no alias");
    Template template = GoTemplateEngine.INSTANCE.compile("{{ .secrets.extra.key }}", Set.of("extra"));
    TemplateException error = catchThrowableOfType(TemplateException.class, () -> template.render(context()));
    assertThat(error.getMessage()).isEqualTo("no secret has the alias \"extra\"; the aliases are: db, kafka, none");
    assertThat(error.column()).isEqualTo(12);
    TemplateException none = catchThrowableOfType(TemplateException.class,
        () -> template.render(new TemplateContext(Map.of())));
    assertThat(none.getMessage()).endsWith("the projection declares no alias");
  }

  @Test
  void positions_countLinesAndCodePoints() {
    TemplateException multiLine =
        failure("line one\n{{ if .secrets.db.username }}\n  {{ .secrets.db.passwrd }}\n{{ end }}");
    assertThat(multiLine.line()).isEqualTo(3);
    assertThat(multiLine.column()).isEqualTo(17);
    TemplateException wide = failure("é😀{{ .secrets.nope }}");
    assertThat(wide.line()).isEqualTo(1);
    assertThat(wide.column()).isEqualTo(14);
    TemplateException crlf = failure("a\r\n\r\n{{ nope }}");
    assertThat(crlf.line()).isEqualTo(3);
    assertThat(crlf.column()).isEqualTo(4);
    TemplateException unclosed = failure("\n\n  {{ if true }}\n\nabc");
    assertThat(unclosed.line()).isEqualTo(3);
    assertThat(unclosed.column()).isEqualTo(6);
    TemplateException inAction = failure("{{ print\n  \"a\"\n  (upper 1) }}");
    assertThat(inAction.line()).isEqualTo(3);
    assertThat(inAction.column()).isEqualTo(4);
  }

  @Test
  void aValidTemplate_compilesWithoutError() {
    assertThatCode(() -> compile("{{ range $k, $v := .secrets.db }}{{ $k }}{{ end }}")).doesNotThrowAnyException();
  }

  private static void assertFault(TemplateException error, String template, String fault, String message) {
    assertThat(error).as("a TemplateException").isNotNull();
    assertThat(error.getMessage()).contains(message);
    assertThat(error.line()).as("line").isEqualTo(1);
    assertThat(template).contains(fault);
    int expected = template.codePointCount(0, template.indexOf(fault)) + 1;
    assertThat(error.column()).as("column of %s", fault).isEqualTo(expected);
    assertThat(error.hint()).isNotBlank();
    assertThat(error.getCause()).isNull();
  }

  static TemplateException failure(String template) {
    return failure(template, GoTemplates.ALIASES);
  }

  static TemplateException failure(String template, Set<String> aliases) {
    TemplateException error = catchThrowableOfType(TemplateException.class,
        () -> GoTemplateEngine.INSTANCE.compile(template, aliases).render(context()));
    assertThat(error).as("a TemplateException from %s", template).isNotNull();
    return error;
  }

  private static Arguments row(String template, String fault, String message) {
    return Arguments.of(template, fault, message);
  }
}
