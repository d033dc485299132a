package dev.secretkit.store.file;

import dev.secretkit.ConflictException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.client.SecretClient;
import dev.secretkit.manifest.SecretManifest;
import dev.secretkit.manifest.SecretSection;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.spi.StoredSecret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The child process of the file store's multi-process tests; its environment carries the master key.
 *
 * <ul>
 *   <li>{@code apply DIR TAG THREADS N}: prints {@code ready}, waits for a line on stdin, opens a
 *       client on {@code file:DIR}, and from each of THREADS threads applies N different contents of
 *       one secret, printing {@code ok CONTENT} per success, then {@code done OK CONFLICTS}.
 *   <li>{@code probe FILE}: prints {@code held} when another process holds the OS lock on FILE, else {@code free}.
 *   <li>{@code crash DIR FROM TO}: performs writes FROM..TO-1 of {@link #crashWrite}'s sequence,
 *       printing {@code writing I} before each and {@code committed I} once it is durable.
 *   <li>{@code step DIR KIND STEP}: performs one write of {@link StepWrite} KIND on {@link #STEPPED}
 *       and, on reaching {@link CommitStep} STEP, prints {@code at STEP} and waits to be killed;
 *       prints {@code done} if the write never reaches it.
 * </ul>
 */
public final class FileStoreWorker {
  static final SecretId APPLIED = SecretId.of("public", "contended");
  static final int CRASH_SECRETS = 4;
  static final SecretId STEPPED = SecretId.of("public", "stepped");

  private FileStoreWorker() {
  }

  /** Runs one mode; exits 1 after printing {@code error TYPE} on any failure but a conflict. */
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try {
      switch (args[0]) {
        case "apply" -> apply(out, args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        case "crash" -> crash(out, args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        case "probe" -> probe(out, Path.of(args[1]));
        case "step" -> step(out, Path.of(args[1]), StepWrite.valueOf(args[2]), CommitStep.valueOf(args[3]));
        default -> throw new IllegalArgumentException("unknown mode " + args[0]);
      }
    } catch (RuntimeException e) {
      out.println("error " + e.getClass().getName() + ": " + e.getMessage());
      System.exit(1);
    }
  }

  private static void apply(PrintStream out, String directory, String tag, int threads, int count) throws Exception {
    out.println("ready");
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger conflicts = new AtomicInteger();
    try (SecretClient client = SecretClient.builder().store("file:" + directory + "?versionsRetained=0").environment(System.getenv())
        .build()) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          String writer = tag + t;
          writers.add(pool.submit(() -> {
            for (int i = 0; i < count; i++) {
              String content = writer + "-" + i;
              try {
                client.apply(manifest(content));
                ok.incrementAndGet();
                out.println("ok " + content);
              } catch (ConflictException e) {
                conflicts.incrementAndGet();
              }
            }
          }));
        }
        for (Future<?> writer : writers) {
          writer.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }
    out.println("done " + ok.get() + " " + conflicts.get());
  }

  /** Prints whether another process holds the OS lock on {@code file}: {@code held} or {@code free}. */
  private static void probe(PrintStream out, Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      out.println(lock == null ? "held" : "free");
    }
  }

  static SecretManifest manifest(String content) {
    Map<String, SecretValue> data = new LinkedHashMap<>();
    data.put("password", SecretValue.ofString(content));
    return new SecretManifest(APPLIED.name(), "v1", SecretManifest.TYPE_SECRET, List.of(), null, null, null,
        APPLIED.scope(), new SecretSection("key-value-properties", "r", data, Map.of()));
  }

  private static void crash(PrintStream out, String directory, int from, int to) {
    StoreConfig config = StoreConfig.parse("file:" + directory + "?versionsRetained=0", System.getenv(),
        Clock.systemUTC());
    try (SecretStore store = new FileSecretStoreProvider().open(config)) {
      for (int i = from; i < to; i++) {
        SecretId id = crashSecret(i);
        SecretMetadata metadata = TestStores.metadata("writer", Instant.EPOCH.plusSeconds(i));
        Map<String, SecretValue> values = crashWrite(i);
        Optional<StoredSecret> current = store.read(id);
        out.println("writing " + i);
        if (current.isEmpty()) {
          store.create(id, metadata, values);
        } else {
          store.update(id, current.get().revision(), metadata, values);
        }
        out.println("committed " + i);
      }
    }
  }

  private static void step(PrintStream out, Path directory, StepWrite write, CommitStep stop) throws Exception {
    CountDownLatch killed = new CountDownLatch(1);
    Consumer<CommitStep> steps = step -> {
      if (step == stop) {
        out.println("at " + step);
        // Held here until the parent kills the process; nothing ever counts the latch down.
        awaitUninterruptibly(killed);
      }
    };
    StoreConfig config = StoreConfig.parse("file:" + directory + "?versionsRetained=0", System.getenv(),
        Clock.systemUTC());
    try (SecretStore store = FileSecretStoreProvider.open(config, steps)) {
      write.run(store);
    }
    out.println("done");
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    while (true) {
      try {
        latch.await();
        return;
      } catch (InterruptedException e) {
        // Only the kill may end the wait.
      }
    }
  }

  static SecretId crashSecret(int write) {
    return SecretId.of("public", "s" + write % CRASH_SECRETS);
  }

  /** Returns the values of write {@code write}: its number and a payload big enough for a kill to land mid-write. */
  static Map<String, SecretValue> crashWrite(int write) {
    byte[] payload = new byte[32 * 1024];
    new Random(write).nextBytes(payload);
    Map<String, SecretValue> values = new LinkedHashMap<>();
    values.put("write", SecretValue.ofString("write-" + write));
    values.put("payload", SecretValue.ofBytes(payload));
    return values;
  }
}
