package dev.secretkit.cli;

import static dev.secretkit.cli.CliRun.secretctl;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs {@code secretctl validate} over secret-core's manifest fixtures: every valid one passes,
 * and every invalid one prints exactly the findings its {@code # expect:} comments state.
 */
class FixturesValidateTest {
  private static final Path MANIFESTS = Path.of("../secret-core/src/test/resources/manifests");
  private static final Path INVALID = MANIFESTS.resolve("invalid");

  static Stream<Path> invalidFixtures() throws IOException {
    try (Stream<Path> files = Files.list(INVALID)) {
      return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".json")).sorted()
          .toList().stream();
    }
  }

  @Test
  void validate_everyValidFixture_exitsZeroWithNoFindings() {
    Map<String, String> environment = Map.of("POSTGRES_USERNAME", "fake-user", "POSTGRES_PASSWORD", "fake-password");

    CliRun run = secretctl(environment, "validate", MANIFESTS.resolve("valid").toString());

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).matches("no errors, no warnings in \\d+ manifests \\(\\d+ files\\)\\R");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFixtures")
  void validate_invalidFixture_printsExactlyItsExpectedFindingsAndExitsThree(Path fixture) throws IOException {
    List<String> args = new ArrayList<>(List.of("validate"));
    Map<String, String> environment = new HashMap<>();
    List<String> expected = new ArrayList<>();
    List<String> directives = new ArrayList<>(Files.readAllLines(fixture, StandardCharsets.UTF_8));
    Path sidecar = fixture.resolveSibling(fixture.getFileName() + ".expect");
    if (Files.exists(sidecar)) {
      directives.addAll(Files.readAllLines(sidecar, StandardCharsets.UTF_8));
    }
    for (String line : directives) {
      if (line.startsWith("# profile: ")) {
        args.add("--source=" + line.substring("# profile: ".length()));
      } else if (line.equals("# interpolation: off")) {
        args.add("--disable-interpolation");
      } else if (line.startsWith("# env: ")) {
        String[] pair = line.substring("# env: ".length()).split("=", 2);
        environment.put(pair[0], pair[1]);
      } else if (line.startsWith("# expect: ")) {
        String[] parts = line.substring("# expect: ".length()).split(" ", 3);
        expected.add(fixture + ":" + parts[1] + ": " + parts[0] + ": " + parts[2]
            .replace("<dir>", INVALID.toAbsolutePath().normalize().toString()));
      }
    }
    args.add(fixture.toString());

    CliRun run = secretctl(environment, args.toArray(String[]::new));

    List<String> findings = run.out().lines().filter(line -> line.startsWith(fixture.toString())).toList();
    assertThat(findings).containsExactlyElementsOf(expected);
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).isEmpty();
  }
}
