package dev.secretkit.manifest;

/** Thrown by the tree builders for input that cannot be parsed or breaks a limit; it says where. */
final class TreeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Position position;
  private final String hint;
  private final String path;
  private final int document;

  TreeException(String message, Position position, String hint, String path, int document) {
    super(message, null, false, false);
    this.position = position;
    this.hint = hint;
    this.path = path;
    this.document = document;
  }

  int document() {
    return document;
  }

  Position position() {
    return position;
  }

  String hint() {
    return hint;
  }

  String path() {
    return path;
  }
}
