package dev.secretkit.manifest;

import dev.secretkit.internal.ManifestPaths;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One document read from a manifest source: the manifest as written, what reading it found
 * wrong, and where each of its fields stands in the text.
 *
 * <p>The manifest is built leniently: a field that has the wrong shape is left out of it and
 * reported in {@link #problems()}. Pass the document to
 * {@link dev.secretkit.validation.Validator#validate(ManifestDocument)} for the full verdict.
 *
 * @param origin the file path, or a label for text and streams
 * @param index the 0-based index of the document in its source
 * @param manifest the manifest as written, with wrongly shaped fields left out
 * @param sectionKey the key that held the secret section as written ({@code secret}, {@code spec}
 *     or {@code instance-secret}), or null when there is none
 * @param problems what reading found wrong: shapes, unknown fields, interpolation, files
 * @param valuePositions where the value at each path starts
 * @param keyPositions where the key of each path starts
 */
public record ManifestDocument(
    String origin,
    int index,
    SecretManifest manifest,
    String sectionKey,
    List<Violation> problems,
    Map<String, Position> valuePositions,
    Map<String, Position> keyPositions) {

  /** Copies the lists and maps and checks nothing is null. */
  public ManifestDocument {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(manifest, "manifest");
    problems = List.copyOf(problems);
    valuePositions = Map.copyOf(valuePositions);
    keyPositions = Map.copyOf(keyPositions);
  }

  /**
   * Returns where the value at {@code path} starts; for a path that is not in the document,
   * the position of its nearest ancestor that is.
   */
  public Position positionOf(String path) {
    String current = path;
    while (true) {
      Position position = valuePositions.get(current);
      if (position != null) {
        return position;
      }
      if (ManifestPaths.ROOT.equals(current)) {
        return Position.UNKNOWN;
      }
      current = ManifestPaths.parent(current);
    }
  }

  /** Returns where the key of {@code path} starts, or where its value starts when it has no key. */
  public Position keyPositionOf(String path) {
    return keyPositions.getOrDefault(path, positionOf(path));
  }

  /** Returns the keys written in the mapping at {@code path}, in document order, whether or not their values were usable. */
  public List<String> keysUnder(String path) {
    return keyPositions.entrySet().stream()
        .filter(entry -> !entry.getKey().equals(path) && ManifestPaths.parent(entry.getKey()).equals(path))
        .sorted(Map.Entry.comparingByValue(
            Comparator.comparingInt(Position::line).thenComparingInt(Position::column)))
        .map(entry -> ManifestPaths.lastKey(entry.getKey()))
        .toList();
  }

  /** Returns whether the document has {@code path}, even with an empty value. */
  public boolean has(String path) {
    return valuePositions.containsKey(path);
  }
}
