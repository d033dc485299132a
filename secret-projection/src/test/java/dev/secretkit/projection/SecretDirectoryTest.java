package dev.secretkit.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SecretDirectory}: the whole set of files swapped at once, private modes, and others' files left alone. */
class SecretDirectoryTest {
  @TempDir
  Path temp;

  private static ProjectedFile file(String path, String content, int mode) {
    return new ProjectedFile(path, content.getBytes(StandardCharsets.UTF_8), mode);
  }

  private static String read(Path path) throws Exception {
    return Files.readString(path);
  }

  private static String mode(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  @Test
  void aWrite_makesEveryFileReadableUnderItsPath_withItsMode_inAPrivateDirectory() throws Exception {
    SecretDirectory directory = SecretDirectory.at(temp.resolve(".secrets"));

    directory.write(List.of(file("pg.properties", "a=1\n", 0600), file("app/conf/db.conf", "b", 0400)));

    Path root = temp.resolve(".secrets");
    assertThat(read(root.resolve("pg.properties"))).isEqualTo("a=1\n");
    assertThat(read(root.resolve("app/conf/db.conf"))).isEqualTo("b");
    assertThat(mode(root)).isEqualTo("rwx------");
    assertThat(mode(root.resolve("pg.properties"))).isEqualTo("rw-------");
    assertThat(mode(root.resolve("app/conf/db.conf"))).isEqualTo("r--------");
    assertThat(mode(root.resolve("app"))).isEqualTo("rwx------");
    assertThat(Files.isSymbolicLink(root.resolve(SecretDirectory.DATA_LINK))).isTrue();
  }

  @Test
  void aSecondWrite_replacesTheWholeSet_andKeepsOnlyThePreviousGeneration() throws Exception {
    SecretDirectory directory = SecretDirectory.at(temp);
    directory.write(List.of(file("a", "1", 0600), file("b", "1", 0600)));
    directory.write(List.of(file("a", "2", 0600), file("c", "2", 0600)));
    directory.write(List.of(file("a", "3", 0600)));

    assertThat(read(temp.resolve("a"))).isEqualTo("3");
    assertThat(temp.resolve("b")).doesNotExist();
    assertThat(Files.exists(temp.resolve("c"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    try (Stream<Path> entries = Files.list(temp)) {
      assertThat(entries.map(entry -> entry.getFileName().toString()).filter(name -> name.startsWith("..gen-")))
          .hasSize(2);
    }
  }

  @Test
  void aNameAnotherToolWrote_isRefused_andNothingChanges() throws Exception {
    Files.writeString(temp.resolve("mine.txt"), "not SecretKit's");
    SecretDirectory directory = SecretDirectory.at(temp);

    assertThatThrownBy(() -> directory.write(List.of(file("mine.txt", "x", 0600))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("was not written by SecretKit");
    assertThat(read(temp.resolve("mine.txt"))).isEqualTo("not SecretKit's");
    try (Stream<Path> entries = Files.list(temp)) {
      assertThat(entries).hasSize(1);
    }
  }

  @Test
  void reservedAndEscapingPaths_areRefused() {
    SecretDirectory directory = SecretDirectory.at(temp);

    for (String path : List.of("config/app.conf", "work", "..data", "a/../b", "a//b", "./a")) {
      assertThatThrownBy(() -> directory.write(List.of(file(path, "x", 0600))))
          .as(path).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void clear_removesWhatItWrote_andLeavesTheRest() throws Exception {
    SecretDirectory directory = SecretDirectory.at(temp.resolve("d"));
    directory.write(List.of(file("a", "1", 0600), file("sub/b", "1", 0600)));
    Files.writeString(temp.resolve("d/keep.txt"), "other");

    directory.clear();

    try (Stream<Path> entries = Files.list(temp.resolve("d"))) {
      assertThat(entries.map(entry -> entry.getFileName().toString())).containsExactly("keep.txt");
    }
    Files.delete(temp.resolve("d/keep.txt"));
    directory.write(List.of(file("a", "1", 0600)));
    directory.clear();
    assertThat(temp.resolve("d")).doesNotExist();
    directory.clear();
  }

  /** Issue acceptance: a reader polling during 500 re-renders never sees a partial file or a mix of versions. */
  @Test
  void aReaderPollingDuring500Swaps_neverSeesAPartialFileOrAMixOfVersions() throws Exception {
    SecretDirectory directory = SecretDirectory.at(temp);
    directory.write(files(0));
    AtomicBoolean done = new AtomicBoolean();
    List<String> seen = new ArrayList<>();
    AtomicInteger polls = new AtomicInteger();
    AtomicInteger vanished = new AtomicInteger();
    Thread reader = new Thread(() -> {
      while (!done.get()) {
        try {
          Path generation = temp.resolve(Files.readSymbolicLink(temp.resolve(SecretDirectory.DATA_LINK)));
          String a = read(generation.resolve("a.conf"));
          String b = read(generation.resolve("app/b.conf"));
          String linked = read(temp.resolve("a.conf"));
          if (!whole(a) || !whole(b) || !whole(linked) || !a.equals(b)) {
            seen.add(a.length() + "/" + b.length() + "/" + linked.length());
          }
          polls.incrementAndGet();
        } catch (NoSuchFileException gone) {
          vanished.incrementAndGet();
        } catch (Exception e) {
          seen.add(e.toString());
        }
      }
    });
    reader.start();
    for (int version = 1; version <= 500; version++) {
      directory.write(files(version));
    }
    done.set(true);
    reader.join();

    assertThat(seen).isEmpty();
    assertThat(polls.get()).isPositive();
    assertThat(read(temp.resolve("a.conf"))).startsWith("v500;");
  }

  private static List<ProjectedFile> files(int version) {
    String content = ("v" + version + ";").repeat(2000);
    return List.of(file("a.conf", content, 0600), file("app/b.conf", content, 0600));
  }

  /** Returns whether {@code content} is one version's token repeated in full. */
  private static boolean whole(String content) {
    int end = content.indexOf(';');
    return end > 0 && content.equals(content.substring(0, end + 1).repeat(2000));
  }
}
