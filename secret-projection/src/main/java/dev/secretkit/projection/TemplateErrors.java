package dev.secretkit.projection;

import dev.secretkit.projection.template.TemplateException;
import dev.secretkit.projection.template.TemplateType;

/** Words a template error the same way at read time and at render time. */
final class TemplateErrors {
  private TemplateErrors() {}

  /** Returns the message of a finding for {@code error} in a template of {@code type}, with its place in the template. */
  static String message(TemplateException error, TemplateType type) {
    return type.manifestName() + " template, line " + error.line() + " column " + error.column() + ": "
        + error.getMessage();
  }
}
