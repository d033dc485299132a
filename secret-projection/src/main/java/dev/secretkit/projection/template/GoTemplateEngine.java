package dev.secretkit.projection.template;

import java.util.Objects;
import java.util.Set;

/**
 * The engine of {@link TemplateType#GO_TEMPLATE}: compiles a documented subset of Go's
 * {@code text/template}, in which each secret value is UTF-8 text at
 * {@code .secrets.<alias>.<key>}, and fails with a {@link TemplateException} at the line and
 * column of the fault wherever Go would write {@code <no value>} or a {@code %!verb(...)}
 * complaint into the output.
 *
 * <h2>Data</h2>
 * The dot starts as the root {@code {secrets: {<alias>: {<key>: <value>}}}} of the
 * {@link TemplateContext}: values are read, as UTF-8 text (malformed bytes replaced), only when a
 * template reads them. {@code $} is always the root. A key that is not a Go identifier is read with
 * {@code index .secrets.<alias> "my-key"}, or {@code index .secrets "<alias>" "my-key"}.
 *
 * <h2>Actions</h2>
 * Text; <code>{{pipeline}}</code>, written as Go's {@code fmt.Print} writes the value (no HTML
 * escaping); trim markers <code>{{- </code> and <code> -}}</code>, which drop the space, tab, CR
 * and LF next to them; comments <code>{{/* ... *&#47;}}</code>; pipelines of commands joined by
 * {@code |}, the value of each the last argument of the next; parenthesized pipelines, also with
 * fields, {@code (...).key}; string literals {@code "..."} with Go's escapes (bytes above
 * {@code \x7f} excepted) and raw strings in back quotes; decimal and hex ints, decimal floats,
 * {@code true}, {@code false} and {@code nil}; variables {@code $x := pipeline} and
 * {@code $x = pipeline}, visible to the {@code end} of the block that declares them;
 * {@code if}/{@code else if}/{@code else}/{@code end}; {@code with}/{@code else with}/
 * {@code else}/{@code end}, which move the dot to the value; {@code range} over a map (its keys in
 * order, {@code range $key, $value := ...} or {@code range $value := ...}) or a list, with an
 * {@code else} for none. Truth is Go's: false, 0, nil, and an empty string, map or list are false.
 *
 * <h2>Functions</h2>
 * Go's {@code and} and {@code or} (which stop at the first argument that decides),
 * {@code not}, {@code len} (of a string in UTF-8 bytes), {@code index}, {@code print},
 * {@code printf}, {@code println}, {@code urlquery}, {@code eq} (with several arguments),
 * {@code ne}, {@code lt}, {@code le}, {@code gt}, {@code ge}, with Go's semantics; and Sprig's
 * {@code default D V} (D when V is empty or missing), {@code quote} (Go's {@code %q}),
 * {@code upper}, {@code lower}, {@code trim} (Go's {@code TrimSpace}), {@code required "MESSAGE" V}
 * (fails with the author's message when V is nil, missing or empty), {@code b64enc} and
 * {@code b64dec} (standard base64, padded; a value that is not base64 fails without being shown),
 * and {@code splitList SEPARATOR STRING}, which makes a list. A value piped with {@code |} is a
 * function's last argument, so {@code V | default D} is {@code default D V}. {@code printf} knows
 * {@code %s %d %v %q %x %X %t %f %%}, the flags {@code -} and {@code 0} (zeros pad numbers only), a
 * width and a precision; any other verb or flag, a verb of the wrong type, a missing or an extra
 * argument fails. The format of {@code printf} and the message of {@code required} must be string
 * literals, so that no secret value ever ends up in an error.
 *
 * <h2>Aliases and keys</h2>
 * A path from the root naming an alias the projection does not declare ({@code .secrets.nope}
 * where the dot is the root, {@code $.secrets.nope}, {@code index .secrets "nope"}) fails to
 * compile; an alias the context lacks fails at render time. Both errors list the aliases and
 * suggest a close one. A missing key fails at render time, naming the alias and the key and
 * listing the secret's key names (never values), except where the template asks whether the key is
 * there: as the value of {@code default} or {@code required}, as the condition of {@code if},
 * {@code else if}, {@code with} or {@code else with}, and as an argument of {@code and},
 * {@code or} or {@code not} in those places. There a missing key is nil, which is empty and false.
 *
 * <h2>Not in the subset</h2>
 * {@code define}, {@code template}, {@code block}, {@code break}, {@code continue}, the builtins
 * {@code call}, {@code html}, {@code js} and {@code slice}, method calls and fields of anything but
 * the maps above, character constants, complex, octal and binary numbers, and functions not listed
 * above: each fails to compile at its position with a hint that lists what the subset has.
 *
 * <h2>Limits</h2>
 * A template holds at most {@value #MAX_TEMPLATE_CHARS} characters and nests blocks and parentheses
 * at most {@value #MAX_DEPTH} deep. A render writes at most {@value #MAX_OUTPUT_CHARS} characters,
 * computes no value longer than that, computes at most {@value #MAX_WORK_CHARS} characters of values
 * and output in all (a list counts its items and their characters), runs at most
 * {@value #MAX_STEPS} steps, and takes at most one second, checked at every step. No step costs
 * much: {@code printf} fails before it formats a verb whose width or precision alone would take
 * its result past {@value #MAX_OUTPUT_CHARS} characters, and before it pads each element of a list
 * or map past it; {@code quote} and {@code urlquery} stop as soon as their result is too long, and
 * {@code splitList} finds its separator in time linear in the lengths. Each limit fails with an
 * error that names it.
 *
 * <p>Errors carry the 1-based line and column of the action or token at fault, and a hint; no
 * message, hint or {@code toString} holds a secret value, nor wraps an exception that might. The
 * engine and its templates are immutable and thread-safe.
 */
final class GoTemplateEngine implements TemplateEngine {
  static final GoTemplateEngine INSTANCE = new GoTemplateEngine(GoTimeLimit.DEFAULT);

  /** The longest template text, in characters. */
  static final int MAX_TEMPLATE_CHARS = 64 * 1024;
  /** How deep blocks and parentheses may nest. */
  static final int MAX_DEPTH = 100;
  /** The longest output, and the longest value computed, in characters. */
  static final int MAX_OUTPUT_CHARS = 1024 * 1024;
  /** The most statements, commands and loop iterations one render runs. */
  static final int MAX_STEPS = 1_000_000;
  /** The most characters one render computes in all: the values functions return, and the output. */
  static final int MAX_WORK_CHARS = 16 * 1024 * 1024;
  /** The hint of an error about something outside the subset: what the subset has instead. */
  static final String SUBSET_HINT = "it is not in SecretKit's go-template subset, which has text, {{pipeline}},"
      + " {{- -}}, {{/* comments */}}, if/else if/else, with/else with/else, range/else, variables"
      + " ($x := ..., $x = ...), and the functions " + GoFunction.names();

  private final GoTimeLimit timeLimit;

  /** An engine whose renders take at most {@code timeLimit}; tests give it a shorter one, or their own clock. */
  GoTemplateEngine(GoTimeLimit timeLimit) {
    this.timeLimit = timeLimit;
  }

  @Override
  public Template compile(String text, Set<String> aliases) {
    Objects.requireNonNull(text, "text");
    Set<String> declared = Set.copyOf(aliases);
    GoSource source = new GoSource(text);
    if (text.length() > MAX_TEMPLATE_CHARS) {
      throw source.error(0, "the template has " + text.length() + " characters; the most is " + MAX_TEMPLATE_CHARS,
          "split it into several templates, or move constant text into a value");
    }
    return new GoParser(source, declared, timeLimit).parse();
  }
}
