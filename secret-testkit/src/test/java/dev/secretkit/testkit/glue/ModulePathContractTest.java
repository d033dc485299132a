package dev.secretkit.testkit.glue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The kit works for a backend whose tests run on the module path: the provider contract, run in a
 * JVM where the kit, core, projections, the emulator support, the leak check, SLF4J's API, JUnit and AssertJ are
 * modules, passes against the in-memory
 * provider.
 */
class ModulePathContractTest {

  /** The modules the kit needs at run time, each named by a class it holds; none is a compile dependency here. */
  private static final List<String> MODULES = List.of("dev.secretkit.testkit.StoreProviderContract",
      "dev.secretkit.spi.SecretStoreProvider", "dev.secretkit.emulator.support.FixtureExtension",
      "dev.secretkit.projection.ConsumerReader", "liqp.TemplateParser",
      "dev.secretkit.leakcheck.LeakCheck", "org.slf4j.LoggerFactory",
      "com.fasterxml.jackson.databind.ObjectMapper",
      "com.fasterxml.jackson.core.JsonFactory", "com.fasterxml.jackson.annotation.JsonProperty",
      "org.yaml.snakeyaml.Yaml", "org.junit.jupiter.api.Test", "org.opentest4j.AssertionFailedError",
      "org.apiguardian.api.API", "org.junit.platform.commons.util.ReflectionUtils",
      "org.assertj.core.api.Assertions", "net.bytebuddy.ByteBuddy");

  @Test
  void theProviderContract_passesWithTheKitAsANamedModule() throws ReflectiveOperationException, IOException,
      InterruptedException, URISyntaxException {
    List<String> modulePath = new ArrayList<>();
    for (String anchor : MODULES) {
      modulePath.add(locationOf(Class.forName(anchor)));
    }
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--module-path", String.join(File.pathSeparator, modulePath), "--add-modules", "ALL-MODULE-PATH",
        "--add-opens", "dev.secretkit.testkit/dev.secretkit.testkit=ALL-UNNAMED",
        "-cp", locationOf(ProviderContractOnTheModulePath.class), ProviderContractOnTheModulePath.class.getName())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();

    assertThat(output).contains("kit module: dev.secretkit.testkit", "passed: serviceLoader_findsTheProviderByItsType")
        .doesNotContain("failed:");
    assertThat(process.exitValue()).as(output).isZero();
  }

  private static String locationOf(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
