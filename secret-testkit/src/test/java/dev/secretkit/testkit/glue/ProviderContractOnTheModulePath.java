package dev.secretkit.testkit.glue;

import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.SecretStoreProvider;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.memory.InMemorySecretStoreProvider;
import dev.secretkit.testkit.StoreProviderContract;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A backend author's provider contract glue run as a program, for {@link ModulePathContractTest}: in
 * a JVM where the kit and core are named modules, it calls each of the kit's provider tests as JUnit
 * would and prints which passed; it exits 1 if one failed.
 */
public final class ProviderContractOnTheModulePath extends StoreProviderContract {

  @Override
  protected SecretStoreProvider newProvider() {
    return new InMemorySecretStoreProvider();
  }

  @Override
  protected StoreConfig goodConfig() {
    return StoreConfig.parse("memory:?maxKeys=5", Map.of(), new ManualClock());
  }

  @Override
  protected StoreConfig badConfig() {
    return StoreConfig.parse("memory:somewhere?maxKeys=0&colour=red", Map.of(), new ManualClock());
  }

  @Override
  protected List<String> badConfigProblems() {
    return List.of("location", "parameter maxKeys must", "unknown parameter colour");
  }

  /** Runs every test of the provider contract on a fresh instance, as JUnit does. */
  public static void main(String[] args) throws ReflectiveOperationException {
    System.out.println("kit module: " + StoreProviderContract.class.getModule().getName());
    int failed = 0;
    for (Method test : StoreProviderContract.class.getDeclaredMethods()) {
      if (test.isAnnotationPresent(Test.class)) {
        test.setAccessible(true);
        try {
          test.invoke(new ProviderContractOnTheModulePath());
          System.out.println("passed: " + test.getName());
        } catch (InvocationTargetException e) {
          failed++;
          System.out.println("failed: " + test.getName() + ": " + e.getCause());
        }
      }
    }
    System.exit(failed == 0 ? 0 : 1);
  }
}
