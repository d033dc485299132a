package dev.secretkit.manifest;

import java.util.List;

/**
 * A node of a parsed manifest document, with the position where it starts: scalars keep their
 * exact text, mappings their keys in document order. {@link ManifestReader#trees} gives the
 * documents of any manifest kind as these trees.
 */
public sealed interface YamlNode {

  /** Returns where the node starts. */
  Position position();

  /** Returns what the node is, for messages: "text", "a mapping" or "a list". */
  String describe();

  /**
   * A scalar, kept as the exact characters written.
   *
   * @param text the scalar's text after YAML unquoting and block folding, never null
   * @param isNull whether it is YAML's null: an empty plain scalar, {@code ~} or {@code null}
   */
  record Scalar(String text, boolean isNull, Position position) implements YamlNode {
    @Override
    public String describe() {
      return isNull ? "an empty value" : "text";
    }
  }

  /** A sequence. */
  record Sequence(List<YamlNode> items, Position position) implements YamlNode {
    @Override
    public String describe() {
      return "a list";
    }
  }

  /** A mapping whose keys are scalars, in document order, without duplicates. */
  record Mapping(List<Entry> entries, Position position) implements YamlNode {
    @Override
    public String describe() {
      return "a mapping";
    }
  }

  /** One key and value of a mapping. */
  record Entry(Scalar key, YamlNode value) {}
}
