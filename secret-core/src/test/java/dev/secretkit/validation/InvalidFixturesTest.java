package dev.secretkit.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.manifest.InvalidManifestException;
import dev.secretkit.manifest.ManifestDocument;
import dev.secretkit.manifest.ManifestReader;
import dev.secretkit.manifest.Validation;
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
 * Runs every manifest under {@code manifests/invalid}: each states, in comments, exactly what the
 * reader and validator must report.
 *
 * <p>Directives: {@code # expect: SEVERITY LINE:COL PATH: MESSAGE} (one per finding, all of
 * them, in the order reported), {@code # profile: NAME}, {@code # env: NAME=VALUE} and
 * {@code # interpolation: off}. JSON has no comments, so a {@code .json} fixture keeps its
 * directives in a sidecar file named after it with {@code .expect} appended. The fixture directory's absolute path is written {@code <dir>}.
 */
class InvalidFixturesTest {
  static final Path DIRECTORY = Path.of("src/test/resources/manifests/invalid");

  static Stream<Path> fixtures() throws IOException {
    try (Stream<Path> files = Files.list(DIRECTORY)) {
      return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".json")).sorted()
          .toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void validate_reportsExactlyTheExpectedFindings(Path fixture) throws IOException {
    Fixture spec = Fixture.parse(fixture);

    List<String> actual = findings(fixture, spec);

    assertThat(spec.expected).as("a fixture under invalid/ expects at least one error")
        .anyMatch(line -> line.startsWith("error "));
    assertThat(actual).as(fixture.getFileName().toString()).containsExactlyElementsOf(spec.expected);
  }

  @Test
  void fixtures_coverAtLeastEightyInvalidVariants() throws IOException {
    assertThat(fixtures().count()).isGreaterThanOrEqualTo(80);
  }

  static List<String> findings(Path fixture, Fixture spec) {
    ManifestReader reader = ManifestReader.builder()
        .environment(spec.environment)
        .interpolation(spec.interpolation)
        .build();
    Validator validator = spec.profile == null ? Validator.standard() : Validator.forProfile(spec.profile);
    List<Validation> validations = new ArrayList<>();
    try {
      for (ManifestDocument document : reader.read(fixture)) {
        validations.add(validator.validate(document));
      }
    } catch (InvalidManifestException e) {
      validations.addAll(e.validations());
    }
    return validations.stream()
        .flatMap(v -> v.violations().stream())
        .map(v -> v.severity().label() + " " + v.line() + ":" + v.column() + " " + v.path() + ": " + v.message())
        .map(line -> line.replace(DIRECTORY.toAbsolutePath().toString(), "<dir>"))
        .toList();
  }

  /** The directives of one fixture. */
  static final class Fixture {
    final List<String> expected = new ArrayList<>();
    final Map<String, String> environment = new HashMap<>();
    String profile;
    boolean interpolation = true;

    static Fixture parse(Path file) throws IOException {
      Fixture fixture = new Fixture();
      List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
      Path sidecar = file.resolveSibling(file.getFileName() + ".expect");
      if (Files.exists(sidecar)) {
        lines.addAll(Files.readAllLines(sidecar, StandardCharsets.UTF_8));
      }
      for (String line : lines) {
        String text = line.strip();
        if (text.startsWith("# expect: ")) {
          fixture.expected.add(text.substring("# expect: ".length()));
        } else if (text.startsWith("# profile: ")) {
          fixture.profile = text.substring("# profile: ".length());
        } else if (text.startsWith("# env: ")) {
          String[] pair = text.substring("# env: ".length()).split("=", 2);
          fixture.environment.put(pair[0], pair[1]);
        } else if (text.equals("# interpolation: off")) {
          fixture.interpolation = false;
        }
      }
      return fixture;
    }
  }
}
