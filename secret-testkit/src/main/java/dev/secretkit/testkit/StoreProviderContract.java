package dev.secretkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.ConfigurationException;
import dev.secretkit.client.StoreRegistry;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.SecretStoreProvider;
import dev.secretkit.spi.StoreConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link SecretStoreProvider} must pass, as JUnit 5 tests a backend runs by
 * subclassing: {@link ServiceLoader} finds it by its type, {@code validate} reports every problem
 * of a config at once, {@code open} of a bad config is a {@link ConfigurationException}, and
 * constructing and validating does nothing a test can observe.
 *
 * <pre>{@code
 * class VaultProviderContractTest extends StoreProviderContract {
 *   protected SecretStoreProvider newProvider() { return new VaultSecretStoreProvider(); }
 *   protected StoreConfig goodConfig() { return StoreConfig.parse(vault.uri(), Map.of(), Clock.systemUTC()); }
 *   protected StoreConfig badConfig() { return StoreConfig.parse("vault:?mount=&ttl=x", Map.of(), clock); }
 *   protected List<String> badConfigProblems() { return List.of("location", "mount", "ttl"); }
 * }
 * }</pre>
 *
 * <p>Tests never open a store except from {@link #goodConfig()}, which they close again.
 */
public abstract class StoreProviderContract {
  private static final int CHEAP_INSTANCES = 1000;

  /** Creates the contract; subclasses need no constructor arguments. */
  protected StoreProviderContract() {
  }

  /** Returns a new instance of the provider under test, made with its public no-argument constructor. */
  protected abstract SecretStoreProvider newProvider();

  /** Returns a config the provider accepts and can open; the store it opens may be empty. */
  protected abstract StoreConfig goodConfig();

  /** Returns a config of the provider's type with several independent problems. */
  protected abstract StoreConfig badConfig();

  /**
   * Returns one text per problem of {@link #badConfig()}, each found in exactly the problem it
   * stands for (a parameter name, say); {@code validate} must report that many problems.
   */
  protected abstract List<String> badConfigProblems();

  /**
   * Returns what a test can observe of the world the provider works on (such as the files under
   * {@link #goodConfig()}'s directory), so that the kit can check that constructing and
   * validating change none of it; an empty list by default, for providers with nothing to observe.
   */
  protected List<String> observableState() {
    return List.of();
  }

  @Test
  void serviceLoader_findsTheProviderByItsType() {
    SecretStoreProvider provider = newProvider();
    List<Class<?>> loaded = new ArrayList<>();
    ServiceLoader.load(SecretStoreProvider.class).stream().map(ServiceLoader.Provider::type).forEach(loaded::add);

    assertThat(loaded).as("providers ServiceLoader finds").contains(provider.getClass());
    assertThat(StoreRegistry.builder().build().provider(provider.type()))
        .as("the provider a registry finds by type %s", provider.type()).isInstanceOf(provider.getClass());
  }

  @Test
  void typeAndUriForms_nameTheScheme() {
    SecretStoreProvider provider = newProvider();

    assertThat(provider.type()).matches("[a-z][a-z0-9+.-]*");
    assertThat(provider.uriForms()).as("URI forms for help text").isNotEmpty()
        .allSatisfy(form -> assertThat(form).startsWith(provider.type() + ":"));
    assertThat(goodConfig().type()).isEqualTo(provider.type());
    assertThat(badConfig().type()).isEqualTo(provider.type());
  }

  @Test
  void validate_configWithSeveralProblems_reportsEveryOneAtOnce() {
    List<String> expected = badConfigProblems();
    List<String> problems = newProvider().validate(badConfig());

    assertThat(expected).as("badConfigProblems() lists several problems").hasSizeGreaterThan(1);
    assertThat(problems).as("problems validate reports").hasSize(expected.size());
    for (String text : expected) {
      assertThat(problems).as("problems naming %s", text).filteredOn(problem -> problem.contains(text)).hasSize(1);
    }
  }

  @Test
  void validate_goodConfig_reportsNothing() {
    assertThat(newProvider().validate(goodConfig())).isEmpty();
  }

  @Test
  void open_badConfig_throwsConfigurationNamingEveryProblem() {
    Throwable thrown = catchThrowable(() -> newProvider().open(badConfig()).close());

    assertThat(thrown).as("open of a bad config").isInstanceOf(ConfigurationException.class);
    assertThat(((ConfigurationException) thrown).isRetryable()).isFalse();
    for (String text : badConfigProblems()) {
      assertThat(thrown.getMessage()).as("the message of a refused open").contains(text);
    }
  }

  @Test
  void open_goodConfig_opensAStoreThatCloses() {
    SecretStore store = newProvider().open(goodConfig());
    try {
      assertThat(store.description()).as("the store's description").isNotBlank();
    } finally {
      store.close();
      store.close();
    }
  }

  @Test
  void constructAndValidate_manyInstances_touchNothing() {
    List<String> before = observableState();
    List<SecretStoreProvider> providers = new ArrayList<>();
    for (int i = 0; i < CHEAP_INSTANCES; i++) {
      SecretStoreProvider provider = newProvider();
      assertThat(provider.validate(goodConfig())).isEmpty();
      provider.validate(badConfig());
      providers.add(provider);
    }

    assertThat(observableState()).as("what constructing and validating %d providers left behind", CHEAP_INSTANCES)
        .isEqualTo(before);
    assertThat(providers).extracting(SecretStoreProvider::type).containsOnly(providers.get(0).type());
  }
}
