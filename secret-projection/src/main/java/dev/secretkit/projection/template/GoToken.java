package dev.secretkit.projection.template;

/**
 * One token of go-template text: what it is, the offset in the text where it starts, and its text
 * (for a string literal, the decoded value).
 */
record GoToken(Kind kind, int pos, String text) {

  /** The kinds of token, as Go's text/template lexer tells them apart. */
  enum Kind {
    TEXT, LEFT_DELIM, RIGHT_DELIM, SPACE, EOF,
    IDENTIFIER, FIELD, VARIABLE, DOT, STRING, NUMBER, BOOL, NIL, CHAR,
    PIPE, LEFT_PAREN, RIGHT_PAREN, DECLARE, ASSIGN,
    IF, ELSE, END, RANGE, WITH,
    /** {@code define}, {@code template}, {@code block}, {@code break}, {@code continue}: left out of the subset. */
    UNSUPPORTED_KEYWORD
  }

  /** Returns how a message names this token: a string as such (its value may be long), anything else by its text. */
  String describe() {
    return kind == Kind.STRING ? "a string" : "\"" + text + "\"";
  }
}
