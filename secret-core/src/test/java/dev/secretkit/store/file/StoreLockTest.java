package dev.secretkit.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.ApplyResult;
import dev.secretkit.ConflictException;
import dev.secretkit.SecretVersion;
import dev.secretkit.client.SecretClient;
import dev.secretkit.spi.SecretStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Racing writers, as threads of one client and as separate processes, lose no update. */
class StoreLockTest {
  static final int THREADS = 8;
  /**
   * Applies per thread: hundreds of lock hand-overs between threads and processes per run, thousands
   * in the long mode ({@link LongTests}); every apply rewrites the whole history, so the cost grows
   * with the square of this number.
   */
  static final int APPLIES_PER_THREAD = LongTests.count(40, 150);

  @TempDir
  Path directory;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void applies_fromEightThreads_eachSucceedOrConflict_andNoneIsLost() throws Exception {
    String key = TestStores.newKey();
    Map<String, Long> succeeded = new ConcurrentHashMap<>();
    AtomicInteger conflicts = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    long began;
    try (SecretClient client = SecretClient.builder().store("file:" + directory + "?versionsRetained=0")
        .environment(Map.of(KeySource.VARIABLE, key, "USER", "alice")).build()) {
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        String tag = "t" + t;
        runs.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < APPLIES_PER_THREAD; i++) {
            String content = tag + "-" + i;
            try {
              ApplyResult result = client.apply(FileStoreWorker.manifest(content));
              assertThat(result.outcome()).isNotEqualTo(ApplyResult.Outcome.UNCHANGED);
              succeeded.put(content, result.version());
            } catch (ConflictException e) {
              conflicts.incrementAndGet();
            }
          }
          return null;
        }));
      }
      began = System.nanoTime();
      start.countDown();
      for (Future<?> run : runs) {
        run.get();
      }
    } finally {
      pool.shutdownNow();
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
    System.out.printf("file store: %d x %d applies through one client took %d ms: %d succeeded, %d conflicted%n",
        THREADS, APPLIES_PER_THREAD, millis, succeeded.size(), conflicts.get());

    assertThat(succeeded.size() + conflicts.get()).isEqualTo(THREADS * APPLIES_PER_THREAD);
    assertNoLostUpdate(TestStores.open(directory, key), succeeded);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void applies_fromTwoProcesses_sumToTheVersionCount() throws Exception {
    Path store = directory.resolve("shared");
    List<Process> children = new ArrayList<>();
    try {
      for (String tag : List.of("a", "b")) {
        // No key in the environment: both children race to create the key file.
        children.add(spawn(Map.of("USER", "worker-" + tag, "HOME", TestStores.home(store).toString()), "apply", store.toString(), tag,
            Integer.toString(THREADS), Integer.toString(APPLIES_PER_THREAD)));
      }
      List<BufferedReader> outputs = new ArrayList<>();
      for (Process child : children) {
        BufferedReader output = reader(child);
        assertThat(output.readLine()).isEqualTo("ready");
        outputs.add(output);
      }
      for (Process child : children) {
        OutputStream input = child.getOutputStream();
        input.write("go\n".getBytes(StandardCharsets.UTF_8));
        input.flush();
      }
      Map<String, Long> succeeded = new ConcurrentHashMap<>();
      int total = 0;
      for (int i = 0; i < children.size(); i++) {
        int ok = 0;
        String line;
        String done = null;
        while ((line = outputs.get(i).readLine()) != null) {
          if (line.startsWith("ok ")) {
            succeeded.put(line.substring(3), 0L);
            ok++;
          } else {
            done = line;
          }
        }
        assertThat(children.get(i).waitFor()).as(String.valueOf(done)).isZero();
        assertThat(done).startsWith("done " + ok + " ");
        total += ok + Integer.parseInt(done.split(" ")[2]);
      }
      assertThat(total).isEqualTo(2 * THREADS * APPLIES_PER_THREAD);
      assertNoLostUpdate(TestStores.openWithKeyFile(store), succeeded);
    } finally {
      children.forEach(Process::destroyForcibly);
    }
  }

  @Test
  void closingOneStoreOnADirectory_keepsTheLockAnotherStoreOfThisJvmHolds() throws Exception {
    Path lockFile = directory.resolve("store.lock");
    StoreLock holder = new StoreLock(lockFile);
    StoreLock other = new StoreLock(lockFile);
    holder.acquire();
    try {
      other.close();
      assertThat(probe(lockFile)).as("another process sees the lock still held").isEqualTo("held");
    } finally {
      holder.release();
    }
    assertThat(probe(lockFile)).isEqualTo("free");
    holder.close();
    StoreLock again = new StoreLock(lockFile);
    again.acquire();
    assertThat(probe(lockFile)).isEqualTo("held");
    again.release();
    again.close();
  }

  private static String probe(Path lockFile) throws Exception {
    Process child = spawn(Map.of(), "probe", lockFile.toString());
    try (BufferedReader output = reader(child)) {
      String line = output.readLine();
      assertThat(child.waitFor()).isZero();
      return line;
    }
  }

  /** Checks that each successful apply is exactly one version, and the latest is the last one that succeeded. */
  private static void assertNoLostUpdate(SecretStore opened, Map<String, Long> succeeded) {
    try (SecretStore store = opened) {
      List<SecretVersion> versions = store.versions(FileStoreWorker.APPLIED);
      assertThat(versions).hasSize(succeeded.size());
      Set<String> stored = new HashSet<>();
      for (SecretVersion version : versions) {
        String content = store.read(FileStoreWorker.APPLIED, version.number()).orElseThrow().values().get("password")
            .asString();
        assertThat(stored.add(content)).as("version %d repeats %s", version.number(), content).isTrue();
        Long reported = succeeded.get(content);
        assertThat(reported).as("version %d holds %s, which no apply reported", version.number(), content)
            .isNotNull();
        if (reported != 0L) {
          assertThat(reported).isEqualTo(version.number());
        }
      }
      assertThat(stored).isEqualTo(succeeded.keySet());
    }
  }

  static Process spawn(Map<String, String> environment, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1", "-Xshare:auto",
        FileStoreWorker.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    List.of(KeySource.VARIABLE, KeySource.COMMAND_VARIABLE, KeySource.FILE_VARIABLE, "XDG_CONFIG_HOME")
        .forEach(builder.environment()::remove);
    builder.environment().putAll(environment);
    return builder.start();
  }

  static BufferedReader reader(Process child) {
    return new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
  }
}
