package dev.secretkit.backend.aws;

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
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import dev.secretkit.testkit.ManualClock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Invariant 2 at every AWS call of every write: the k-th call fails before or after it is carried
 * out, with the SDK's retries off; the secret is then exactly as it was or as the write makes it,
 * as written when the call returned normally, and a retry of the same operation converges. A
 * subclass names the Secrets Manager implementation and how faults are put on its wire.
 */
abstract class WireFaultContract {
  static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  static final ManualClock CLOCK = new ManualClock(T0);
  private static final SecretId PG = SecretId.of("public", "pg");
  private static final Grant MALLORY = new Grant("mallory", Permission.CAN_USE);
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  /** Returns the endpoint the SDK talks to. */
  abstract String endpoint();

  /** Forgets the call count. */
  abstract void resetCalls();

  /** Returns how many calls reached the wire since the last {@link #resetCalls()}. */
  abstract int totalCalls();

  /** Returns the names of the ways a call can be made to fail. */
  abstract List<String> faults();

  /** Makes call {@code k}, counted from the last {@link #resetCalls()}, fail as {@code fault} says. */
  abstract void failCall(int k, String fault);

  /** Drops any fault not yet injected. */
  abstract void clearFaults();

  /**
   * Returns the store URI parameters of the run: by default none, so each call is made once and
   * every fault reaches the write; a subclass may turn the SDK's retries on, as in production.
   */
  String storeParameters() {
    return "";
  }

  /** A secret's whole state as a fresh store reads it, without the revision (a new UUID per run). */
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

  @ParameterizedTest
  @EnumSource(Write.class)
  void everyCallOfAWrite_failingBeforeOrAfterItIsCarriedOut_leavesTheOldOrTheNewState(Write write) {
    String cleanPrefix = newPrefix();
    Optional<State> old = setUp(write, cleanPrefix);
    resetCalls();
    try (SecretStore store = open(cleanPrefix); SecretClient client = client(store)) {
      write.run(store, client);
    }
    int calls = totalCalls();
    Optional<State> written = state(cleanPrefix);
    assertThat(written).isNotEqualTo(old);
    assertThat(calls).isPositive();

    int failed = 0;
    for (String fault : faults()) {
      for (int k = 1; k <= calls; k++) {
        String prefix = newPrefix();
        assertThat(setUp(write, prefix)).isEqualTo(old);
        String step = write + ", call " + k + " of " + calls + " fails " + fault;
        boolean returned;
        try (SecretStore store = open(prefix); SecretClient client = client(store)) {
          resetCalls();
          failCall(k, fault);
          try {
            write.run(store, client);
            returned = true;
          } catch (SecretException e) {
            // A fault on the wire is transient: never a conflict or a data error, which would say
            // something about the secret that the fault did not do.
            assertThat(e).as(step).isInstanceOf(StoreUnavailableException.class);
            returned = false;
            failed++;
          } finally {
            clearFaults();
          }
        }
        Optional<State> after = state(prefix);
        if (returned) {
          assertThat(after).as(step + ": returned normally, so it is written").isEqualTo(written);
        } else {
          assertThat(after).as(step + ": old or new state").isIn(old, written);
        }
        try (SecretStore store = open(prefix); SecretClient client = client(store)) {
          write.retry(store, client);
        }
        assertThat(state(prefix)).as(step + ": a retry converges").isEqualTo(written);
      }
    }
    if (storeParameters().isEmpty()) {
      assertThat(failed).as("the faults reached the write").isPositive();
    }
  }

  private Optional<State> setUp(Write write, String prefix) {
    try (SecretStore store = open(prefix)) {
      write.setUp(store);
    }
    return state(prefix);
  }

  private Optional<State> state(String prefix) {
    try (SecretStore store = open(prefix)) {
      return store.read(PG).map(read -> {
        Map<String, String> values = new LinkedHashMap<>();
        read.values().forEach((key, value) -> values.put(key, value.asString()));
        return new State(values, read.version().number(), read.metadata(), store.versions(PG));
      });
    }
  }

  private static String newPrefix() {
    return "faults" + PREFIXES.incrementAndGet();
  }

  private SecretStore open(String prefix) {
    return TestStores.open(endpoint(), prefix, storeParameters(), CLOCK);
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
