package dev.secretkit.benchmarks;

import com.amazonaws.secretsmanager.caching.SecretCache;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secretkit.SecretRef;
import dev.secretkit.SecretValue;
import dev.secretkit.client.CachePolicy;
import dev.secretkit.client.SecretClient;
import dev.secretkit.emulator.aws.SecretsManagerEmulator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Counts the AWS calls SecretKit's client and the AWS caching client make on the emulator in the scenarios where
 * calls, not time, are the figure: {@value #THREADS} threads resolving one cold secret at once; one resolve of an
 * unchanged secret after the TTL (equal for both, {@link #TTL}); {@value #BULK} distinct secrets resolved at once.
 * Every value returned is checked. Writes the counts, by operation, as JSON to the file {@code args[0]}.
 */
public final class BackendCalls {
  static final int THREADS = 64;
  static final Duration TTL = Duration.ofMillis(500);
  static final int BULK = 100;
  private static final List<String> OPERATIONS = List.of("GetSecretValue", "BatchGetSecretValue", "DescribeSecret");

  private final EmulatedAws aws;
  private final SecretsManagerEmulator emulator;

  private BackendCalls(EmulatedAws aws) {
    this.aws = aws;
    this.emulator = aws.emulator();
  }

  /** Runs every scenario and writes the counts to {@code args[0]}. */
  public static void main(String[] args) throws Exception {
    ObjectNode result = new ObjectMapper().createObjectNode();
    result.put("threads", THREADS);
    result.put("ttlMillis", TTL.toMillis());
    result.put("secrets", BULK);
    try (EmulatedAws aws = EmulatedAws.start()) {
      new BackendCalls(aws).run(result);
    }
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(Path.of(args[0]).toFile(), result);
  }

  private void run(ObjectNode result) throws Exception {
    List<String> bulk = new ArrayList<>();
    for (int i = 0; i < BULK; i++) {
      bulk.add("bulk-" + i);
    }
    List<String> names = new ArrayList<>(bulk);
    names.add("stampede");
    names.add("ttl");
    try (SecretClient writer = aws.secretKit(null)) {
      Manifests.apply(writer, names);
    }
    stampede(result.putObject("stampede"));
    afterTtl(result.putObject("ttl"));
    resolveAll(result.putObject("resolveAll"), bulk);
  }

  /** {@value #THREADS} threads asking each cold client for one secret at the same moment. */
  private void stampede(ObjectNode into) throws Exception {
    SecretRef ref = SecretRef.parse("public:stampede#password");
    String awsName = EmulatedAws.awsName("stampede");
    String expected = Manifests.password("stampede");
    try (SecretClient client = aws.secretKit(CachePolicy.defaults())) {
      into.set("secretKit", counted(() -> all(() -> text(client.resolve(ref)), expected)));
    }
    try (SecretCache cache = aws.cachingClient(CachePolicy.defaults().ttl())) {
      into.set("awsCaching", counted(() -> all(() -> cache.getSecretString(awsName), expected)));
    }
  }

  /** One read of a secret cached and unchanged since, once its TTL passed. */
  private void afterTtl(ObjectNode into) throws Exception {
    SecretRef ref = SecretRef.parse("public:ttl#password");
    String awsName = EmulatedAws.awsName("ttl");
    String expected = Manifests.password("ttl");
    try (SecretClient client = aws.secretKit(CachePolicy.defaults().withTtl(TTL))) {
      check(text(client.resolve(ref)), expected);
      Thread.sleep(TTL.toMillis() + 100);
      into.set("secretKit", counted(() -> check(text(client.resolve(ref)), expected)));
    }
    try (SecretCache cache = aws.cachingClient(TTL)) {
      check(cache.getSecretString(awsName), expected);
      Thread.sleep(TTL.toMillis() + 100);
      into.set("awsCaching", counted(() -> check(cache.getSecretString(awsName), expected)));
    }
  }

  /** {@value #BULK} distinct secrets at once: SecretKit's {@code resolveAll}, the caching client's one by one. */
  private void resolveAll(ObjectNode into, List<String> names) throws Exception {
    List<SecretRef> refs = names.stream().map(name -> SecretRef.parse("public:" + name + "#password")).toList();
    try (SecretClient client = aws.secretKit(null)) {
      into.set("secretKit", counted(() -> {
        Map<SecretRef, SecretValue> values = client.resolveAll(refs);
        for (int i = 0; i < refs.size(); i++) {
          check(text(values.get(refs.get(i))), Manifests.password(names.get(i)));
        }
      }));
    }
    try (SecretCache cache = aws.cachingClient(CachePolicy.defaults().ttl())) {
      into.set("awsCaching", counted(() -> names.forEach(name ->
          check(cache.getSecretString(EmulatedAws.awsName(name)), Manifests.password(name)))));
    }
  }

  /** Returns the calls {@code action} made, by operation, and in total. */
  private ObjectNode counted(ThrowingRunnable action) throws Exception {
    emulator.resetCalls();
    action.run();
    ObjectNode calls = new ObjectMapper().createObjectNode();
    OPERATIONS.forEach(operation -> calls.put(operation, emulator.calls(operation)));
    calls.put("total", emulator.totalCalls());
    return calls;
  }

  /** Calls {@code read} on {@value #THREADS} threads released together, and checks what each got. */
  private static void all(Supplier<String> read, String expected) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CyclicBarrier start = new CyclicBarrier(THREADS);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return read.get();
        }));
      }
      for (Future<String> result : results) {
        check(result.get(), expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Returns the text of {@code value} and destroys it. */
  private static String text(SecretValue value) {
    try {
      return value.asString();
    } finally {
      value.destroy();
    }
  }

  /** Checks that {@code got}, a key's value or a whole secret's JSON text, holds {@code expected}. */
  private static void check(String got, String expected) {
    if (got == null || !got.contains(expected)) {
      throw new IllegalStateException("a client returned another value than the secret's");
    }
  }

  /** An action that may throw. */
  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }
}
