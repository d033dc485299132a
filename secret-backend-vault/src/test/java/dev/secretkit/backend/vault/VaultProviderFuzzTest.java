package dev.secretkit.backend.vault;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.secretkit.ConfigurationException;
import dev.secretkit.spi.StoreConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * Any text taken as a {@code vault:} store URI, with any Vault variables, ends in a list of problems from
 * {@code validate}, each a sentence: never an exception or a hang (the fuzz execution's limits, FUZZING.md). The
 * input's first line is the URI; each further line is a {@code NAME=VALUE} environment variable, so the settings
 * that come from the environment ({@code VAULT_ADDR}, {@code VAULT_CLIENT_TIMEOUT}, ...) are parsed too. Opening is
 * left out: it checks the token with Vault.
 */
class VaultProviderFuzzTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);

  private final VaultSecretStoreProvider provider = new VaultSecretStoreProvider();

  @FuzzTest
  void validate_anyUriAndEnvironment(byte[] input) {
    String[] lines = new String(input, StandardCharsets.UTF_8).split("\n", -1);
    Map<String, String> environment = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int equals = lines[i].indexOf('=');
      environment.put(equals < 0 ? lines[i] : lines[i].substring(0, equals),
          equals < 0 ? "" : lines[i].substring(equals + 1));
    }
    StoreConfig config;
    try {
      config = StoreConfig.parse("vault:" + lines[0], environment, CLOCK);
    } catch (ConfigurationException e) {
      return;
    }
    assertThat(provider.validate(config)).allSatisfy(problem -> assertThat(problem).isNotBlank());
  }
}
