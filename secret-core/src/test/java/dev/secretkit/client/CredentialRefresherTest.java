package dev.secretkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A rotated credential is picked up on refusal, within a budget that backs off while refetching does not help. */
class CredentialRefresherTest {
  private static final SecretRef PASSWORD = SecretRef.parse("pg#password");
  private static final Duration MIN = Duration.ofSeconds(5);
  private static final Duration MAX = Duration.ofSeconds(40);

  private final ManualTicker ticker = new ManualTicker();
  private final AtomicReference<String> accepted = new AtomicReference<>("fake-password-1");
  private final List<SecretValue> handedOut = new ArrayList<>();
  private SecretStore raw;
  private CountingStore store;
  private SecretClient writer;
  private SecretClient client;
  private CredentialRefresher refresher;

  @BeforeEach
  void open() {
    raw = new InMemorySecretStoreProvider().open(StoreConfig.parse("memory:", Map.of(), Clock.systemUTC()));
    store = new CountingStore(raw);
    writer = SecretClient.builder().store(raw).environment(Map.of()).build();
    writer.apply(Manifests.secret("pg", "password", "fake-password-1"));
    client = SecretClient.builder().store(store).environment(Map.of()).cache(CachePolicy.defaults()).ticker(ticker)
        .build();
    refresher = CredentialRefresher.of(client, MIN, MAX, ticker);
  }

  @AfterEach
  void close() {
    client.close();
    writer.close();
    raw.close();
    assertThat(handedOut).allMatch(SecretValue::isDestroyed);
  }

  /** A database that accepts only the password it was last given, refusing others with an IOException. */
  private String connect() throws IOException {
    return refresher.call(PASSWORD, RefusedException.class::isInstance, password -> {
      handedOut.add(password);
      if (!password.asString().equals(accepted.get())) {
        throw new RefusedException();
      }
      return "connected";
    });
  }

  private void rotate(String password) {
    writer.apply(Manifests.secret("pg", "password", password));
    accepted.set(password);
  }

  @Test
  void aRotatedPassword_isPickedUpOnTheFirstRefusal_beforeTheTtl() throws IOException {
    assertThat(connect()).isEqualTo("connected");
    rotate("fake-password-2");
    store.resetCounts();

    assertThat(connect()).isEqualTo("connected");

    assertThat(store.calls(Call.READ)).isEqualTo(1);
    assertThat(connect()).isEqualTo("connected");
    assertThat(store.calls(Call.READ)).isEqualTo(1);
  }

  @Test
  void aWrongPasswordEverywhere_isCheckedAgainOncePerBackoff_andTheBackoffDoubles() {
    accepted.set("fake-password-the-store-does-not-hold");
    client.resolve(PASSWORD).destroy();
    store.resetCounts();

    assertThatThrownBy(this::connect).isInstanceOf(RefusedException.class);
    assertThat(store.calls(Call.PROBE)).isEqualTo(1);
    assertThatThrownBy(this::connect).isInstanceOf(RefusedException.class);
    assertThat(store.calls(Call.PROBE)).as("within the backoff").isEqualTo(1);

    ticker.advance(MIN);
    assertThatThrownBy(this::connect).isInstanceOf(RefusedException.class);
    assertThat(store.calls(Call.PROBE)).isEqualTo(2);

    ticker.advance(MIN);
    assertThatThrownBy(this::connect).isInstanceOf(RefusedException.class);
    assertThat(store.calls(Call.PROBE)).as("the backoff doubled").isEqualTo(2);
    ticker.advance(MIN);
    assertThatThrownBy(this::connect).isInstanceOf(RefusedException.class);
    assertThat(store.calls(Call.PROBE)).isEqualTo(3);
  }

  @Test
  void aSuccess_resetsTheBudget() throws IOException {
    accepted.set("fake-password-2");
    assertThatThrownBy(this::connect).isInstanceOf(RefusedException.class);
    rotate("fake-password-2");
    ticker.advance(MIN);
    assertThat(connect()).isEqualTo("connected");

    rotate("fake-password-3");
    store.resetCounts();

    assertThat(connect()).as("refetched at once: the budget was reset").isEqualTo("connected");
    assertThat(store.calls(Call.READ)).isEqualTo(1);
  }

  @Test
  void anotherFailure_isThrownWithoutARefetch() {
    store.resetCounts();

    assertThatThrownBy(() -> refresher.call(PASSWORD, RefusedException.class::isInstance, password -> {
      handedOut.add(password);
      throw new IOException("the network is down");
    })).isInstanceOf(IOException.class).isNotInstanceOf(RefusedException.class);

    assertThat(store.total()).isEqualTo(1);
  }

  @Test
  void backoffs_mustBePositiveAndOrdered() {
    assertThatThrownBy(() -> CredentialRefresher.of(client, Duration.ZERO, MAX, ticker))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CredentialRefresher.of(client, MAX, MIN, ticker))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** What the fake database throws for a password it does not accept. */
  private static final class RefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    RefusedException() {
      super("password authentication failed");
    }
  }
}
