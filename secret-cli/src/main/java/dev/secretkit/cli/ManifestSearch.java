package dev.secretkit.cli;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The manifest files ({@code *.yaml}, {@code *.yml}, {@code *.json}, in any case) in a directory,
 * sorted by path, and the places under it that could not be searched.
 *
 * @param files the manifest files, each as the directory's path resolved with its name
 * @param failures the directories (or entries) that could not be read, and why, sorted by path
 */
record ManifestSearch(List<Path> files, SortedMap<Path, IOException> failures) {
  private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");

  ManifestSearch {
    files = List.copyOf(files);
    failures = Collections.unmodifiableSortedMap(new TreeMap<>(failures));
  }

  /**
   * Searches the direct children of {@code directory}, or its whole tree when {@code recursive};
   * symbolic links to files are followed, links to directories are not. Hidden files and
   * directories (names starting with {@code .}) below {@code directory} are skipped.
   */
  static ManifestSearch in(Path directory, boolean recursive) {
    List<Path> files = new ArrayList<>();
    SortedMap<Path, IOException> failures = new TreeMap<>();
    FileVisitor<Path> visitor = new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
        return dir.equals(directory) || !isHidden(dir) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
        if (isManifest(file)) {
          files.add(file);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        failures.put(file, e);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) {
        if (e != null) {
          failures.put(dir, e);
        }
        return FileVisitResult.CONTINUE;
      }
    };
    try {
      Files.walkFileTree(directory, Set.of(), recursive ? Integer.MAX_VALUE : 1, visitor);
    } catch (IOException e) {
      failures.put(directory, e);
    }
    files.sort(null);
    return new ManifestSearch(files, failures);
  }

  /** A directory such as {@code .git} or {@code .github}, whose YAML files are not manifests. */
  private static boolean isHidden(Path dir) {
    return dir.getFileName() != null && dir.getFileName().toString().startsWith(".");
  }

  private static boolean isManifest(Path file) {
    if (!Files.isRegularFile(file) || isHidden(file)) {
      return false;
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return EXTENSIONS.stream().anyMatch(name::endsWith);
  }
}
