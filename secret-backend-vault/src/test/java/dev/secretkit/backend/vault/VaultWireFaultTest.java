package dev.secretkit.backend.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.ConflictException;
import dev.secretkit.SecretException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretNotFoundException;
import dev.secretkit.SecretValue;
import dev.secretkit.SecretVersion;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.access.Grant;
import dev.secretkit.access.Permission;
import dev.secretkit.access.Principal;
import dev.secretkit.client.SecretClient;
import dev.secretkit.emulator.support.CallFault;
import dev.secretkit.emulator.vault.VaultEmulator;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import dev.secretkit.testkit.ManualClock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Invariant 2 at every Vault call of every write: the k-th HTTP call fails before it is carried out (a 500, a
 * 429) or after (a 500 whose answer replaced the real one, a connection dropped without an answer); the
 * secret is then exactly as it was or as the write makes it, as written when the call returned normally, and
 * a retry converges. It runs with the store's retries off (one attempt, so every fault reaches the write) and
 * on (three attempts, as in production, where a retried call must not turn a committed write into a reported
 * conflict).
 */
class VaultWireFaultTest {
  static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private static final ManualClock CLOCK = new ManualClock(T0);
  private static final SecretId PG = SecretId.of("public", "pg");
  private static final Grant MALLORY = new Grant("mallory", Permission.CAN_USE);
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static VaultEmulator emulator;

  @BeforeAll
  static void startEmulator() {
    emulator = new VaultEmulator(new TickingClock()).start();
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  /** A secret's whole state as a fresh store reads it, without the revision. */
  private record State(Map<String, String> values, long version, SecretMetadata metadata,
      List<SecretVersion> versions) {
  }

  /** One write under test: how to set up the secret, do the write once, and retry it. */
  enum Write {
    CREATE {
      @Override
      void setUp(SecretStore store) {
      }

      @Override
      void run(SecretStore store, SecretClient client) {
        store.create(PG, metadata(List.of()), password("v1"));
      }

      @Override
      void retry(SecretStore store, SecretClient client) {
        try {
          run(store, client);
        } catch (ConflictException e) {
          assertThat(e.reason()).isEqualTo(ConflictException.Reason.EXISTS);
        }
      }
    },
    UPDATE {
      @Override
      void run(SecretStore store, SecretClient client) {
        StoredSecret current = store.read(PG).orElseThrow();
        store.update(PG, current.revision(), metadata(List.of()).touchedBy("alice", T0), password("v2"));
      }

      @Override
      void retry(SecretStore store, SecretClient client) {
        if (!store.read(PG).orElseThrow().values().get("password").asString().equals("v2")) {
          run(store, client);
        }
      }
    },
    GRANT {
      @Override
      void run(SecretStore store, SecretClient client) {
        client.grant(PG, MALLORY.principal(), MALLORY.permission());
      }
    },
    REVOKE {
      @Override
      void setUp(SecretStore store) {
        store.create(PG, metadata(List.of(MALLORY)), password("v1"));
      }

      @Override
      void run(SecretStore store, SecretClient client) {
        client.revoke(PG, MALLORY.principal(), MALLORY.permission());
      }
    },
    DELETE {
      @Override
      void run(SecretStore store, SecretClient client) {
        client.delete(PG, false);
      }

      @Override
      void retry(SecretStore store, SecretClient client) {
        try {
          run(store, client);
        } catch (SecretNotFoundException alreadyGone) {
          // The first attempt deleted it.
        }
      }
    };

    void setUp(SecretStore store) {
      store.create(PG, metadata(List.of()), password("v1"));
    }

    abstract void run(SecretStore store, SecretClient client);

    void retry(SecretStore store, SecretClient client) {
      run(store, client);
    }
  }

  @ParameterizedTest(name = "{0} with maxAttempts={1}")
  @CsvSource({"CREATE,1", "UPDATE,1", "GRANT,1", "REVOKE,1", "DELETE,1", "CREATE,3", "UPDATE,3", "GRANT,3",
      "REVOKE,3", "DELETE,3"})
  void everyCallOfAWrite_failingBeforeOrAfterItIsCarriedOut_leavesTheOldOrTheNewState(Write write, int attempts) {
    String parameters = "maxAttempts=" + attempts;
    String cleanPrefix = newPrefix();
    Optional<State> old = setUp(write, cleanPrefix, parameters);
    int calls;
    try (SecretStore store = open(cleanPrefix, parameters); SecretClient client = client(store)) {
      emulator.resetCalls();
      write.run(store, client);
      calls = emulator.totalCalls();
    }
    Optional<State> written = state(cleanPrefix, parameters);
    assertThat(written).isNotEqualTo(old);
    assertThat(calls).isPositive();

    int failed = 0;
    for (CallFault fault : CallFault.values()) {
      for (int k = 1; k <= calls; k++) {
        String prefix = newPrefix();
        assertThat(setUp(write, prefix, parameters)).isEqualTo(old);
        String step = write + ", call " + k + " of " + calls + " fails " + fault;
        boolean returned;
        try (SecretStore store = open(prefix, parameters); SecretClient client = client(store)) {
          emulator.resetCalls();
          emulator.failCall(k, fault);
          try {
            write.run(store, client);
            returned = true;
          } catch (SecretException e) {
            // A fault on the wire is transient: never a conflict or a data error, which would say something
            // about the secret that the fault did not do.
            assertThat(e).as(step).isInstanceOf(StoreUnavailableException.class);
            returned = false;
            failed++;
          } finally {
            emulator.clearFaults();
          }
        }
        Optional<State> after = state(prefix, parameters);
        if (returned) {
          assertThat(after).as(step + ": returned normally, so it is written").isEqualTo(written);
        } else {
          assertThat(after).as(step + ": old or new state").isIn(old, written);
        }
        try (SecretStore store = open(prefix, parameters); SecretClient client = client(store)) {
          write.retry(store, client);
        }
        assertThat(state(prefix, parameters)).as(step + ": a retry converges").isEqualTo(written);
      }
    }
    if (attempts == 1) {
      assertThat(failed).as("the faults reached the write").isPositive();
    }
  }

  private Optional<State> setUp(Write write, String prefix, String parameters) {
    try (SecretStore store = open(prefix, parameters)) {
      write.setUp(store);
    }
    return state(prefix, parameters);
  }

  private Optional<State> state(String prefix, String parameters) {
    try (SecretStore store = open(prefix, parameters)) {
      return store.read(PG).map(read -> {
        Map<String, String> values = new LinkedHashMap<>();
        read.values().forEach((key, value) -> values.put(key, value.asString()));
        return new State(values, read.version().number(), read.metadata(), store.versions(PG));
      });
    }
  }

  private static String newPrefix() {
    return "wire" + PREFIXES.incrementAndGet();
  }

  private static SecretStore open(String prefix, String parameters) {
    return TestStores.open(emulator, prefix, parameters, CLOCK);
  }

  private static SecretClient client(SecretStore store) {
    return SecretClient.builder().store(store).principal(Principal.localUser("olivia")).clock(CLOCK)
        .environment(Map.of()).build();
  }

  private static SecretMetadata metadata(List<Grant> grants) {
    return new SecretMetadata("secret", "v1", "key-value-properties", "r", "olivia", List.of("source:postgresql"),
        "sales database", null, grants, List.of(), T0, "olivia", T0, "olivia");
  }

  private static Map<String, SecretValue> password(String password) {
    return Map.of("password", SecretValue.ofString(password));
  }
}
