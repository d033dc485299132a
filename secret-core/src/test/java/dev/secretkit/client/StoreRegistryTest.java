package dev.secretkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.ConfigurationException;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.SecretStoreProvider;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.memory.InMemorySecretStoreProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreRegistryTest {
  private static final Clock CLOCK = Clock.systemUTC();

  /** A provider of any type that opens in-memory stores; a fake for registration tests. */
  static class NamedProvider implements SecretStoreProvider {
    private final String type;

    NamedProvider(String type) {
      this.type = type;
    }

    @Override
    public String type() {
      return type;
    }

    @Override
    public List<String> uriForms() {
      return List.of(type + ":");
    }

    @Override
    public List<String> validate(StoreConfig config) {
      return config.location().isEmpty() ? List.of() : List.of("no location expected", "and a second problem");
    }

    @Override
    public SecretStore open(StoreConfig config) {
      return new InMemorySecretStoreProvider().open(StoreConfig.parse("memory:", Map.of(), CLOCK));
    }
  }

  /** A second provider of type memory, ServiceLoader-loaded by name in the duplicate test. */
  public static final class SecondMemoryProvider extends NamedProvider {
    /** Creates it, as ServiceLoader does. */
    public SecondMemoryProvider() {
      super("memory");
    }
  }

  /** A provider whose constructor throws; ServiceLoader-loaded by name in the broken-provider test. */
  public static final class BrokenProvider extends NamedProvider {
    /** Creates it, as ServiceLoader does. */
    public BrokenProvider() {
      super("broken");
      throw new IllegalStateException("provider set-up failed");
    }
  }

  @Test
  void discovery_findsTheBuiltInProviders() {
    StoreRegistry registry = StoreRegistry.builder().build();

    assertThat(registry.providers()).extracting(SecretStoreProvider::type).contains("memory");
    assertThat(registry.provider("memory")).isInstanceOf(InMemorySecretStoreProvider.class);
  }

  @Test
  void explicitRegistration_winsOverDiscovery() {
    NamedProvider mine = new NamedProvider("memory");

    StoreRegistry registry = StoreRegistry.builder().register(mine).build();

    assertThat(registry.provider("memory")).isSameAs(mine);
  }

  @Test
  void withoutDiscovery_onlyRegisteredProvidersExist() {
    StoreRegistry registry = StoreRegistry.builder().discover(false).register(new NamedProvider("x")).build();

    assertThat(registry.providers()).extracting(SecretStoreProvider::type).containsExactly("x");
  }

  @Test
  void twoRegisteredProvidersOfOneType_areAnErrorNamingBothClasses() {
    StoreRegistry.Builder builder = StoreRegistry.builder().discover(false)
        .register(new NamedProvider("x")).register(new NamedProvider("x") { });

    assertThatThrownBy(builder::build).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("two registered store providers have type 'x'")
        .hasMessageContaining(NamedProvider.class.getName())
        .hasMessageContaining(StoreRegistryTest.class.getName() + "$1");
  }

  @Test
  void twoDiscoveredProvidersOfOneType_areAnError_unlessOneIsRegistered(@TempDir Path dir) throws IOException {
    ClassLoader loader = loaderWithServices(dir, SecondMemoryProvider.class.getName());

    assertThatThrownBy(() -> StoreRegistry.builder().classLoader(loader).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("two discovered store providers have type 'memory'")
        .hasMessageContaining(InMemorySecretStoreProvider.class.getName())
        .hasMessageContaining(SecondMemoryProvider.class.getName());
    NamedProvider chosen = new NamedProvider("memory");
    assertThat(StoreRegistry.builder().classLoader(loader).register(chosen).build().provider("memory"))
        .isSameAs(chosen);
  }

  @Test
  void aBrokenProvider_isAConfigurationErrorWithItsCause(@TempDir Path dir) throws IOException {
    ClassLoader loader = loaderWithServices(dir, BrokenProvider.class.getName());

    assertThatThrownBy(() -> StoreRegistry.builder().classLoader(loader).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("a store provider failed to load")
        .hasRootCauseInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("provider set-up failed");
  }

  @Test
  void anUnknownType_listsTheKnownOnes() {
    StoreRegistry registry = StoreRegistry.builder().discover(false)
        .register(new NamedProvider("a")).register(new NamedProvider("b")).build();

    assertThatThrownBy(() -> registry.open("vault://x:1/secret", Map.of(), CLOCK))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("unknown store type 'vault'; known types: a, b. A backend's jar must be on the class path to be"
            + " found");
  }

  @Test
  void anUnknownTypeCloseToAKnownOne_saysWhichWasProbablyMeant() {
    StoreRegistry registry = StoreRegistry.builder().discover(false).register(new NamedProvider("aws-sm"))
        .register(new NamedProvider("file")).register(new NamedProvider("memory")).build();

    assertThatThrownBy(() -> registry.open("aws://eu-west-1", Map.of(), CLOCK))
        .hasMessageStartingWith("unknown store type 'aws' (did you mean 'aws-sm'?); known types: aws-sm, file, memory");
    assertThatThrownBy(() -> registry.open("files:/tmp/x", Map.of(), CLOCK))
        .hasMessageStartingWith("unknown store type 'files' (did you mean 'file'?)");
    assertThatThrownBy(() -> registry.open("memroy:", Map.of(), CLOCK))
        .hasMessageStartingWith("unknown store type 'memroy' (did you mean 'memory'?)");
  }

  @Test
  void open_reportsEveryProblemTheProviderFinds() {
    StoreRegistry registry = StoreRegistry.builder().discover(false).register(new NamedProvider("a")).build();

    assertThatThrownBy(() -> registry.open("a:where?secret=fake-cred", Map.of(), CLOCK))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("cannot open store a:where?secret=***: no location expected; and a second problem");
  }

  @Test
  void memoryProvider_validatesItsParameters() {
    StoreRegistry registry = StoreRegistry.builder().build();

    assertThatThrownBy(() -> registry.open("memory:x?maxKeys=0&colour=red", Map.of(), CLOCK))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("in-memory store has no location")
        .hasMessageContaining("parameter maxKeys must be a whole number")
        .hasMessageContaining("unknown parameter colour");
    try (SecretStore store = registry.open("memory:?maxKeys=3&maxValueBytes=10", Map.of(), CLOCK)) {
      assertThat(store.limits().maxKeys()).isEqualTo(3);
      assertThat(store.limits().maxValueBytes()).isEqualTo(10);
    }
  }

  private static ClassLoader loaderWithServices(Path dir, String providerClass) throws IOException {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(SecretStoreProvider.class.getName()), providerClass + "\n");
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, StoreRegistryTest.class.getClassLoader());
  }
}
