package dev.secretkit.projection.template;

/**
 * A failure of a function or a lookup, before the evaluator places it in the template text as a
 * {@link TemplateException}; like that exception, its message and hint never hold a value.
 */
final class GoFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String hint;

  GoFailure(String message, String hint) {
    super(message, null, false, false);
    this.hint = hint;
  }

  String hint() {
    return hint;
  }
}
