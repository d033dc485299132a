package dev.secretkit.testkit;

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
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/**
 * The contract that every write of a store keeps its promise when any one call on the wire to its
 * backend fails, before the backend carries it out or after (its answer lost): the secret is then
 * exactly as it was or exactly as the write makes it, as the write makes it whenever the write
 * returned normally, a failure is a {@link StoreUnavailableException} (never a conflict or a data
 * error, which would say something the fault did not do), and doing the same again converges on
 * the written state. A backend runs it by subclassing, with a fault injector between the store and
 * its backend (an emulator that fails calls itself, or a proxy), like this:
 *
 * <pre>{@code
 * class AwsWireFaultTest extends WireFaultContract<CallFault> {
 *   private static final SecretsManagerEmulator EMULATOR = new SecretsManagerEmulator(new ManualClock()).start();
 *
 *   protected SecretStore openStore(String prefix) {
 *     return new AwsSecretsManagerStoreProvider().open(StoreConfig.parse("aws-sm://eu-west-1?endpoint="
 *         + EMULATOR.endpoint() + "&prefix=" + prefix + "&maxAttempts=1",
 *         Map.of("AWS_ACCESS_KEY_ID", "AKIDFAKE", "AWS_SECRET_ACCESS_KEY", "fake"), Clock.systemUTC()));
 *   }
 *
 *   protected Wire<CallFault> wire() {
 *     return new Wire<>(List.of(CallFault.values()), EMULATOR::resetCalls, EMULATOR::totalCalls, EMULATOR::failCall,
 *         EMULATOR::clearFaults);
 *   }
 * }
 * }</pre>
 *
 * <p>Each test takes one write (a create, an update of the values, a grant and a revoke through a
 * {@link SecretClient}, a delete through it), runs it once on a clean secret to count its backend
 * calls {@code n} and see the state it writes, and then, for each fault and every {@code k} from 1
 * to {@code n}, sets the same secret up under a fresh prefix, fails exactly call {@code k} of a
 * freshly opened store and checks the state an observer reads: a store opened before the write,
 * which sets the secret up and reads it back after the write and after its retry (a store serves
 * every read from its backend, so it sees what a fresh one would). This is the same promise
 * {@link WriteFaultContract} checks at the store's own calls, here at the backend's. States compare
 * the values, the version, the metadata and the version list; the revision is left out, since it is
 * the backend's token. Every client shares one clock that never moves.
 *
 * @param <F> the faults the injector can put on a call
 */
public abstract class WireFaultContract<F> {
  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  private static final ManualClock CLOCK = new ManualClock(NOW);
  private static final SecretId PG = SecretId.of("public", "pg");
  private static final Grant MALLORY = new Grant("mallory", Permission.CAN_USE);
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  /** Creates the contract; subclasses need no constructor arguments. */
  protected WireFaultContract() {
  }

  /**
   * Opens a store whose secrets live under {@code prefix}, a fresh one for each run of a write:
   * stores opened with the same prefix share their secrets. The kit closes each store it opens.
   */
  protected abstract SecretStore openStore(String prefix);

  /** Returns the fault injector on the wire of the stores {@link #openStore} opens. */
  protected abstract Wire<F> wire();

  /**
   * The fault injector on the wire between a store and its backend, as the kit drives it, made of
   * the injector's own methods: an emulator that fails calls itself, or a proxy between the two.
   * The kit resets the count after it opens a store, before the write.
   *
   * @param faults the ways a call can be made to fail; each is tried at every call of every write
   * @param resetCalls forgets the calls counted so far
   * @param totalCalls returns how many calls reached the wire since the last reset
   * @param failCall makes call {@code k}, counted from the last reset, fail as the fault says
   * @param clearFaults drops any fault not yet injected
   * @param <F> the faults the injector can put on a call
   */
  protected record Wire<F>(List<F> faults, Runnable resetCalls, IntSupplier totalCalls,
      BiConsumer<Integer, F> failCall, Runnable clearFaults) {
    /** Checks every part and copies the faults. */
    public Wire {
      faults = List.copyOf(faults);
      Objects.requireNonNull(resetCalls, "resetCalls");
      Objects.requireNonNull(totalCalls, "totalCalls");
      Objects.requireNonNull(failCall, "failCall");
      Objects.requireNonNull(clearFaults, "clearFaults");
    }
  }

  /**
   * Returns whether the stores {@link #openStore} opens try failed calls again themselves, so that
   * a fault may never reach the write; when false, the default, the kit also checks that the faults
   * did make writes fail, so that it would notice a fault injector that injects nothing.
   */
  protected boolean retries() {
    return false;
  }

  @Test
  void create_anyCallFails_leavesNothingOrTheSecret() {
    check(Write.CREATE);
  }

  @Test
  void update_anyCallFails_leavesTheOldOrTheNewValues() {
    check(Write.UPDATE);
  }

  @Test
  void grant_anyCallFails_leavesTheOldOrTheNewGrants() {
    check(Write.GRANT);
  }

  @Test
  void revoke_anyCallFails_leavesTheOldOrTheNewGrants() {
    check(Write.REVOKE);
  }

  @Test
  void delete_anyCallFails_leavesTheSecretOrNothing() {
    check(Write.DELETE);
  }

  /** A secret's whole state as a store reads it from the backend, without the revision. */
  private record State(Map<String, String> values, long version, SecretMetadata metadata,
      List<SecretVersion> versions) {
  }

  /** One write under test: how to set up the secret, do the write once, and do it again. */
  private enum Write {
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
        store.update(PG, current.revision(), metadata(List.of()).touchedBy("alice", NOW), password("v2"));
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

  private void check(Write write) {
    Wire<F> wire = wire();
    String cleanPrefix = newPrefix();
    Optional<State> old;
    Optional<State> written;
    int calls;
    try (SecretStore observer = openStore(cleanPrefix)) {
      old = setUp(write, observer);
      try (SecretStore store = openStore(cleanPrefix); SecretClient client = client(store)) {
        wire.resetCalls().run();
        write.run(store, client);
        calls = wire.totalCalls().getAsInt();
      }
      written = state(observer);
    }
    assertThat(written).as("a healthy %s changes the secret", write).isNotEqualTo(old);
    assertThat(calls).as("backend calls of a healthy %s", write).isPositive();

    int failed = 0;
    for (F fault : wire.faults()) {
      for (int k = 1; k <= calls; k++) {
        String prefix = newPrefix();
        String step = write + ", call " + k + " of " + calls + " fails " + fault;
        try (SecretStore observer = openStore(prefix)) {
          assertThat(setUp(write, observer)).isEqualTo(old);
          boolean returned;
          try (SecretStore store = openStore(prefix); SecretClient client = client(store)) {
            wire.resetCalls().run();
            wire.failCall().accept(k, fault);
            try {
              write.run(store, client);
              returned = true;
            } catch (SecretException e) {
              assertThat(e).as(step).isInstanceOf(StoreUnavailableException.class);
              returned = false;
              failed++;
            } finally {
              wire.clearFaults().run();
            }
          }
          Optional<State> after = state(observer);
          if (returned) {
            assertThat(after).as(step + ": returned normally, so it is written").isEqualTo(written);
          } else {
            assertThat(after).as(step + ": old or new state").isIn(old, written);
          }
          try (SecretStore store = openStore(prefix); SecretClient client = client(store)) {
            write.retry(store, client);
          }
          assertThat(state(observer)).as(step + ": a retry converges").isEqualTo(written);
        }
      }
    }
    if (!retries()) {
      assertThat(failed).as("the faults reached the %s", write).isPositive();
    }
  }

  private static Optional<State> setUp(Write write, SecretStore observer) {
    write.setUp(observer);
    return state(observer);
  }

  private static Optional<State> state(SecretStore observer) {
    return observer.read(PG).map(read -> {
      Map<String, String> values = new LinkedHashMap<>();
      read.values().forEach((key, value) -> values.put(key, value.asString()));
      return new State(values, read.version().number(), read.metadata(), observer.versions(PG));
    });
  }

  private static String newPrefix() {
    return "wire" + PREFIXES.incrementAndGet();
  }

  private static SecretClient client(SecretStore store) {
    return SecretClient.builder().store(store).principal(Principal.localUser("olivia")).clock(CLOCK)
        .environment(Map.of()).build();
  }

  private static SecretMetadata metadata(List<Grant> grants) {
    return new SecretMetadata("secret", "v1", "key-value-properties", "r", "olivia", List.of("source:postgresql"),
        "sales database", null, grants, List.of(), NOW, "olivia", NOW, "olivia");
  }

  private static Map<String, SecretValue> password(String password) {
    return Map.of("password", SecretValue.ofString(password));
  }
}
