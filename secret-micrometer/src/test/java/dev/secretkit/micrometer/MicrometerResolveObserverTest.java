package dev.secretkit.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.SecretId;
import dev.secretkit.SecretRef;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.client.CachePolicy;
import dev.secretkit.client.ResolveObserver;
import dev.secretkit.client.SecretClient;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MicrometerResolveObserverTest {

  @Test
  void aClientsHitsMissesAndStoreCalls_becomeMeters_withNoIdOrValueInThem(@TempDir Path directory) throws Exception {
    String canary = "canary-" + UUID.randomUUID();
    Path manifest = Files.writeString(directory.resolve("pg.yaml"), """
        name: pg
        version: v1
        type: secret
        secret:
          type: key-value-properties
          acl: r
          data:
            password: %s
        """.formatted(canary));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AtomicLong now = new AtomicLong();
    try (SecretClient client = SecretClient.builder().store("memory:").environment(Map.of())
        .cache(CachePolicy.defaults()).ticker(now::get)
        .observer(new MicrometerResolveObserver(registry, Tags.of("store", "memory"))).build()) {
      client.apply(manifest);
      SecretRef ref = SecretRef.parse("pg#password");
      client.resolve(ref).destroy();
      client.resolve(ref).destroy();
      client.resolve(ref).destroy();
      now.addAndGet(CachePolicy.defaults().ttl().toNanos());
      client.resolve(ref).destroy();
    }

    assertThat(registry.get(MicrometerResolveObserver.HITS).tag("store", "memory").counter().count()).isEqualTo(2);
    assertThat(registry.get(MicrometerResolveObserver.MISSES).counter().count()).isEqualTo(2);
    assertThat(registry.get(MicrometerResolveObserver.STALE).counter().count()).isZero();
    assertThat(registry.get(MicrometerResolveObserver.EVICTIONS).counter().count()).isZero();
    assertThat(registry.get(MicrometerResolveObserver.STORE_CALLS).tags("call", "read", "outcome", "ok").timer()
        .count()).isEqualTo(1);
    assertThat(registry.get(MicrometerResolveObserver.STORE_CALLS).tags("call", "probe", "outcome", "ok").timer()
        .count()).isEqualTo(1);
    for (Meter meter : registry.getMeters()) {
      assertThat(meter.getId().toString()).doesNotContain(canary).doesNotContain("pg");
    }
  }

  @Test
  void staleServesEvictionsAndFailedCalls_areCounted_byTheErrorsSimpleName() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MicrometerResolveObserver observer = new MicrometerResolveObserver(registry);
    SecretId id = SecretId.of("public", "pg");
    StoreUnavailableException outage = new StoreUnavailableException("memory:", "injected", false, null, null);

    observer.staleServed(id, outage);
    observer.evicted(id);
    observer.storeCalled(ResolveObserver.StoreCall.PROBE, id, 1_000, outage);

    assertThat(registry.get(MicrometerResolveObserver.STALE).counter().count()).isEqualTo(1);
    assertThat(registry.get(MicrometerResolveObserver.EVICTIONS).counter().count()).isEqualTo(1);
    assertThat(registry.get(MicrometerResolveObserver.STORE_CALLS)
        .tags("call", "probe", "outcome", "StoreUnavailableException").timer().totalTime(TimeUnit.NANOSECONDS))
        .isEqualTo(1_000);
  }
}
