package dev.secretkit.projection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A directory of projected files that is swapped as a whole: a reader sees the old set of files
 * or the new one, never a partial file or a mix of both, as Kubernetes' atomic writer does for
 * Secret volumes.
 *
 * <p>Each write puts every file in a new hidden generation directory ({@code ..<id>}), then
 * atomically replaces the symbolic link {@code ..data} with one to it; each top-level file or
 * folder is a link through {@code ..data}. The generation before the current one is kept until
 * the next write, so a reader that resolved {@code ..data} can finish reading it. A reader that
 * needs several files from one generation resolves {@code ..data} once and reads them under it.
 * Directories are created {@code 0700}; files have their entry's mode. Names starting with
 * {@code ..}, and {@code config/} and {@code work/} (in any case), are reserved. Files this class
 * did not write are left alone, and a projected name that one of them already has is refused. A
 * directory that others may write to is refused: they could point {@code ..data} at files of their
 * own. Writers of one directory, in this process or others, take turns through the lock file
 * {@code ..lock}, and a write on behalf of an owner (the consumers the files are for) records it in
 * {@code ..owner} and refuses a directory that holds another owner's files. Needs a file system with symbolic links and POSIX permissions (Linux, macOS).
 * Thread-safe.
 */
public final class SecretDirectory {
  /** The link that names the current generation. */
  public static final String DATA_LINK = "..data";

  private static final String GENERATION_PREFIX = "..gen-";
  private static final String TEMPORARY_LINK = "..data_tmp";
  private static final String LOCK_FILE = "..lock";
  private static final String OWNER_FILE = "..owner";
  /** One monitor per directory for the writers of this process. */
  private static final ConcurrentMap<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();
  private static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");

  private final Path root;

  private SecretDirectory(Path root) {
    this.root = root;
  }

  /** Returns the secret directory at {@code root}; nothing is created until the first write. */
  public static SecretDirectory at(Path root) {
    return new SecretDirectory(Objects.requireNonNull(root, "root").toAbsolutePath().normalize());
  }

  /** Returns the directory's path. */
  public Path root() {
    return root;
  }

  /**
   * Replaces every file this directory holds from an earlier write with {@code files}, at once: the
   * swap of {@code ..data} is the one point where the new set replaces the old.
   *
   * @throws IllegalArgumentException if a file's path is reserved or leaves the directory
   * @throws IllegalStateException if a projected top-level name is taken by a file this class did
   *     not write, or others may write to the directory
   * @throws UncheckedIOException if the files cannot be written; before the swap the directory
   *     then holds the files it held (a directory this call created is removed), after it the new
   *     ones, with old links or generations perhaps left for the next write to remove
   */
  public void write(List<ProjectedFile> files) {
    write(files, null);
  }

  /**
   * Replaces the files as {@link #write(List)} does, on behalf of {@code owner} (the consumers whose
   * files they are, see {@link #ownerOf}), which it records: a directory that holds another owner's
   * files is refused, so that two consumers never replace each other's files.
   *
   * @param owner who the files belong to; null to record nobody and check nothing
   * @throws IllegalStateException also if the directory holds the files of another owner
   */
  public void write(List<ProjectedFile> files, String owner) {
    Set<String> tops = new LinkedHashSet<>();
    for (ProjectedFile file : files) {
      tops.add(checkedTop(file.path()));
    }
    boolean created = !Files.exists(root);
    try {
      if (created) {
        Path parent = root.getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        createPrivateDirectory(root);
      }
      checkPrivate();
      // Refused before the lock file is made, so that a refusal leaves the directory as it was.
      checkForeign(tops);
      checkOwner(owner);
      locked(() -> {
        checkOwner(owner);
        writeLocked(files, tops, created);
        if (owner != null) {
          Path next = root.resolve(OWNER_FILE + ".tmp");
          Files.writeString(next, owner, StandardCharsets.UTF_8);
          Files.move(next, root.resolve(OWNER_FILE), StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the projected files to " + root, e);
    }
  }

  private void writeLocked(List<ProjectedFile> files, Set<String> tops, boolean created) throws IOException {
    checkForeign(tops);
    Path previous = current();
    Path generation = Files.createTempDirectory(root, GENERATION_PREFIX,
        PosixFilePermissions.asFileAttribute(DIRECTORY_MODE));
    try {
      for (ProjectedFile file : files) {
        writeFile(generation, file);
      }
      swap(generation);
    } catch (IOException | RuntimeException e) {
      deleteTree(generation);
      if (created) {
        Files.deleteIfExists(root.resolve(LOCK_FILE));
        Files.deleteIfExists(root);
      }
      throw e;
    }
    for (String top : tops) {
      Path link = root.resolve(top);
      if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, Path.of(DATA_LINK, top));
      }
    }
    removeOtherLinks(tops);
    removeGenerations(generation, previous);
  }

  /**
   * Removes every file and link this directory's writes made, and the directory itself when
   * nothing else is left in it (when the directory is a link, the link and what it points to
   * stay, emptied of what was written); files this class did not write stay.
   *
   * @throws UncheckedIOException if they cannot be removed
   */
  public void clear() {
    if (!Files.isDirectory(root)) {
      return;
    }
    try {
      locked(() -> {
        removeOtherLinks(Set.of());
        Files.deleteIfExists(root.resolve(DATA_LINK));
        Files.deleteIfExists(root.resolve(TEMPORARY_LINK));
        removeGenerations(null, null);
        Files.deleteIfExists(root.resolve(OWNER_FILE));
        Files.delete(root.resolve(LOCK_FILE));
      });
      if (!Files.isSymbolicLink(root)) {
        try (Stream<Path> left = Files.list(root)) {
          if (left.findAny().isEmpty()) {
            Files.delete(root);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the projected files from " + root, e);
    }
  }

  /** Something done to the directory while this process holds its lock file. */
  private interface LockedAction {
    void run() throws IOException;
  }

  /**
   * Runs {@code action} holding the lock of {@code ..lock}, which other processes' writers of the
   * directory take too, and, since the JVM lets only one channel lock a file, this process's lock of the directory.
   */
  private void locked(LockedAction action) throws IOException {
    synchronized (IN_PROCESS.computeIfAbsent(root, path -> new Object())) {
      lockFile(action);
    }
  }

  private void lockFile(LockedAction action) throws IOException {
    try (FileChannel lock = FileChannel.open(root.resolve(LOCK_FILE), Set.of(StandardOpenOption.CREATE,
        StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
      FileLock held = lock.lock();
      try {
        action.run();
      } finally {
        if (held.isValid()) {
          held.release();
        }
      }
    }
  }

  /** Returns whose files the directory holds, as the last {@link #write(List, String)} recorded; empty when none did. */
  public Optional<String> owner() {
    try {
      Path file = root.resolve(OWNER_FILE);
      return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
          ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read who owns " + root, e);
    }
  }

  /** Returns the owner {@code consumers} write as: their dependents ({@code kind:version:name}), sorted, comma-separated. */
  public static String ownerOf(List<Consumer> consumers) {
    return consumers.stream().map(Consumer::dependent).sorted().distinct().collect(Collectors.joining(", "));
  }

  private void checkOwner(String owner) {
    if (owner == null) {
      return;
    }
    Optional<String> recorded = owner();
    if (recorded.isPresent() && !recorded.get().equals(owner)) {
      throw new IllegalStateException(root + " holds the files projected for " + recorded.get() + ", not for "
          + owner + "; choose another directory, or remove those first (secretctl project --delete)");
    }
  }

  /** Refuses a projected top-level name that a file this class did not write has. */
  private void checkForeign(Set<String> tops) throws IOException {
    for (String top : tops) {
      Path existing = root.resolve(top);
      if (Files.exists(existing, LinkOption.NOFOLLOW_LINKS) && !isOurLink(existing, top)) {
        throw new IllegalStateException(existing + " exists and was not written by SecretKit; move it away or"
            + " choose another --dir");
      }
    }
  }

  /** Refuses a directory others may write to, or one that is not a directory. */
  private void checkPrivate() throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IllegalStateException(root + " is not a directory; choose another --dir");
    }
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(root);
    if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
      throw new IllegalStateException(root + " may be written by others (" + PosixFilePermissions.toString(mode)
          + "), who could replace the projected files; use a private directory (chmod 700)");
    }
  }

  /** Returns the current generation directory, or null before the first write. */
  Path current() throws IOException {
    Path link = root.resolve(DATA_LINK);
    if (!Files.isSymbolicLink(link)) {
      return null;
    }
    return root.resolve(Files.readSymbolicLink(link)).normalize();
  }

  private static String checkedTop(String path) {
    String[] names = path.split("/");
    for (String name : names) {
      if (name.isEmpty() || name.equals(".") || name.startsWith("..") || name.contains("\\")) {
        throw new IllegalArgumentException("the projected path " + path + " has an empty, '.' or '..' name");
      }
    }
    if (DirectoryNames.isReserved(names[0])) {
      throw new IllegalArgumentException("the projected path " + path + " is under the reserved " + names[0] + "/");
    }
    return names[0];
  }

  private boolean isOurLink(Path existing, String top) throws IOException {
    return Files.isSymbolicLink(existing) && Files.readSymbolicLink(existing).equals(Path.of(DATA_LINK, top));
  }

  private static void createPrivateDirectory(Path directory) throws IOException {
    try {
      Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(DIRECTORY_MODE));
    } catch (FileAlreadyExistsException raced) {
      if (!Files.isDirectory(directory)) {
        throw raced;
      }
    }
  }

  /** Creates {@code directory} and its missing parents inside a generation, each {@code 0700}. */
  private static void createPrivateDirectories(Path directory) throws IOException {
    if (Files.isDirectory(directory)) {
      return;
    }
    createPrivateDirectories(directory.getParent());
    createPrivateDirectory(directory);
  }

  private static void writeFile(Path generation, ProjectedFile file) throws IOException {
    Path target = generation.resolve(file.path());
    createPrivateDirectories(target.getParent());
    byte[] content = file.content();
    try (FileChannel channel = FileChannel.open(target, Set.of(StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    } finally {
      Arrays.fill(content, (byte) 0);
    }
    Files.setPosixFilePermissions(target, permissions(file.mode()));
  }

  private void swap(Path generation) throws IOException {
    Path temporary = root.resolve(TEMPORARY_LINK);
    Files.deleteIfExists(temporary);
    Files.createSymbolicLink(temporary, generation.getFileName());
    Files.move(temporary, root.resolve(DATA_LINK), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  private void removeOtherLinks(Set<String> keep) throws IOException {
    List<Path> stale = new ArrayList<>();
    try (Stream<Path> entries = Files.list(root)) {
      entries.filter(Files::isSymbolicLink).forEach(entry -> {
        String name = entry.getFileName().toString();
        if (!name.startsWith("..") && !keep.contains(name)) {
          stale.add(entry);
        }
      });
    }
    for (Path entry : stale) {
      if (isOurLink(entry, entry.getFileName().toString())) {
        Files.delete(entry);
      }
    }
  }

  /** Deletes every generation but {@code current} and {@code previous}. */
  private void removeGenerations(Path current, Path previous) throws IOException {
    List<Path> old = new ArrayList<>();
    try (Stream<Path> entries = Files.list(root)) {
      entries.filter(entry -> entry.getFileName().toString().startsWith(GENERATION_PREFIX))
          .filter(entry -> !entry.equals(current) && !entry.equals(previous)).forEach(old::add);
    }
    for (Path generation : old) {
      deleteTree(generation);
    }
  }

  private static void deleteTree(Path directory) throws IOException {
    if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<Path> entries;
    try (Stream<Path> walk = Files.walk(directory)) {
      entries = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path entry : entries) {
      try {
        Files.delete(entry);
      } catch (NoSuchFileException gone) {
        // Another clean-up removed it first; what matters is that it is gone.
      }
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    StringBuilder text = new StringBuilder();
    for (int shift = 6; shift >= 0; shift -= 3) {
      int bits = mode >> shift & 7;
      text.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
    }
    return PosixFilePermissions.fromString(text.toString());
  }

  @Override
  public String toString() {
    return "SecretDirectory[" + root + "]";
  }
}
