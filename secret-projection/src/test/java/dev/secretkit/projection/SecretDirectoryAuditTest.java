package dev.secretkit.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance audit of issue 15: what {@link SecretDirectory} promises and no other test held when
 * a planted defect broke it.
 */
class SecretDirectoryAuditTest {
  @TempDir
  Path temp;

  private static ProjectedFile file(String path, String content) {
    return new ProjectedFile(path, content.getBytes(StandardCharsets.UTF_8), 0600);
  }

  /**
   * A reader that opens a file through its top-level link always finds it: the swap of
   * {@code ..data} is one rename, so there is no moment without the old set or the new one.
   */
  @Test
  void aReaderThroughTheTopLevelLink_alwaysFindsTheFile_during500Swaps() throws Exception {
    SecretDirectory directory = SecretDirectory.at(temp);
    directory.write(List.of(file("a.conf", "v0")));
    AtomicBoolean done = new AtomicBoolean();
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger polls = new AtomicInteger();
    Thread reader = new Thread(() -> {
      while (!done.get()) {
        try {
          String content = Files.readString(temp.resolve("a.conf"));
          if (!content.startsWith("v")) {
            seen.add("partial: " + content.length());
          }
          polls.incrementAndGet();
        } catch (Exception e) {
          seen.add(e.toString());
        }
      }
    });
    reader.start();
    for (int version = 1; version <= 500; version++) {
      directory.write(List.of(file("a.conf", "v" + version)));
    }
    done.set(true);
    reader.join();

    assertThat(seen).isEmpty();
    assertThat(polls.get()).isPositive();
  }

  /** Writers of one directory in this process take turns, as the class Javadoc promises. */
  @Test
  void writersOnTwoThreads_takeTurns() throws Exception {
    List<Throwable> failed = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> writers = new ArrayList<>();
    for (int writer = 0; writer < 2; writer++) {
      String name = "w" + writer;
      Thread thread = new Thread(() -> {
        try {
          start.await();
          SecretDirectory directory = SecretDirectory.at(temp.resolve("d"));
          for (int i = 0; i < 100; i++) {
            directory.write(List.of(file("a.conf", name + "-" + i)));
          }
        } catch (Throwable e) {
          failed.add(e);
        }
      });
      thread.start();
      writers.add(thread);
    }
    start.countDown();
    for (Thread thread : writers) {
      thread.join();
    }

    assertThat(failed).isEmpty();
    assertThat(Files.readString(temp.resolve("d/a.conf"))).endsWith("-99");
  }

  /** Files, and symbolic links, that SecretKit did not write are left alone by writes and clear. */
  @Test
  void aSymlinkAnotherToolPutThere_isLeftAlone() throws Exception {
    Path root = temp.resolve("d");
    SecretDirectory directory = SecretDirectory.at(root);
    directory.write(List.of(file("a.conf", "1")));
    Path target = Files.writeString(temp.resolve("their-file"), "theirs");
    Path theirs = Files.createSymbolicLink(root.resolve("theirs"), target);

    directory.write(List.of(file("b.conf", "2")));
    assertThat(Files.isSymbolicLink(theirs)).as("after a write").isTrue();
    directory.clear();

    assertThat(Files.isSymbolicLink(theirs)).as("after clear").isTrue();
  }

  /** write(): a failed write leaves the directory as it was; one this call created is removed. */
  @Test
  void aFailedFirstWrite_removesTheDirectoryItCreated() {
    Path root = temp.resolve("new");

    assertThatThrownBy(() -> SecretDirectory.at(root).write(List.of(file("a", "file"), file("a/b", "in a folder"))))
        .isInstanceOf(UncheckedIOException.class);
    assertThat(root).doesNotExist();
  }
}
