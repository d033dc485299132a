package dev.secretkit.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Makes a directory tree read-only for this process, as a read-only mount would, until closed:
 * for a test that a store can be read where nothing may be written. An ordinary user gets
 * {@code chmod -R a-w}; root, whom modes do not stop, gets {@code chattr -R +i} (immutable), and
 * the test is skipped where that is not available. Closing restores every mode and attribute.
 */
public final class ReadOnlyTree implements AutoCloseable {
  private final Path root;
  private final boolean immutable;
  private final List<Path> entries;
  private final List<Set<PosixFilePermission>> modes = new ArrayList<>();

  private ReadOnlyTree(Path root, boolean immutable, List<Path> entries) {
    this.root = root;
    this.immutable = immutable;
    this.entries = entries;
  }

  /**
   * Makes everything under {@code root}, and {@code root}, read-only.
   *
   * @throws org.opentest4j.TestAbortedException when running as root without {@code chattr} support
   */
  public static ReadOnlyTree of(Path root) {
    List<Path> entries;
    try (Stream<Path> walk = Files.walk(root)) {
      entries = walk.toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    boolean root0 = "root".equals(System.getProperty("user.name"));
    ReadOnlyTree tree = new ReadOnlyTree(root, root0, entries);
    if (root0) {
      assumeTrue(chattr("+i", root), "chattr +i is not available here, and root ignores file modes");
      return tree;
    }
    try {
      for (int i = entries.size() - 1; i >= 0; i--) {
        Path entry = entries.get(i);
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(entry);
        tree.modes.add(0, mode);
        Set<PosixFilePermission> readOnly = EnumSet.copyOf(mode);
        readOnly.removeAll(EnumSet.of(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE));
        Files.setPosixFilePermissions(entry, readOnly);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return tree;
  }

  private static boolean chattr(String change, Path root) {
    try {
      Process process = new ProcessBuilder("chattr", "-R", change, root.toString()).redirectErrorStream(true).start();
      process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Makes the tree writable again, as it was. */
  @Override
  public void close() {
    if (immutable) {
      if (!chattr("-i", root)) {
        throw new IllegalStateException("chattr -R -i " + root + " failed; remove the attribute by hand");
      }
      return;
    }
    try {
      for (int i = 0; i < modes.size(); i++) {
        Files.setPosixFilePermissions(entries.get(i), modes.get(i));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
