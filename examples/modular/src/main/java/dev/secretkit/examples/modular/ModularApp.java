package dev.secretkit.examples.modular;

import dev.secretkit.SecretRef;
import dev.secretkit.SecretValue;
import dev.secretkit.client.SecretClient;
import java.nio.file.Path;

/**
 * Applies a Secret manifest to a store and resolves {@code engineering:sales-pg#password}, printing
 * only its length and the module each part came from.
 */
public final class ModularApp {
  private ModularApp() {
  }

  /**
   * Runs it: {@code ModularApp STORE MANIFEST}. On the module path, {@code requires dev.secretkit.core}
   * is all it takes: the store's module (for {@code aws-sm:}, {@code dev.secretkit.backend.aws}) is
   * resolved because it provides the service core uses.
   */
  public static void main(String[] args) {
    try (SecretClient client = SecretClient.builder().store(args[0]).build()) {
      client.apply(Path.of(args[1]));
      SecretValue password = client.resolve(SecretRef.parse("engineering:sales-pg#password"));
      try {
        System.out.println("password: " + password.length() + " bytes");
      } finally {
        password.destroy();
      }
    }
    Module core = SecretClient.class.getModule();
    System.out.println("client module: " + core.getName());
    System.out.println("internal exported: " + core.isExported("dev.secretkit.internal"));
    System.out.println("store modules: " + ModuleLayer.boot().modules().stream().map(Module::getName)
        .filter(name -> name.startsWith("dev.secretkit.backend.")).sorted().toList());
  }
}
