package dev.secretkit.cli;

import static dev.secretkit.cli.CliRun.secretctl;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/** What the README shows is what the code does: secretctl's output, its commands, the Java example. */
class ReadmeTest {
  private static final Path ROOT = Path.of("..");
  private static final String COMMAND = "bin/secretctl validate examples/manifests/broken.yaml";
  private static final Path JAVA_EXAMPLE =
      ROOT.resolve("examples/java/src/main/java/dev/secretkit/examples/QuickStart.java");
  private static final Path EMULATOR_EXAMPLE =
      ROOT.resolve("examples/java/src/test/java/dev/secretkit/examples/AwsEmulatorTest.java");

  private static String readme() throws IOException {
    return Files.readString(ROOT.resolve("README.md"));
  }

  @Test
  void quickStart_brokenManifestOutput_isWhatTheReadmeShows() throws IOException {
    String readme = readme();
    int command = readme.indexOf(COMMAND + "\n```\n\n```\n");
    assertThat(command).as("the README shows the output of '%s'", COMMAND).isNotNegative();
    int start = readme.indexOf("```\n\n```\n", command) + "```\n\n```\n".length();
    String shown = readme.substring(start, readme.indexOf("\n```", start) + 1);

    CliRun run = secretctl("validate", "../examples/manifests/broken.yaml");

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.out().replace("../examples/", "examples/")).isEqualToNormalizingNewlines(shown);
  }

  @Test
  void commandTable_listsEverySecretctlCommand() throws IOException {
    String readme = readme();
    String table = readme.substring(readme.indexOf("| Command | What it does |"), readme.indexOf("### Dependents"));
    List<String> names = SecretCtl.COMMANDS.stream().map(command -> command.getAnnotation(Command.class).name())
        .toList();

    assertThat(names).hasSizeGreaterThan(10)
        .allSatisfy(name -> assertThat(table).as("the README's command table").containsPattern("`" + name + "[ `]"));
  }

  @Test
  void javaExample_isTheOneTheBuildCompilesAndTests() throws IOException {
    assertThat(readme()).contains("```java\n" + Files.readString(JAVA_EXAMPLE) + "```\n");
  }

  @Test
  void emulatorExample_isTheTestTheBuildRuns() throws IOException {
    assertThat(readme()).contains("```java\n" + Files.readString(EMULATOR_EXAMPLE) + "```\n");
  }
}
