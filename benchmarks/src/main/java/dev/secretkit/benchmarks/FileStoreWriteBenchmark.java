package dev.secretkit.benchmarks;

import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.client.StoreRegistry;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One write (a new version of a two-key secret, committed with its fsyncs) to the encrypted file store, for a secret
 * that keeps 10 versions ({@code tenVersions}, the baseline) and one that keeps 2,000 ({@code twoThousandVersions}):
 * each store retains exactly that many, so every measured write adds one version and drops the oldest. The score is
 * the average time of one write.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FileStoreWriteBenchmark {
  static final int FEW = 10;
  static final int MANY = 2_000;
  private static final SecretId ID = SecretId.of("public", "pg");

  /** A file store in a temporary directory whose one secret holds as many versions as it keeps. */
  abstract static class Filled {
    private Path directory;
    private SecretStore store;
    private StoredSecret latest;
    private long written;

    abstract int versions();

    /** Creates the store and writes the secret's versions. */
    @Setup
    public void fill() throws IOException {
      directory = Files.createTempDirectory("secretkit-bench");
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      store = StoreRegistry.builder().build().open("file:" + directory + "?versionsRetained=" + versions(),
          Map.of("SECRETKIT_MASTER_KEY", Base64.getEncoder().encodeToString(key)), Clock.systemUTC());
      latest = store.create(ID, metadata(), values(0));
      for (int i = 1; i < versions(); i++) {
        write();
      }
    }

    /** Writes the next version. */
    long write() {
      written++;
      latest = store.update(ID, latest.revision(), metadata(), values(written));
      latest.values().values().forEach(SecretValue::destroy);
      return latest.version().number();
    }

    /** Closes the store and removes its directory. */
    @TearDown
    public void close() throws IOException {
      store.close();
      try (Stream<Path> files = Files.walk(directory)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }

    private static SecretMetadata metadata() {
      Instant now = Instant.parse("2026-01-01T00:00:00Z");
      return new SecretMetadata("secret", "v1", "key-value-properties", "r", "bench", List.of(), null, null,
          List.of(), List.of(), now, "bench", now, "bench");
    }

    private static Map<String, SecretValue> values(long n) {
      return Map.of("username", SecretValue.ofString("bench-user"), "password",
          SecretValue.ofString("fake-password-" + n));
    }
  }

  /** A secret that keeps 10 versions. */
  @State(Scope.Benchmark)
  public static class Few extends Filled {
    @Override
    int versions() {
      return FEW;
    }
  }

  /** A secret that keeps 2,000 versions. */
  @State(Scope.Benchmark)
  public static class Many extends Filled {
    @Override
    int versions() {
      return MANY;
    }
  }

  /** The baseline: one write to a secret that keeps 10 versions. */
  @Benchmark
  public long tenVersions(Few few) {
    return few.write();
  }

  /** One write to a secret that keeps 2,000 versions. */
  @Benchmark
  public long twoThousandVersions(Many many) {
    return many.write();
  }
}
