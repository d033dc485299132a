package dev.secretkit.cli;

import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.SecretStoreProvider;
import dev.secretkit.spi.StoreConfig;
import java.util.List;

/**
 * A provider with a bug: {@code open} throws a plain runtime exception whose message holds the
 * URI's {@code value} parameter. {@code SecretCtlProcessIT} puts it on the class path (through
 * {@code src/test/broken-provider}) to see that {@code secretctl} reports a bug as exit 1 without
 * the message.
 */
public final class ExplodingStoreProvider implements SecretStoreProvider {

  /** Creates the provider, as ServiceLoader does. */
  public ExplodingStoreProvider() {
    // Stateless.
  }

  @Override
  public String type() {
    return "exploding";
  }

  @Override
  public List<String> uriForms() {
    return List.of("exploding:?value=TEXT");
  }

  @Override
  public List<String> validate(StoreConfig config) {
    return List.of();
  }

  @Override
  public SecretStore open(StoreConfig config) {
    throw new IllegalStateException("a bug that quotes " + config.parameter("value", ""));
  }
}
