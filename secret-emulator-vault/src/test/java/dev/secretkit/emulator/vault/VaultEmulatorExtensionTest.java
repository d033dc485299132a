package dev.secretkit.emulator.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.emulator.support.ManualClock;
import io.github.jopenlibs.vault.VaultException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The extension starts a fresh emulator per test on a loopback port and the extension's clock, hands the same
 * one to a test and its {@code @BeforeEach}, and closes it afterwards. When it opens and closes a fixture, and
 * what it resolves, is secret-emulator-support's FixtureExtension, proven there.
 */
class VaultEmulatorExtensionTest {
  private static final ManualClock CLOCK = new ManualClock();
  private static final List<VaultEmulator> HANDED_OUT = new CopyOnWriteArrayList<>();

  @RegisterExtension
  static final VaultEmulatorExtension VAULT = new VaultEmulatorExtension().withClock(CLOCK);

  private VaultEmulator before;

  @BeforeEach
  void remember(VaultEmulator vault) {
    before = vault;
    HANDED_OUT.add(vault);
  }

  /** Runs after every test's emulator should have been closed, and before the extension's own afterAll. */
  @AfterAll
  static void everyTest_gotItsOwnEmulator_closedAfterIt() {
    assertThat(HANDED_OUT).isNotEmpty().doesNotHaveDuplicates();
    for (VaultEmulator emulator : HANDED_OUT) {
      assertThatThrownBy(emulator::address).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void emulator_inBeforeEachAndTest_isTheSameStartedLoopbackInstance(VaultEmulator vault) {
    assertThat(vault).isSameAs(before);
    assertThat(vault.address().getHost()).isEqualTo("127.0.0.1");
    assertThat(vault.address().getPort()).isPositive();
  }

  @Test
  void emulator_servesTheDriver_onTheExtensionsClock(VaultEmulator vault) throws VaultException {
    String token = vault.createToken(TokenSpec.of().withTtl(Duration.ofMinutes(1)));
    Clients.driver(vault, vault.rootToken()).logical().write("secret/app", Map.of("v", "1"));
    CLOCK.advance(Duration.ofMinutes(1));

    assertThat(Clients.driver(vault, vault.rootToken()).logical().read("secret/app").getData()).containsEntry("v", "1");
    assertThat(new Raw(vault, token).get("auth/token/lookup-self").status()).as("expired on the manual clock")
        .isEqualTo(403);
  }

  @Test
  void withClock_null_isRefused() {
    assertThatThrownBy(() -> VAULT.withClock(null)).isInstanceOf(NullPointerException.class);
    assertThat(VAULT.toString()).startsWith("VaultEmulatorExtension[ManualClock");
  }
}
