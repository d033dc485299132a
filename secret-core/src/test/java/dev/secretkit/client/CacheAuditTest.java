package dev.secretkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.Manifests;
import dev.secretkit.SecretRef;
import dev.secretkit.SecretValue;
import dev.secretkit.client.CountingStore.Call;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.memory.InMemorySecretStoreProvider;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Acceptance audit of issue 14 after the second review's fixes (ade0400): defects those fixes leave. */
class CacheAuditTest {
  private static final int SECRETS = 20;
  /** How many reads a client runs at once ({@link ReaderPool#SIZE}). */
  private static final int AT_ONCE = 16;

  private final ManualTicker ticker = new ManualTicker();
  private SecretStore raw;
  private CountingStore store;
  private SecretClient writer;

  @BeforeEach
  void open() {
    raw = new InMemorySecretStoreProvider().open(StoreConfig.parse("memory:", Map.of(), Clock.systemUTC()));
    store = new CountingStore(raw);
    writer = SecretClient.builder().store(raw).environment(Map.of()).build();
  }

  @AfterEach
  void close() {
    writer.close();
    raw.close();
  }

  /**
   * close() shuts the reader pool down with shutdownNow(), which drops the reads still queued
   * behind the 16 running ones without cancelling their futures; resolveAll then waits on them for ever.
   */
  @Test
  void closingTheClient_duringAResolveAllOfMoreSecretsThanItReadsAtOnce_endsTheResolveAll() throws Exception {
    IntStream.range(0, SECRETS).forEach(i -> writer.apply(Manifests.secret("s" + i, "token", "fake-token-" + i)));
    store.withoutBulkReads();
    CountDownLatch gate = new CountDownLatch(SECRETS + 1);
    store.holdReads(gate);
    SecretClient client = SecretClient.builder().store(store).environment(Map.of()).build();
    List<SecretRef> refs = IntStream.range(0, SECRETS).mapToObj(i -> SecretRef.parse("s" + i + "#token")).toList();
    ExecutorService caller = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "audit-caller");
      thread.setDaemon(true);
      return thread;
    });
    try {
      Future<Map<SecretRef, SecretValue>> all = caller.submit(() -> client.resolveAll(refs));
      while (gate.getCount() > SECRETS + 1 - AT_ONCE) {
        Thread.onSpinWait();
      }
      client.close();
      while (gate.getCount() > 0) {
        gate.countDown();
      }

      Throwable ended = catchThrowable(() -> all.get(10, TimeUnit.SECONDS));

      assertThat(ended).as("resolveAll must end once the client is closed, not wait for reads that never run")
          .isNotInstanceOf(TimeoutException.class);
    } finally {
      caller.shutdownNow();
    }
  }

  /**
   * On a client without a cache, every refusal now resolves the reference again (to see whether
   * another caller picked a new value up), which reads the store: the budget of one read again per
   * backoff no longer holds, and a simply wrong password doubles the reads of every caller.
   */
  @Test
  void aWrongPassword_onAClientWithoutACache_isReadAgainAtMostOncePerBackoff() {
    writer.apply(Manifests.secret("pg", "password", "fake-password-1"));
    try (SecretClient client = SecretClient.builder().store(store).environment(Map.of()).build()) {
      CredentialRefresher refresher = CredentialRefresher.of(client, Duration.ofSeconds(5), Duration.ofSeconds(40),
          ticker);
      SecretRef password = SecretRef.parse("pg#password");
      int calls = 5;
      for (int i = 0; i < calls; i++) {
        assertThatThrownBy(() -> refresher.call(password, IOException.class::isInstance, value -> {
          throw new IOException("password authentication failed");
        })).isInstanceOf(IOException.class);
      }

      assertThat(store.calls(Call.READ)).as("each call's own read, and one read again within the backoff")
          .isEqualTo(calls + 1);
    }
  }
}
