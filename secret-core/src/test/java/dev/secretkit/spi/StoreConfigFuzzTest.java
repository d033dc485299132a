package dev.secretkit.spi;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.secretkit.ConfigurationException;
import dev.secretkit.SecretException;
import dev.secretkit.store.file.FileSecretStoreProvider;
import dev.secretkit.store.memory.InMemorySecretStoreProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any text taken as a store URI ends in a {@link StoreConfig} or a {@link ConfigurationException}; core's providers
 * ({@code memory:}, {@code file:}) validate every config with a list of problems, and open it to a store or a
 * {@link SecretException}: never another exception or a hang (the fuzz execution's limits, FUZZING.md). A file store
 * is opened only where the URI keeps it under the test's home directory ({@code file:}, {@code file:~/PATH}, and a
 * {@code keyFile} there too), since opening reads the directory the URI names.
 */
class StoreConfigFuzzTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);
  private static final List<SecretStoreProvider> PROVIDERS = List.of(new InMemorySecretStoreProvider(),
      new FileSecretStoreProvider());

  @TempDir
  Path home;

  @FuzzTest
  void parseValidateOpen_anyUri(byte[] input) {
    StoreConfig config;
    try {
      config = StoreConfig.parse(new String(input, StandardCharsets.UTF_8), Map.of("HOME", home.toString()), CLOCK);
    } catch (ConfigurationException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(config.describe()).startsWith(config.type() + ":");
    for (SecretStoreProvider provider : PROVIDERS) {
      List<String> problems = provider.validate(config);
      assertThat(problems).allSatisfy(problem -> assertThat(problem).isNotBlank());
      if (provider.type().equals(config.type()) && (provider.type().equals("memory") || underHome(config))) {
        open(provider, config, problems.isEmpty());
      }
    }
  }

  private static void open(SecretStoreProvider provider, StoreConfig config, boolean valid) {
    try (SecretStore store = provider.open(config)) {
      assertThat(valid).as("opened although validate found problems").isTrue();
      assertThat(store).isNotNull();
    } catch (SecretException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  private static boolean underHome(StoreConfig config) {
    String keyFile = config.parameters().get("keyFile");
    return (config.location().isEmpty() || inHome(config.location())) && (keyFile == null || inHome(keyFile));
  }

  private static boolean inHome(String path) {
    return path.startsWith("~/") && !path.contains("..");
  }
}
