package dev.secretkit.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.secretkit.internal.ManifestPaths;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns JSON text into {@link YamlNode} trees, one per top-level value, with the same limits
 * and messages as {@link YamlTreeBuilder}.
 *
 * <p>JSON is read by a JSON parser rather than as YAML because the two differ at the edges
 * (the {@code \/} escape, tab indentation). Numbers and booleans keep the text written.
 */
final class JsonTreeBuilder {
  private static final JsonFactory FACTORY = new JsonFactory();

  private long nodes;
  private String currentPath = ManifestPaths.ROOT;
  private int document;

  /** Returns the root node of every top-level value in {@code text}. */
  List<YamlNode> documents(String text) throws TreeException {
    List<YamlNode> documents = new ArrayList<>();
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        document = documents.size();
        documents.add(node(parser, token, ManifestPaths.ROOT, 1));
      }
    } catch (JsonProcessingException e) {
      JsonLocation location = e.getLocation();
      Position position = location == null ? Position.UNKNOWN
          : new Position(location.getLineNr(), location.getColumnNr());
      throw new TreeException("not valid JSON: " + TreeLimits.redact(e.getOriginalMessage()), position,
          "check the quotes, commas and braces around this place", currentPath, document);
    } catch (IOException e) {
      throw new TreeException("not valid JSON: " + e.getClass().getSimpleName(), Position.UNKNOWN, "", currentPath, document);
    }
    return documents;
  }

  private YamlNode node(JsonParser parser, JsonToken token, String path, int depth) throws IOException, TreeException {
    currentPath = path;
    JsonLocation location = parser.currentTokenLocation();
    Position position = new Position(location.getLineNr(), location.getColumnNr());
    nodes++;
    TreeLimits.checkNodes(nodes, position, path, document);
    if (token == JsonToken.START_OBJECT) {
      TreeLimits.checkDepth(depth, position, path, document);
      return mapping(parser, position, path, depth);
    }
    if (token == JsonToken.START_ARRAY) {
      TreeLimits.checkDepth(depth, position, path, document);
      List<YamlNode> items = new ArrayList<>();
      JsonToken next;
      while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
        items.add(node(parser, next, TreeLimits.indexPath(path, items.size(), depth), depth + 1));
      }
      return new YamlNode.Sequence(List.copyOf(items), position);
    }
    boolean isNull = token == JsonToken.VALUE_NULL;
    return new YamlNode.Scalar(isNull ? "" : parser.getText(), isNull, position);
  }

  private YamlNode mapping(JsonParser parser, Position position, String path, int depth)
      throws IOException, TreeException {
    List<YamlNode.Entry> entries = new ArrayList<>();
    Map<String, Position> seen = new HashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      JsonLocation location = parser.currentTokenLocation();
      YamlNode.Scalar key = new YamlNode.Scalar(parser.currentName(), false,
          new Position(location.getLineNr(), location.getColumnNr()));
      String keyPath = TreeLimits.childPath(path, key.text(), depth);
      currentPath = keyPath;
      TreeLimits.checkDuplicate(key, seen.putIfAbsent(key.text(), key.position()), keyPath, depth, document);
      entries.add(new YamlNode.Entry(key, node(parser, parser.nextToken(), keyPath, depth + 1)));
    }
    return new YamlNode.Mapping(List.copyOf(entries), position);
  }
}
