package dev.secretkit.examples.modular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secretkit.client.SecretClient;
import dev.secretkit.emulator.aws.AwsEmulatorExtension;
import dev.secretkit.emulator.aws.SecretsManagerEmulator;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The application runs on the module path, as a user's modular application would: its tests run
 * in its module, and {@code java --module-path ... -m} starts it with the store's module found by
 * service binding and core's {@code internal} package unexported.
 */
class ModulePathTest {
  @RegisterExtension
  static final AwsEmulatorExtension AWS = new AwsEmulatorExtension();

  @Test
  void theTestsRunInTheApplicationsModule_withCoreAsANamedModule() {
    assertEquals("dev.secretkit.examples.modular", ModulePathTest.class.getModule().getName());
    Module core = SecretClient.class.getModule();
    assertEquals("dev.secretkit.core", core.getName());
    assertTrue(core.isExported("dev.secretkit.client"));
    assertFalse(core.isExported("dev.secretkit.internal"));
  }

  @Test
  void appliesAndResolves_onTheEmulator(SecretClient client, SecretsManagerEmulator aws) {
    client.apply(Path.of(System.getProperty("example.manifest")));

    assertEquals("fake-password-not-real", client.resolve("engineering:sales-pg#password").asString());
    assertEquals(1, aws.calls("CreateSecret"));
  }

  @Test
  void theApplicationResolvesFromAwsOnTheModulePath(SecretsManagerEmulator aws)
      throws IOException, InterruptedException {
    List<String> modulePath = new ArrayList<>();
    modulePath.add(System.getProperty("example.classes"));
    modulePath.add(Files.readString(Path.of(System.getProperty("example.modulePath"))).strip());
    ProcessBuilder application = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--module-path", String.join(File.pathSeparator, modulePath),
        "-m", "dev.secretkit.examples.modular/dev.secretkit.examples.modular.ModularApp",
        AWS.storeUri(aws), System.getProperty("example.manifest"))
        .redirectErrorStream(true);
    application.environment().putAll(AwsEmulatorExtension.credentials());   // credentials never go in the URI
    Process process = application.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);

    assertEquals(0, process.exitValue(), output);
    List<String> printed = output.lines().filter(line -> !line.startsWith("SLF4J:")).toList();   // no binding
    assertEquals(List.of("password: 22 bytes", "client module: dev.secretkit.core", "internal exported: false",
        "store modules: [dev.secretkit.backend.aws]"), printed, output);
    assertEquals(1, aws.calls("CreateSecret"));
  }
}
