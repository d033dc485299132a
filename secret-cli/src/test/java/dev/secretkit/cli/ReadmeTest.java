package dev.secretkit.cli;

import static dev.secretkit.cli.CliRun.secretctl;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The output the README's quick start shows is the output secretctl gives. */
class ReadmeTest {
  private static final Path ROOT = Path.of("..");
  private static final String COMMAND = "bin/secretctl validate examples/manifests/broken.yaml";

  @Test
  void quickStart_brokenManifestOutput_isWhatTheReadmeShows() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    int command = readme.indexOf(COMMAND + "\n```\n\n```\n");
    assertThat(command).as("the README shows the output of '%s'", COMMAND).isNotNegative();
    int start = readme.indexOf("```\n\n```\n", command) + "```\n\n```\n".length();
    String shown = readme.substring(start, readme.indexOf("\n```", start) + 1);

    CliRun run = secretctl("validate", "../examples/manifests/broken.yaml");

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.out().replace("../examples/", "examples/")).isEqualToNormalizingNewlines(shown);
  }
}
