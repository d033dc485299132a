package dev.secretkit.backend.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.secretkit.ConfigurationException;
import dev.secretkit.spi.StoreConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Any text taken as a {@code gcp-sm:} store URI ends in a list of problems from {@code validate}, each a sentence:
 * never an exception or a hang (the fuzz execution's limits, FUZZING.md). Opening is left out: it looks for
 * credentials, which may ask the metadata server.
 */
class GcpProviderFuzzTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);

  private final GcpSecretManagerStoreProvider provider = new GcpSecretManagerStoreProvider();

  @FuzzTest
  void validate_anyUri(byte[] input) {
    StoreConfig config;
    try {
      config = StoreConfig.parse("gcp-sm:" + new String(input, StandardCharsets.UTF_8), Map.of(), CLOCK);
    } catch (ConfigurationException e) {
      return;
    }
    assertThat(provider.validate(config)).allSatisfy(problem -> assertThat(problem).isNotBlank());
  }
}
