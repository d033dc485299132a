package dev.secretkit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.store.memory.InMemorySecretStoreProvider;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Found by the acceptance audit of issue 16 (issue 16 point 7, and standard 4 "no value in exception messages"), now fixed. A store URI parameter that the
 * store does not know is refused, but the refusal message is "cannot open store " + describe(), and describe()
 * masks only values whose names sound like credentials. So a credential under a name the heuristics miss (a typo or
 * a plural such as apiKeys, privateKeyPem, or a signed URL's sig) is echoed back in the error, on stderr and in
 * logs, although it was refused precisely for being unknown. Expected: a refused (unknown) parameter's value is
 * never repeated, as the README promises for refused credentials ("never repeats it").
 */
class UnknownParameterRefusalTest {
  private static final String VALUE = "fake-apikey-0a9f3c71e5";

  @Test
  void unknownParameter_isRefused_withoutRepeatingItsValue() {
    StoreConfig config = StoreConfig.parse("memory:?apiKeys=" + VALUE, Map.of(), Clock.systemUTC());

    Throwable refused = catchThrowable(() -> new InMemorySecretStoreProvider().open(config));

    assertThat(refused).hasMessageContaining("apiKeys");
    assertThat(refused.getMessage()).doesNotContain(VALUE);
  }
}
