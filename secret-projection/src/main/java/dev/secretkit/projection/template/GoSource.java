package dev.secretkit.projection.template;

/**
 * The text of a go-template, which places an offset in it at the 1-based line and column a
 * {@link TemplateException} reports; columns count characters (code points).
 */
final class GoSource {
  private final String text;

  GoSource(String text) {
    this.text = text;
  }

  String text() {
    return text;
  }

  /** Returns the exception for {@code message} and {@code hint} at {@code offset} in the text. */
  TemplateException error(int offset, String message, String hint) {
    int end = Math.min(Math.max(offset, 0), text.length());
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < end; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new TemplateException(message, line, text.codePointCount(lineStart, end) + 1, hint);
  }

  /** Returns the exception for {@code failure} at {@code offset} in the text. */
  TemplateException error(int offset, GoFailure failure) {
    return error(offset, failure.getMessage(), failure.hint());
  }
}
