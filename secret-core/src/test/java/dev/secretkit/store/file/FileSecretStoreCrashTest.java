package dev.secretkit.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.SecretId;
import dev.secretkit.SecretValue;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A writer killed at any point leaves every secret in its last committed state or the next one, never broken. The
 * tests share nothing (each has its own directory and key) and mostly wait for the writer JVMs they start, so they
 * run at once.
 */
@Execution(ExecutionMode.CONCURRENT)
class FileSecretStoreCrashTest {
  /** Writes through the killed writers: 50 in the long mode ({@link LongTests}). */
  private static final int WRITES = LongTests.count(24, 50);
  private static final long SEED = 20251128L;

  @TempDir
  Path directory;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void writerKilledAtRandomPoints_neverLosesCommittedState() throws Exception {
    String key = TestStores.newKey();
    Random random = new Random(SEED);
    int next = 0;
    int kills = 0;
    int leftovers = 0;
    int unreported = 0;
    Path scope = directory.resolve("secrets/public");
    Files.createDirectories(scope);
    try (WatchService watcher = scope.getFileSystem().newWatchService()) {
      scope.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
      while (next < WRITES) {
        drain(watcher);
        Process child = StoreLockTest.spawn(Map.of(KeySource.VARIABLE, key), "crash", directory.toString(),
            Integer.toString(next), Integer.toString(WRITES));
        // Three kinds of kill point: on the creation of the k-th temp file (inside a write, before its
        // rename), or on the k-th line the child prints ("writing" just before a write, "committed"
        // just after one). k >= 2 makes every round commit at least one write.
        int remaining = WRITES - next;
        int trigger = remaining < 2 ? 1 + random.nextInt(2) : random.nextInt(3);
        int killAfter = trigger == 0 ? 2 + random.nextInt(Math.min(5, remaining - 1))
            : 2 + random.nextInt(Math.min(11, 2 * remaining - 1));
        AtomicInteger reported = new AtomicInteger(next - 1);
        AtomicReference<String> unexpected = new AtomicReference<>();
        Thread reader = new Thread(() -> readLines(child, reported, unexpected, trigger == 0 ? 0 : killAfter));
        reader.start();
        try {
          if (trigger == 0) {
            awaitTempFiles(watcher, killAfter);
            child.destroyForcibly();
          }
          child.waitFor();
          reader.join();
        } finally {
          child.destroyForcibly();
        }
        assertThat(unexpected.get()).as("the writer's output").isNull();
        kills += child.exitValue() == 0 ? 0 : 1;
        int last = reported.get();
        leftovers += temps().size();
        int committed = checkState(key, last);
        unreported += committed - last;
        next = committed + 1;
      }
    }
    assertThat(kills).isGreaterThanOrEqualTo(5);
    // A kill after a commit (while the index is written) may leave a temp file: the next write removes it.
    try (SecretStore store = TestStores.open(directory, key)) {
      store.create(SecretId.of("public", "after-the-kills"), TestStores.metadata("writer", Instant.EPOCH),
          TestStores.values("k", "v"));
    }
    // Whether a random kill lands between a temp file and its rename depends on the machine's load;
    // writerKilledAtEachCommitStep_... kills a writer at each step of a write deterministically.
    assertThat(temps()).as("a later write removes the temp files of killed writes").isEmpty();
    System.out.printf("file store crash test: %d kills, %d leftover temp files, %d writes committed but not"
        + " reported%n", kills, leftovers, unreported);
  }

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void writerKilledAtEachCommitStep_leavesOldStateBeforeTheRenameAndNewAfter_andTheNextWriteConverges()
      throws Exception {
    String key = TestStores.newKey();
    int kills = 0;
    for (StepWrite write : StepWrite.values()) {
      for (CommitStep step : CommitStep.values()) {
        if (!write.reaches(step)) {
          continue;
        }
        String attempt = write + " killed at " + step;
        Path store = directory.resolve(write + "-" + step);
        try (SecretStore prepared = TestStores.open(store, key)) {
          write.prepare(prepared);
        }
        Process child = StoreLockTest.spawn(Map.of(KeySource.VARIABLE, key), "step", store.toString(), write.name(),
            step.name());
        try (BufferedReader output = StoreLockTest.reader(child)) {
          assertThat(output.readLine()).as("what the writer printed in " + attempt).isEqualTo("at " + step);
          // SIGKILL while the writer waits at the step: no finally block, no shutdown hook runs.
          child.destroyForcibly();
          child.waitFor();
          kills++;
        } finally {
          child.destroyForcibly();
        }

        try (SecretStore reopened = TestStores.open(store, key)) {
          Optional<StepWrite.State> expected = step.compareTo(CommitStep.RECORD_REPLACED) < 0 ? write.before()
              : write.after();
          assertThat(StepWrite.State.of(reopened)).as("the state after " + attempt).isEqualTo(expected);
          if (expected.equals(write.before())) {
            write.run(reopened);
          }
          assertThat(StepWrite.State.of(reopened)).as("the state after retrying " + attempt).isEqualTo(write.after());
          Optional<StoredSecret> current = reopened.read(FileStoreWorker.STEPPED);
          if (current.isPresent()) {
            reopened.update(FileStoreWorker.STEPPED, current.get().revision(),
                TestStores.metadata("next", TestStores.T0), TestStores.values("k", "next"));
          } else {
            reopened.create(FileStoreWorker.STEPPED, TestStores.metadata("next", TestStores.T0),
                TestStores.values("k", "next"));
          }
          assertThat(reopened.read(FileStoreWorker.STEPPED).orElseThrow().values().get("k").asString())
              .as("the next write after " + attempt).isEqualTo("next");
        }
        try (Stream<Path> files = Files.walk(store)) {
          assertThat(files.filter(f -> f.getFileName().toString().endsWith(".tmp")))
              .as("temp files after the next write following " + attempt).isEmpty();
        }
      }
    }
    assertThat(kills).as("writers killed at a step").isEqualTo(25);
  }

  @Test
  void leftoverTempFile_isIgnoredByReads_andRemovedByTheNextWrite() throws IOException {
    String key = TestStores.newKey();
    SecretId id = SecretId.of("public", "pg");
    try (SecretStore store = TestStores.open(directory, key)) {
      StoredSecret v1 = store.create(id, TestStores.metadata("a", TestStores.T0), TestStores.values("k", "one"));
      Path scope = directory.resolve("secrets/public");
      byte[] committed = Files.readAllBytes(scope.resolve("pg.sk"));
      // What a writer killed before its rename leaves: a half-written temp file beside the record.
      Files.write(scope.resolve(".pg.sk.0123456789abcdef.tmp"), java.util.Arrays.copyOf(committed,
          committed.length / 2));
      Files.write(scope.resolve(".other.sk.0123456789abcdef.tmp"), new byte[] {1, 2, 3});

      assertThat(store.read(id).orElseThrow().values().get("k").asString()).isEqualTo("one");
      assertThat(store.list("public", null, 10).items()).extracting(s -> s.id().name()).containsExactly("pg");

      store.update(id, v1.revision(), TestStores.metadata("a", TestStores.T0), TestStores.values("k", "two"));
      assertThat(temps()).isEmpty();
      assertThat(store.read(id).orElseThrow().values().get("k").asString()).isEqualTo("two");
    }
  }

  /**
   * Checks that the store holds exactly the state after some prefix of the writes that includes
   * every reported one, and returns the last write in it.
   */
  private int checkState(String key, int reported) {
    try (SecretStore store = TestStores.open(directory, key)) {
      int last = -1;
      for (int s = 0; s < FileStoreWorker.CRASH_SECRETS; s++) {
        Optional<StoredSecret> found = store.read(FileStoreWorker.crashSecret(s));
        if (found.isPresent()) {
          int write = Integer.parseInt(found.get().values().get("write").asString().substring("write-".length()));
          last = Math.max(last, write);
        }
      }
      assertThat(last).as("the last reported write is committed").isGreaterThanOrEqualTo(reported);
      for (int s = 0; s < FileStoreWorker.CRASH_SECRETS; s++) {
        SecretId id = FileStoreWorker.crashSecret(s);
        List<Integer> writes = new ArrayList<>();
        for (int i = s; i <= last; i += FileStoreWorker.CRASH_SECRETS) {
          writes.add(i);
        }
        assertThat(store.versions(id)).as("versions of %s after write %d", id, last).hasSize(writes.size());
        if (!writes.isEmpty()) {
          Map<String, SecretValue> stored = store.read(id).orElseThrow().values();
          Map<String, SecretValue> expected = FileStoreWorker.crashWrite(writes.get(writes.size() - 1));
          assertThat(stored).as("latest values of %s", id).isEqualTo(expected);
        }
      }
      return last;
    }
  }

  /**
   * Reads the child's lines, recording the last committed write, and kills the child on line
   * {@code killAfter} (never when it is 0); the kill closes the stream, which ends the reading.
   */
  private static void readLines(Process child, AtomicInteger reported, AtomicReference<String> unexpected,
      int killAfter) {
    try (BufferedReader output = StoreLockTest.reader(child)) {
      String line;
      int seen = 0;
      while ((line = output.readLine()) != null) {
        if (line.startsWith("committed ")) {
          reported.set(Integer.parseInt(line.substring("committed ".length())));
        } else if (!line.startsWith("writing ")) {
          unexpected.set(line);
        }
        if (++seen == killAfter) {
          child.destroyForcibly();
          return;
        }
      }
    } catch (IOException e) {
      // The kill closed the stream.
    }
  }

  private static void drain(WatchService watcher) {
    WatchKey key;
    while ((key = watcher.poll()) != null) {
      key.pollEvents();
      key.reset();
    }
  }

  /** Blocks until {@code count} temp files have been created in the watched directory. */
  private static void awaitTempFiles(WatchService watcher, int count) throws InterruptedException {
    int created = 0;
    while (created < count) {
      WatchKey key = watcher.take();
      for (WatchEvent<?> event : key.pollEvents()) {
        if (event.context() instanceof Path name && name.toString().endsWith(".tmp")) {
          created++;
        }
      }
      key.reset();
    }
  }

  private List<Path> temps() throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
    }
  }
}
