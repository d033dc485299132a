package dev.secretkit.manifest;

import dev.secretkit.internal.ManifestPaths;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Turns YAML (or JSON) text into {@link YamlNode} trees, one per document, enforcing the
 * hostile-input limits as it goes so that a hostile document fails fast and small.
 *
 * <p>This works on the parser's event stream rather than a composed tree: it sees anchors on
 * scalars, scalar styles and exact text, and it stops at the first node past a limit.
 */
final class YamlTreeBuilder {
  static final int MAX_ALIASES = 50;

  private static final String SIMPLE_KEY_CONTEXT = "while scanning a simple key";

  private static final String CORE_TAG_PREFIX = "tag:yaml.org,2002:";
  private static final Set<String> ALLOWED_CORE_TAGS =
      Set.of("str", "int", "float", "bool", "null", "timestamp", "binary", "map", "seq");
  private static final Set<String> NULL_WORDS = Set.of("", "~", "null", "Null", "NULL");

  private final Map<String, Anchored> anchors = new HashMap<>();
  private String currentPath = ManifestPaths.ROOT;
  private int document;
  private int aliases;
  private long expandedNodes;

  private record Anchored(YamlNode node, long weight) {}

  /** A node being built and how many nodes it stands for once aliases are expanded. */
  private record Built(YamlNode node, long weight) {}

  /** Returns the root node of every non-empty document in {@code text}. */
  List<YamlNode> documents(String text) throws TreeException {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(Math.max(text.length() + 1, 1));
    options.setProcessComments(false);
    Parser parser = new ParserImpl(new StreamReader(new StringReader(text)), options);
    List<YamlNode> documents = new ArrayList<>();
    try {
      while (!parser.checkEvent(Event.ID.StreamEnd)) {
        Event event = parser.getEvent();
        if (event.is(Event.ID.DocumentStart)) {
          anchors.clear();
          document = documents.size();
          YamlNode root = node(parser, parser.getEvent(), ManifestPaths.ROOT, 1).node();
          if (!isEmptyDocument(root)) {
            documents.add(root);
          }
          parser.getEvent();
        }
      }
    } catch (MarkedYAMLException e) {
      throw syntaxError(e);
    } catch (YAMLException e) {
      throw new TreeException("not valid YAML: " + TreeLimits.redact(e.getMessage()), Position.UNKNOWN, "", currentPath, document);
    }
    return documents;
  }

  /**
   * Describes a syntax error where the author will look for it. A key without ': ' is reported
   * where the key starts (the parser notices only at the next line); the hints name the two
   * usual causes of a misplaced ':'.
   */
  private TreeException syntaxError(MarkedYAMLException e) {
    boolean unfinishedKey = SIMPLE_KEY_CONTEXT.equals(e.getContext()) && e.getContextMark() != null;
    Mark mark = unfinishedKey || e.getProblemMark() == null ? e.getContextMark() : e.getProblemMark();
    String problem = String.valueOf(e.getProblem());
    String hint;
    if (unfinishedKey) {
      hint = "a key and its value need ': ' between them, a colon and a space";
    } else if (problem.startsWith("mapping values are not allowed")) {
      hint = "quote a value that contains ': ', and put a space after the ':' of each key";
    } else {
      hint = "check the indentation and quoting around this place";
    }
    String path = unfinishedKey ? ManifestPaths.parent(currentPath) : currentPath;
    return new TreeException("not valid YAML: " + TreeLimits.redact(problem), position(mark), hint, path, document);
  }

  private static boolean isEmptyDocument(YamlNode root) {
    return root instanceof YamlNode.Scalar scalar && scalar.isNull() && scalar.text().isEmpty();
  }

  private Built node(Parser parser, Event event, String path, int depth) throws TreeException {
    Position position = position(event.getStartMark());
    currentPath = path;
    if (event instanceof AliasEvent alias) {
      return alias(alias, position);
    }
    checkTag(event, position);
    Built built;
    if (event instanceof ScalarEvent scalar) {
      boolean isNull = scalar.isPlain() && scalar.getTag() == null && NULL_WORDS.contains(scalar.getValue())
          || (CORE_TAG_PREFIX + "null").equals(scalar.getTag());
      built = new Built(new YamlNode.Scalar(scalar.getValue(), isNull, position), 1);
      count(1, position);
    } else if (event.is(Event.ID.SequenceStart)) {
      checkDepth(depth, position);
      built = sequence(parser, position, path, depth);
    } else if (event.is(Event.ID.MappingStart)) {
      checkDepth(depth, position);
      built = mapping(parser, position, path, depth);
    } else {
      throw new TreeException("not valid YAML: unexpected " + event.getEventId(), position, "", currentPath, document);
    }
    String anchor = ((NodeEvent) event).getAnchor();
    if (anchor != null) {
      anchors.put(anchor, new Anchored(built.node(), built.weight()));
    }
    return built;
  }

  private Built alias(AliasEvent alias, Position position) throws TreeException {
    aliases++;
    if (aliases > MAX_ALIASES) {
      throw new TreeException("more than " + MAX_ALIASES + " YAML aliases", position,
          "write the values out instead of repeating them with *aliases", currentPath, document);
    }
    Anchored target = anchors.get(alias.getAnchor());
    if (target == null) {
      throw new TreeException("an alias (*...) must refer to an anchor (&...) defined before it", position,
          "a value that starts with '*' is read as an alias: quote it", currentPath, document);
    }
    count(target.weight(), position);
    return new Built(relocate(target.node(), position), target.weight());
  }

  /** Returns the anchored node as it stands where the alias is written. */
  private static YamlNode relocate(YamlNode node, Position position) {
    if (node instanceof YamlNode.Scalar scalar) {
      return new YamlNode.Scalar(scalar.text(), scalar.isNull(), position);
    }
    if (node instanceof YamlNode.Sequence sequence) {
      return new YamlNode.Sequence(sequence.items(), position);
    }
    return new YamlNode.Mapping(((YamlNode.Mapping) node).entries(), position);
  }

  private Built sequence(Parser parser, Position position, String path, int depth) throws TreeException {
    List<YamlNode> items = new ArrayList<>();
    long weight = 1;
    while (!parser.checkEvent(Event.ID.SequenceEnd)) {
      Built item = node(parser, parser.getEvent(), TreeLimits.indexPath(path, items.size(), depth), depth + 1);
      items.add(item.node());
      weight += item.weight();
    }
    parser.getEvent();
    count(1, position);
    return new Built(new YamlNode.Sequence(List.copyOf(items), position), weight);
  }

  private Built mapping(Parser parser, Position position, String path, int depth) throws TreeException {
    List<YamlNode.Entry> entries = new ArrayList<>();
    Map<String, Position> seen = new HashMap<>();
    long weight = 1;
    while (!parser.checkEvent(Event.ID.MappingEnd)) {
      Built key = node(parser, parser.getEvent(), path, depth + 1);
      if (!(key.node() instanceof YamlNode.Scalar keyScalar)) {
        throw new TreeException("a mapping key must be text, found " + key.node().describe(),
            key.node().position(), "write the key as plain text", currentPath, document);
      }
      if (keyScalar.text().isEmpty()) {
        throw new TreeException("empty mapping key", keyScalar.position(), "give the entry a name before the ':'", currentPath, document);
      }
      if ("<<".equals(keyScalar.text())) {
        throw new TreeException("YAML merge keys ('<<') are not supported", keyScalar.position(),
            "write the merged fields out", currentPath, document);
      }
      Position first = seen.putIfAbsent(keyScalar.text(), keyScalar.position());
      String keyPath = TreeLimits.childPath(path, keyScalar.text(), depth);
      currentPath = keyPath;
      TreeLimits.checkDuplicate(keyScalar, first, keyPath, depth, document);
      Built value = node(parser, parser.getEvent(), keyPath, depth + 1);
      entries.add(new YamlNode.Entry(keyScalar, value.node()));
      weight += key.weight() + value.weight();
    }
    parser.getEvent();
    count(1, position);
    return new Built(new YamlNode.Mapping(List.copyOf(entries), position), weight);
  }

  private void count(long nodes, Position position) throws TreeException {
    expandedNodes += nodes;
    TreeLimits.checkNodes(expandedNodes, position, currentPath, document);
  }

  private void checkDepth(int depth, Position position) throws TreeException {
    TreeLimits.checkDepth(depth, position, currentPath, document);
  }

  private void checkTag(Event event, Position position) throws TreeException {
    String tag = event instanceof ScalarEvent scalar ? scalar.getTag()
        : event instanceof CollectionStartEvent collection ? collection.getTag() : null;
    if (tag == null || "!".equals(tag)) {
      return;
    }
    if (tag.startsWith(CORE_TAG_PREFIX) && ALLOWED_CORE_TAGS.contains(tag.substring(CORE_TAG_PREFIX.length()))) {
      return;
    }
    throw new TreeException("YAML tags (!...) are not allowed", position,
        "remove the tag; a value that starts with '!' is read as a tag: quote it", currentPath, document);
  }

  private static Position position(Mark mark) {
    return mark == null ? Position.UNKNOWN : new Position(mark.getLine() + 1, mark.getColumn() + 1);
  }
}
