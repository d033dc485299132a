package dev.secretkit.leakcheck;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The files a test left in the JVM's temporary directory ({@code java.io.tmpdir}): the entries made there since it
 * planted its first value, and every file under them modified since it started, which is where code that writes a
 * temporary file (an editor buffer, a download, a spool) puts it. Entries that were there before are left alone:
 * other processes' long-lived files (a build log, say) are not the test's.
 *
 * <p>Left out: JUnit's own temporary directories ({@code junit*}, where {@code @TempDir} lives), because a test writes
 * its inputs there, values included (manifests, credentials files); the JVM's {@code hsperfdata_*}; the file store's
 * directories (those holding {@code key.id} or {@code store.lock}) and its sealed records ({@code *.sk}), which are
 * encrypted; projection directories (those holding {@code ..data} or {@code ..lock}), whose files are the values,
 * written for their consumer; and the inputs a test marked ({@link PlantedValues#input(Path)}). Symbolic links are
 * not followed. To stay cheap, a scan reads at most {@value #MAX_FILES} files and the first
 * {@value #MAX_BYTES_PER_FILE} bytes of each.
 */
final class LeftFiles {
  static final int MAX_FILES = 2_000;
  static final int MAX_BYTES_PER_FILE = 1 << 20;
  /** File times may be coarser than the clock; a little earlier than the start still counts. */
  private static final long SLACK_MILLIS = 1_000;

  private LeftFiles() {
  }

  /** Hands the path and text of every file in scope written since {@code startedMillis} to {@code sink}. */
  /** Returns the names of the entries of the temporary directory now; empty if it cannot be read. */
  static Set<String> entries() {
    Set<String> names = new HashSet<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(temporaryDirectory())) {
      for (Path entry : stream) {
        names.add(entry.getFileName().toString());
      }
    } catch (IOException | RuntimeException e) {
      // Unreadable: every entry counts as new, which costs a scan, never a missed leak.
    }
    return names;
  }

  /**
   * Hands the path and text of every file in scope to {@code sink}: those modified since {@code startedMillis} under
   * the entries of the temporary directory not {@code before} it (as {@link #entries()} gave them).
   */
  static void scan(List<Path> inputs, Set<String> before, long startedMillis, BiConsumer<Path, String> sink) {
    long since = startedMillis - SLACK_MILLIS;
    List<Path> files = new ArrayList<>();
    for (Path root : newInTemporaryDirectory(before, since)) {
      collect(root, since, inputs, files);
    }
    for (Path file : new LinkedHashSet<>(files)) {
      sink.accept(file, read(file));
    }
  }

  private static Path temporaryDirectory() {
    return Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
  }

  private static List<Path> newInTemporaryDirectory(Set<String> before, long since) {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(temporaryDirectory())) {
      for (Path entry : stream) {
        String name = entry.getFileName().toString();
        if (!before.contains(name) && !name.startsWith("junit") && !name.startsWith("hsperfdata_")
            && modifiedSince(entry, since)) {
          entries.add(entry);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Unreadable or gone: nothing of this test's to scan there.
    }
    return entries;
  }

  private static void collect(Path root, long since, List<Path> inputs, List<Path> files) {
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
          if (inputs.contains(directory) || holdsValuesByDesign(directory)) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          return files.size() >= MAX_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
          if (attributes.isRegularFile() && attributes.lastModifiedTime().toMillis() >= since
              && !file.getFileName().toString().endsWith(".sk") && !inputs.contains(file)) {
            files.add(file);
          }
          return files.size() >= MAX_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException | RuntimeException e) {
      // A tree that changes or vanishes while it is walked is scanned as far as it could be.
    }
  }

  private static boolean holdsValuesByDesign(Path directory) {
    return exists(directory.resolve("..data")) || exists(directory.resolve("..lock"))
        || exists(directory.resolve("key.id")) || exists(directory.resolve("store.lock"));
  }

  private static boolean exists(Path path) {
    return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
  }

  private static boolean modifiedSince(Path path, long since) {
    try {
      return Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toMillis() >= since;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static String read(Path file) {
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      return new String(in.readNBytes(MAX_BYTES_PER_FILE), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
