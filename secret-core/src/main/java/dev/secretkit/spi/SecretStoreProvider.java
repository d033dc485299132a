package dev.secretkit.spi;

import dev.secretkit.ConfigurationException;
import java.util.List;

/**
 * A cheap, stateless factory for one type of {@link SecretStore}, found by explicit
 * registration or by {@link java.util.ServiceLoader}.
 *
 * <p>Implementations have a public no-argument constructor that does no I/O, and are
 * thread-safe. A provider is registered for {@code ServiceLoader} in
 * {@code META-INF/services/dev.secretkit.spi.SecretStoreProvider}.
 */
public interface SecretStoreProvider {

  /** Returns the store type, which is the scheme of its URIs, such as {@code file} or {@code aws-sm}. */
  String type();

  /** Returns the URI forms this provider accepts, for help text, such as {@code file:PATH}. */
  List<String> uriForms();

  /**
   * Returns every problem with {@code config}, each a sentence naming the parameter and what is
   * expected; an empty list when the store can be opened. Does no I/O.
   */
  List<String> validate(StoreConfig config);

  /**
   * Opens a session with the store {@code config} describes.
   *
   * @throws ConfigurationException if {@link #validate} finds problems, or the store's own
   *     set-up (such as a master key) is wrong
   * @throws dev.secretkit.StoreUnavailableException if the store cannot be reached
   */
  SecretStore open(StoreConfig config);
}
